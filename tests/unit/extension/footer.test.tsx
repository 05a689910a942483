// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AUTO_AWAY_KEY, IDLE_MINUTES_KEY } from '../../../models/idle-away';
import { MemoryTransport } from '../../../models/memory-transport';
import type { NotifyTestReport } from '../../../models/notification-test';
import { StatusPrefs } from '../../../models/status-prefs';
import { WorkspaceClient } from '../../../models/workspace-client';
import { Footer } from '../../../ui/sidepanel/Footer';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

const report = (over: Partial<NotifyTestReport> = {}): NotifyTestReport => ({ desktop: { shown: true }, sound: 'played', away: false, allOff: false, soundOff: false, ...over });

async function mount(me = agent({ online: false, status: 'away' }), opts: { test?: () => Promise<NotifyTestReport>; allow?: () => Promise<unknown> } = {}) {
  const transport = new MemoryTransport();
  const ws = new WorkspaceClient({ transport, token: async () => 'tok' });
  const prefs = new StatusPrefs();
  await prefs.load();
  transport.open();
  await settle();
  transport.push(welcome({ me }));
  const el = document.body.appendChild(document.createElement('div'));
  const tests: number[] = [];
  const onTest = opts.test ?? (async () => (tests.push(1), report()));
  await act(() => render(<Footer ws={ws} prefs={prefs} prompt={null} onRevisit={() => {}} onTest={onTest} onAllow={opts.allow ?? (() => {})} />, el));
  const radio = (name: string) => [...el.querySelectorAll<HTMLButtonElement>('[role=radio]')].find((b) => b.textContent === name)!;
  const status = () => el.querySelector('.footer-status')!.textContent;
  const lastRef = () => transport.ofType<{ ref: string }>('set-status').at(-1)!.ref;
  const click = (b: Element) => act(async () => {
    (b as HTMLElement).click();
    await settle();
  });
  const button = (name: string) => [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name)!;
  return { transport, ws, prefs, el, radio, status, lastRef, click, button, tests };
}

let restore: () => void;
beforeAll(() => (restore = useLocale('en')));
afterAll(() => restore());
beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('side panel footer: the status control', () => {
  it('is a radio group named Status, Online or Away, and stays on the choice once the room says ok', async () => {
    const { transport, el, radio, click, lastRef, status } = await mount();
    expect(el.querySelector('[role=radiogroup]')!.getAttribute('aria-label')).toBe('Status');
    expect(radio('Away').getAttribute('aria-checked')).toBe('true');
    expect(radio('Online').getAttribute('aria-checked')).toBe('false');
    expect(status()).toBe('Away: no chats are routed to you, no notifications.');
    await click(radio('Online'));
    expect(transport.ofType('set-status').at(-1)).toMatchObject({ status: 'online' });
    expect(radio('Online').getAttribute('aria-checked')).toBe('true');
    await act(async () => {
      transport.push({ type: 'ok', ref: lastRef() });
      await settle();
    });
    expect(radio('Online').getAttribute('aria-checked')).toBe('true');
    // One Tab stop: the checked choice.
    expect([radio('Online').tabIndex, radio('Away').tabIndex]).toEqual([0, -1]);
    expect(status()).toBe('');
  });

  it('arrows choose, as in a radio group', async () => {
    const { transport, el, radio } = await mount(agent({ online: true, status: 'online' }));
    await act(async () => {
      el.querySelector('[role=radiogroup]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      await settle();
    });
    expect(transport.ofType('set-status').at(-1)).toMatchObject({ status: 'away' });
    expect(radio('Away').getAttribute('aria-checked')).toBe('true');
  });

  it('goes back and says why when the room refuses', async () => {
    const { transport, radio, click, status, lastRef } = await mount();
    await click(radio('Online'));
    await act(async () => {
      transport.push({ type: 'error', code: 'forbidden', message: 'Not allowed to go online', ref: lastRef() });
      await settle();
    });
    expect(radio('Online').getAttribute('aria-checked')).toBe('false');
    expect(radio('Away').getAttribute('aria-checked')).toBe('true');
    expect(status()).toBe('Status not changed: Not allowed to go online');
    // The next try clears the old reason.
    await click(radio('Online'));
    expect(status()).not.toContain('Status not changed');
    expect(transport.ofType('set-status')).toHaveLength(2);
  });

  it('says Offline while not connected (it is no choice): both disabled, none checked', async () => {
    const { transport, radio, status } = await mount(agent({ online: true, status: 'online' }));
    await act(async () => {
      transport.drop();
      await settle();
    });
    expect(status()).toBe('Offline: Reconnecting…');
    for (const name of ['Online', 'Away']) {
      expect(radio(name).disabled).toBe(true);
      expect(radio(name).getAttribute('aria-checked')).toBe('false');
    }
  });

  it('a chosen status ends idle detection’s claim: the stored flag goes before the room is asked', async () => {
    await fakeBrowser.storage.local.set({ [AUTO_AWAY_KEY]: true, [IDLE_MINUTES_KEY]: 15 });
    const { transport, radio, click, status } = await mount();
    expect(status()).toBe('Away after 15 idle minutes: Online again when you return.');
    await click(radio('Online'));
    expect((await fakeBrowser.storage.local.get(AUTO_AWAY_KEY))[AUTO_AWAY_KEY]).toBe(false);
    expect(transport.ofType('set-status')).toHaveLength(1);
  });
});

describe('side panel footer: the drawer (idle minutes, Test notifications)', () => {
  it('opens from its button, stores the idle minutes the agent picks, and explains Offline', async () => {
    const { el, button, click, prefs } = await mount();
    const toggle = button('Status and alerts');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const drawer = el.querySelector(`#${CSS.escape(toggle.getAttribute('aria-controls')!)}`)!;
    expect(drawer.getAttribute('aria-label')).toBe('Status and alerts');
    expect(drawer.textContent).toContain('Offline is automatic');
    const select = drawer.querySelector('select')!;
    expect(el.querySelector(`label[for="${select.id}"]`)!.textContent).toBe('Set me Away when idle for');
    expect(select.value).toBe('10');
    expect([...select.options].map((o) => o.textContent)).toEqual(['Never', '5 minutes', '10 minutes', '15 minutes', '30 minutes', '60 minutes']);
    await act(async () => {
      select.value = '30';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await settle();
    });
    expect((await fakeBrowser.storage.local.get(IDLE_MINUTES_KEY))[IDLE_MINUTES_KEY]).toBe(30);
    expect(prefs.idleMinutes.value).toBe(30);
  });

  it('Test notifications says what works and, plainly, what is missing; Allow asks and tests again', async () => {
    const answers = [report({ desktop: { shown: false, why: 'permission' }, sound: 'blocked', away: true, soundOff: true }), report()];
    let allowed = 0;
    const { el, button, click } = await mount(undefined, { test: async () => answers.shift()!, allow: async () => void allowed++ });
    await click(button('Status and alerts'));
    await click(button('Test notifications'));
    const lines = () => [...el.querySelectorAll('.test-report li')].map((li) => `${li.className}: ${li.textContent}`);
    expect(el.querySelector('.test-report')!.getAttribute('role')).toBe('status');
    expect(lines()).toEqual([
      'missing: ✗Desktop notifications are not allowed for Baton.Allow notifications',
      'missing: ✗Sound is blocked until you click in the panel. Click anywhere in it, then test again.',
      'missing: ✗You are Away: no chats and no notifications until you go Online.',
      'missing: ✗Sound is off (Options → Notifications): alerts are silent, reminders still ring.',
    ]);
    await click(button('Allow notifications'));
    expect(allowed).toBe(1);
    expect(lines()).toEqual([
      "ok: ✓Desktop notification shown. Nothing on screen? Turn on notifications for your browser in your system's settings.",
      'ok: ✓Sound played.',
    ]);
  });

  it('names a notification the browser refused, and one turned off in its settings', async () => {
    const answers = [report({ desktop: { shown: false, why: 'failed', detail: 'Unable to download all specified images.' } }), report({ desktop: { shown: false, why: 'denied' }, allOff: true, sound: 'unavailable' })];
    const { el, button, click } = await mount(undefined, { test: async () => answers.shift()! });
    await click(button('Status and alerts'));
    await click(button('Test notifications'));
    expect(el.querySelector('.test-report li')!.textContent).toContain('The browser did not show the notification: Unable to download all specified images.');
    await click(button('Test notifications'));
    const text = el.querySelector('.test-report')!.textContent;
    expect(text).toContain("Notifications from Baton are turned off in the browser's settings.");
    expect(text).toContain('This browser cannot play sound in the panel.');
    expect(text).toContain('All notifications are off (Options → Notifications).');
  });
});
