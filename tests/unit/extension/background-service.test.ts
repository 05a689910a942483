import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BackgroundService, PENDING_OPEN_KEY, type BackgroundDeps } from '../../../models/background-service';
import { MemoryTransport } from '../../../models/memory-transport';
import { allowNotifications, promptState, refuseNotifications, revisitNotifications } from '../../../models/notification-permission';
import { saveConnection } from '../../../models/session';
import { agent, settle, summary, welcome } from '../../helpers/extension-fixtures';

const me = { id: 'a1', name: 'Ada' };

function setup(permitted = true, idle?: BackgroundDeps['idle']) {
  const transports: MemoryTransport[] = [];
  const openPanel = vi.fn(async () => {});
  const refresh = vi.fn(async () => ({ token: 'tok', expiresAt: 1_700_000_000_000, agent: agent() }));
  const deps: BackgroundDeps = {
    session: { token: async () => 'tok', invalidate: async () => {}, msUntilRefresh: async () => 1000, refresh },
    makeTransport: () => {
      const t = new MemoryTransport();
      transports.push(t);
      return t;
    },
    permission: { contains: async () => permitted },
    openPanel,
    iconUrl: 'chrome-extension://x/icon/128.png',
    idle,
  };
  return { service: new BackgroundService(deps), transports, openPanel, refresh };
}

async function connected(permitted = true, over: Record<string, unknown> = {}, idle?: BackgroundDeps['idle']) {
  await saveConnection({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
  const s = setup(permitted, idle);
  await s.service.start();
  const t = s.transports[0]!;
  t.open();
  await settle();
  t.push(welcome(over));
  await settle();
  return { ...s, t };
}

const notifications = async () => Object.values(await fakeBrowser.notifications.getAll()) as { title: string; message: string; silent?: boolean }[];

describe('background service', () => {
  beforeEach(() => fakeBrowser.reset());

  it('does not connect before settings exist, and connects once they are saved', async () => {
    const { service, transports } = setup();
    await service.start();
    expect(transports).toHaveLength(0);
    await saveConnection({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
    await service.storageChanged({ connection: {} });
    expect(transports).toHaveLength(1);
  });

  it('keeps the badge at Unassigned + my unread chats', async () => {
    const { t } = await connected(true, {
      conversations: [summary({ id: 'u1' }), summary({ id: 'm1', status: 'active', assignee: me, unread: 2 }), summary({ id: 'm2', status: 'active', assignee: me, unread: 0 })],
    });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    t.push({ type: 'conversation', conversation: summary({ id: 'u2' }) });
    await settle();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
    t.push({ type: 'conversation-removed', id: 'u1' });
    t.push({ type: 'conversation-removed', id: 'u2' });
    t.push({ type: 'conversation', conversation: summary({ id: 'm1', status: 'active', assignee: me, unread: 0 }) });
    await settle();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('shows a notification for a notify frame, silent unless sound is on', async () => {
    const { t } = await connected();
    t.push({ type: 'notify', event: 'new-unassigned', conversation: summary({ id: 'c9' }) });
    await settle();
    expect(await notifications()).toEqual([expect.objectContaining({ title: 'New conversation', message: 'Blue Fox is waiting in Unassigned', silent: true })]);
  });

  it('shows nothing while offline, without permission, or for a focused chat', async () => {
    const offline = await connected(true, { me: agent({ online: false }) });
    offline.t.push({ type: 'notify', event: 'new-unassigned', conversation: summary() });
    await settle();
    expect(await notifications()).toHaveLength(0);

    fakeBrowser.reset();
    const denied = await connected(false);
    denied.t.push({ type: 'notify', event: 'new-unassigned', conversation: summary() });
    await settle();
    expect(await notifications()).toHaveLength(0);

    fakeBrowser.reset();
    const focused = await connected();
    focused.service.focusedConversationId = 'm1';
    const conversation = summary({ id: 'm1', status: 'active', assignee: me });
    focused.t.push({ type: 'notify', event: 'new-message', conversation, text: 'hi' });
    await settle();
    expect(await notifications()).toHaveLength(0);
    focused.service.focusedConversationId = null;
    focused.t.push({ type: 'notify', event: 'new-message', conversation, text: 'hi again' });
    await settle();
    expect((await notifications()).map((n) => n.message)).toEqual(['hi again']);
  });

  it('an open panel that chimes gets the same events silent: one sound, not two', async () => {
    const { service, t } = await connected(true, { settings: { ...welcome().settings, sound: true } });
    const panel = {};
    const fresh = summary({ id: 'u5' });
    const mine = summary({ id: 'm5', status: 'active', assignee: me });
    const silent = async () => (await notifications()).map((n) => n.silent);
    const push = async (frame: Record<string, unknown>) => {
      t.push(frame);
      await settle();
    };

    // Sound on, no panel: the system's notification sound.
    await push({ type: 'notify', event: 'new-unassigned', conversation: fresh });
    expect(await silent()).toEqual([false]);

    // A panel whose audio is unlocked chimes for new chats and visitor messages: those are silent.
    fakeBrowser.reset();
    service.panelReport(panel, { conversationId: null, chime: true });
    await push({ type: 'notify', event: 'new-unassigned', conversation: fresh });
    expect(await silent()).toEqual([true]);
    fakeBrowser.reset();
    await push({ type: 'notify', event: 'new-message', conversation: mine, text: 'hi' });
    expect(await silent()).toEqual([true]);
    // It does not chime for an assignment: that notification keeps its sound.
    fakeBrowser.reset();
    await push({ type: 'notify', event: 'assigned-to-you', conversation: mine });
    expect(await silent()).toEqual([false]);

    // A panel not (or no longer) chiming, or closed: the sound is the notification's again.
    fakeBrowser.reset();
    service.panelReport(panel, { conversationId: null, chime: false });
    await push({ type: 'notify', event: 'new-message', conversation: mine, text: 'again' });
    expect(await silent()).toEqual([false]);
    fakeBrowser.reset();
    service.panelReport(panel, { conversationId: 'x', chime: true });
    service.panelReport(panel, null);
    expect(service.focusedConversationId).toBeNull();
    await push({ type: 'notify', event: 'new-message', conversation: mine, text: 'closed' });
    expect(await silent()).toEqual([false]);
  });

  it('a reminder (Re-notify every) shows the chat’s notification again in its place, with a sound even with Sound off', async () => {
    const { service, t } = await connected();
    const fresh = summary({ id: 'u7' });
    const shown = async () => (await notifications()).map((n) => `${n.title} | ${n.message} | silent ${n.silent}`);
    t.push({ type: 'notify', event: 'new-unassigned', conversation: fresh });
    await settle();
    expect(await shown()).toEqual(['New conversation | Blue Fox is waiting in Unassigned | silent true']);
    t.push({ type: 'notify', event: 'new-unassigned', conversation: fresh, repeat: true, sound: true });
    await settle();
    // One notification, replaced (Chrome clears the old one first and shows the new: it pops up again).
    expect(await shown()).toEqual(['Still waiting | Blue Fox is still waiting in Unassigned | silent false']);
    // With a panel that chimes, the panel plays it: the toast is silent.
    service.panelReport({}, { conversationId: null, chime: true });
    const mine = summary({ id: 'm7', status: 'active', assignee: me });
    t.push({ type: 'notify', event: 'assigned-to-you', conversation: mine, repeat: true, sound: true });
    await settle();
    expect(await shown()).toContain('Waiting for your reply | Blue Fox is waiting for your reply | silent true');
  });

  it('“… is waiting in Unassigned” goes away once someone takes the chat', async () => {
    const { t } = await connected();
    t.push({ type: 'notify', event: 'new-unassigned', conversation: summary({ id: 'u8' }) });
    t.push({ type: 'notify', event: 'new-unassigned', conversation: summary({ id: 'u9' }) });
    await settle();
    expect(await notifications()).toHaveLength(2);
    t.push({ type: 'conversation', conversation: summary({ id: 'u8', status: 'active', assignee: { id: 'a2', name: 'Bob' } }) });
    await settle();
    expect((await notifications()).map((n) => n.message)).toEqual(['Blue Fox is waiting in Unassigned']);
    t.push({ type: 'conversation-removed', id: 'u9' });
    await settle();
    expect(await notifications()).toHaveLength(0);
  });

  it('idle detection: the worker sets the agent Away and back through its socket, and asks again on each welcome', async () => {
    const api = { state: 'active' as 'active' | 'idle' | 'locked', intervals: [] as number[], setDetectionInterval: (s: number) => void api.intervals.push(s), queryState: async () => api.state };
    const { service, t } = await connected(true, {}, api);
    const statuses = () => t.ofType<{ status: string }>('set-status').map((f) => f.status);
    expect(api.intervals).toEqual([600]);
    // The room answers each set-status: the next decision waits for it.
    const answered = async (decided: Promise<void>) => {
      await settle();
      t.push({ type: 'ok', ref: t.last<{ ref: string }>().ref });
      await decided;
    };
    await answered(service.idleChanged('idle'));
    expect(statuses()).toEqual(['away']);
    await answered(service.idleChanged('active'));
    expect(statuses()).toEqual(['away', 'online']);
    // The panel changes the minutes: the detection follows.
    await fakeBrowser.storage.local.set({ idleAwayMinutes: 30 });
    await service.storageChanged({ idleAwayMinutes: {} });
    expect(api.intervals).toEqual([600, 1800]);
    // The worker slept through the agent leaving: the next welcome finds the browser idle.
    api.state = 'idle';
    t.drop();
    t.open();
    await settle();
    t.push(welcome());
    await settle();
    expect(statuses()).toEqual(['away', 'online', 'away']);
  });

  it('notificationClicked opens the panel first, within the click (before any await), then stores the target', async () => {
    const { service, openPanel } = await connected();
    const order: string[] = [];
    openPanel.mockImplementation(async () => void order.push('open'));
    const realSet = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    const spy = vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation((items) => {
      order.push('store');
      return realSet(items);
    });
    const clicked = service.notificationClicked('conv:c42:new-unassigned:1');
    // Still inside the click listener's synchronous part: the gesture is there.
    expect(order).toEqual(['open', 'store']);
    expect(openPanel).toHaveBeenCalledTimes(1);
    await clicked;
    spy.mockRestore();
    expect((await fakeBrowser.storage.local.get(PENDING_OPEN_KEY))[PENDING_OPEN_KEY]).toBe('c42');
    await service.notificationClicked('not-ours');
    expect(openPanel).toHaveBeenCalledTimes(1);
  });

  it('a panel that cannot open is reported in the console, and the target is still stored', async () => {
    const { service, openPanel } = await connected();
    openPanel.mockImplementation(async () => {
      throw new Error('`sidePanel.open()` may only be called in response to a user gesture.');
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await service.notificationClicked('conv:c7:new-message:2');
    expect(error).toHaveBeenCalledWith(expect.stringContaining('could not open the side panel'), expect.any(Error));
    error.mockRestore();
    expect((await fakeBrowser.storage.local.get(PENDING_OPEN_KEY))[PENDING_OPEN_KEY]).toBe('c7');
  });

  it('the revive alarm reconnects a dropped socket and refreshes a due token', async () => {
    const { service, t, refresh } = await connected();
    t.drop();
    await service.alarm();
    expect(t.reconnects).toBe(1);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('the heartbeat pings the workspace room', async () => {
    const { service, t } = await connected();
    service.heartbeat();
    expect(t.last()).toEqual({ type: 'ping' });
  });
});

describe('notification permission prompt', () => {
  beforeEach(() => fakeBrowser.reset());
  const api = (granted: boolean, answer: boolean) => ({ contains: async () => granted, request: vi.fn(async () => answer) });

  it('asks until refused, remembers the refusal, and can be revisited', async () => {
    expect(await promptState(api(false, false))).toBe('ask');
    await refuseNotifications();
    expect(await promptState(api(false, false))).toBe('refused');
    await revisitNotifications();
    expect(await promptState(api(false, false))).toBe('ask');
  });

  it('a block in the browser prompt counts as a refusal; a grant clears it', async () => {
    expect(await allowNotifications(api(false, false))).toBe('refused');
    expect(await promptState(api(false, false))).toBe('refused');
    expect(await allowNotifications(api(false, true))).toBe('granted');
    expect(await promptState(api(true, true))).toBe('granted');
  });
});
