import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyDetails, type ConversationView } from '../../../protocol';
import { BackgroundService, type BackgroundDeps } from '../../../models/background-service';
import { ConversationClient, outboxKey } from '../../../models/conversation-client';
import { DetailsDraft } from '../../../models/details-draft';
import { MemoryTransport } from '../../../models/memory-transport';
import { PanelModel } from '../../../models/panel-model';
import { saveConnection } from '../../../models/session';
import type { RoomAddress } from '../../../models/transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { agent, settle, summary, welcome } from '../../helpers/extension-fixtures';

/*
 * Each model holds a Scope and disposes through it: after dispose nothing it started still runs, and
 * what arrives late (a second start, a restored outbox, a subscription) is undone at once.
 */

const me = { id: 'a1', name: 'Ada' };
const CONNECTION = { server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' };
const conversationView = (id: string): ConversationView => ({
  ...summary({ id, status: 'active', assignee: me }),
  workspaceId: 'acme',
  context: { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 'Firefox', timezone: 'Europe/Paris' },
  answers: {},
  waitUntil: null,
  lastSeq: 0,
  seen: { visitor: 0, agent: 0 },
});

function sockets() {
  const made: { address: RoomAddress; t: MemoryTransport }[] = [];
  const makeTransport = (address: RoomAddress) => {
    const t = new MemoryTransport();
    made.push({ address, t });
    return t;
  };
  return { made, makeTransport };
}

beforeEach(() => fakeBrowser.reset());

describe('WorkspaceClient and RoomConnection', () => {
  it('close() closes the transport, stops listening to it, and undoes every onFrame listener, even one added later', async () => {
    const t = new MemoryTransport();
    const client = new WorkspaceClient({ transport: t, token: async () => 'tok' });
    const early = vi.fn();
    client.onFrame(early);
    t.open();
    await settle();
    t.push(welcome());
    expect(early).toHaveBeenCalledTimes(1);
    client.close();
    expect(t.closedForGood).toBe(true);
    expect(t.listeners.size).toBe(0);
    const late = vi.fn();
    client.onFrame(late);
    // Whatever still reaches the client (a frame in flight) goes to nobody.
    (client as unknown as { apply(f: unknown): void }).apply({ type: 'settings', settings: client.settings.value });
    expect(early).toHaveBeenCalledTimes(1);
    expect(late).not.toHaveBeenCalled();
  });
});

describe('ConversationClient', () => {
  it('close() closes its socket and stops listening; the transport reports no retry', async () => {
    const t = new MemoryTransport();
    const client = new ConversationClient({ transport: t, token: async () => 'tok' });
    t.open();
    await settle();
    t.push({ type: 'welcome', role: 'agent', v: 1, conversation: conversationView('c1'), entries: [], details: emptyDetails() });
    client.close();
    expect(t.closedForGood).toBe(true);
    expect(t.listeners.size).toBe(0);
    expect(client.status.value).toBe('closed');
  });
});

describe('DetailsDraft', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('dispose() cancels the debounced save, and an edit after dispose schedules none', async () => {
    const save = vi.fn(async () => {});
    const draft = new DetailsDraft('c1', save, 400);
    draft.input('person.name', 'Jane');
    draft.dispose();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(save).not.toHaveBeenCalled();
    draft.input('person.name', 'Jane Doe');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(save).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('BackgroundService', () => {
  function makeService() {
    const { made, makeTransport } = sockets();
    const deps: BackgroundDeps = {
      session: { token: async () => 'tok', invalidate: async () => {}, msUntilRefresh: async () => 1000, refresh: async () => ({ token: 'tok', expiresAt: 0, agent: agent() }) },
      makeTransport,
      permission: { contains: async () => true },
      openPanel: async () => {},
      iconUrl: 'icon.png',
    };
    return { service: new BackgroundService(deps), made };
  }

  it('two starts at once (an alarm and a settings change) leave one workspace socket, not two', async () => {
    await saveConnection(CONNECTION);
    const { service, made } = makeService();
    await Promise.all([service.start(), service.start()]);
    const open = made.filter((s) => !s.t.closedForGood);
    expect(open).toHaveLength(1);
    expect(service.client).not.toBeNull();
    service.stop();
    expect(made.every((s) => s.t.closedForGood)).toBe(true);
  });

  it('after stop() the badge effect and the notify listener are gone', async () => {
    await saveConnection(CONNECTION);
    const { service, made } = makeService();
    await service.start();
    const t = made[0]!.t;
    t.open();
    await settle();
    t.push(welcome({ conversations: [summary({ id: 'u1' })] }));
    await settle();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    const client = service.client!;
    const notify = vi.spyOn(service, 'notify');
    service.stop();
    expect(service.client).toBeNull();
    // The old client's signals change (a frame already in flight): no badge update, no notification.
    client.conversations.value = new Map([['u1', summary({ id: 'u1' })], ['u2', summary({ id: 'u2' })]]);
    (client as unknown as { apply(f: unknown): void }).apply({ type: 'notify', event: 'new-unassigned', conversation: summary({ id: 'u3' }) });
    await settle();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(notify).not.toHaveBeenCalled();
  });

  it('a stop() while start() reads the settings wins: nothing connects', async () => {
    await saveConnection(CONNECTION);
    const { service, made } = makeService();
    const starting = service.start();
    service.stop();
    await starting;
    expect(made).toHaveLength(0);
    expect(service.client).toBeNull();
  });
});

describe('PanelModel', () => {
  beforeEach(async () => {
    await saveConnection(CONNECTION);
  });

  async function panel() {
    const { made, makeTransport } = sockets();
    const model = new PanelModel({ session: { token: async () => 'tok', invalidate: async () => {} }, makeTransport });
    return { model, made, open: () => made.filter((s) => !s.t.closedForGood) };
  }

  it('two starts at once leave one workspace socket', async () => {
    const { model, made, open } = await panel();
    await Promise.all([model.start(), model.start()]);
    expect(open()).toHaveLength(1);
    expect(model.workspace.value?.connection).toBeDefined();
    model.stop();
    expect(open()).toHaveLength(0);
    expect(model.workspace.value).toBeNull();
  });

  it('closing a chat undoes its effect: new details no longer reach its draft, and its socket closes after the flush', async () => {
    const { model, made } = await panel();
    await model.start();
    model.openChat('c1');
    const chat = model.chat.value!;
    const t = made.find((s) => s.address.room === 'c1')!.t;
    t.open();
    await settle();
    t.push({ type: 'welcome', role: 'agent', v: 1, conversation: conversationView('c1'), entries: [], details: emptyDetails() });
    const load = vi.spyOn(chat.draft, 'load');
    model.closeChat();
    expect(model.chat.value).toBeNull();
    chat.client.details.value = { ...emptyDetails(), notes: 'late' };
    expect(load).not.toHaveBeenCalled();
    await settle();
    expect(t.closedForGood).toBe(true);
  });

  it('stop() closes the open chat and every courier; a courier whose outbox is read after the stop leaves nothing running', async () => {
    await fakeBrowser.storage.local.set({ [outboxKey('c9')]: [{ id: 'm1', text: 'left unsent', at: 1 }] });
    const { model, made, open } = await panel();
    await model.start();
    model.openChat('c1');
    // The stop comes before the courier's stored outbox is read (its `restored` resolves after).
    await new Promise<void>((r) => queueMicrotask(r));
    model.stop();
    await settle();
    expect(model.chat.value).toBeNull();
    expect(open()).toHaveLength(0);
    // Nothing keeps watching the courier's client either: its status changes reach no effect.
    const courier = made.find((s) => s.address.room === 'c9');
    if (courier) expect(courier.t.listeners.size).toBe(0);
  });

  it('opening the chat a courier is delivering for closes that courier once', async () => {
    await fakeBrowser.storage.local.set({ [outboxKey('c9')]: [{ id: 'm1', text: 'left unsent', at: 1 }] });
    const { model, made } = await panel();
    await model.start();
    await settle();
    const courier = made.find((s) => s.address.room === 'c9')!.t;
    expect(courier.closedForGood).toBe(false);
    model.openChat('c9');
    expect(courier.closedForGood).toBe(true);
    const chatSocket = made.filter((s) => s.address.room === 'c9').at(-1)!.t;
    expect(chatSocket).not.toBe(courier);
    expect(chatSocket.closedForGood).toBe(false);
    // A later stop closes the chat's socket, and the courier's is not closed twice (nor revived).
    model.stop();
    await settle();
    expect(chatSocket.closedForGood).toBe(true);
  });
});
