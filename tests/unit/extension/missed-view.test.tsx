// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyDetails, type ConversationSummary, type ConversationView } from '../../../protocol';
import { MemoryTransport } from '../../../models/memory-transport';
import { shortTime } from '../../../models/i18n';
import { PanelModel } from '../../../models/panel-model';
import { saveConnection } from '../../../models/session';
import { StatusPrefs } from '../../../models/status-prefs';
import { App } from '../../../ui/sidepanel/App';
import { settle, summary, welcome } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

const me = { id: 'a1', name: 'Ada' };
const at = (h: number, m: number) => new Date(2030, 0, 2, h, m).getTime();
const conversations = [
  summary({ id: 'u1', visitorName: 'Una Waiting' }),
  summary({ id: 'x1', visitorName: 'Mia Missed', status: 'missed', missedAt: at(9, 5), lastActivityAt: at(9, 0) }),
  summary({ id: 'x2', visitorName: 'Max Missed', status: 'missed', missedAt: at(10, 30), lastActivityAt: at(8, 0) }),
  summary({ id: 'k1', visitorName: 'Cleo Closed', status: 'closed', closedAt: at(11, 0) }),
];
const viewOf = (c: ConversationSummary): ConversationView => ({
  ...c,
  workspaceId: 'acme',
  context: { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 'Firefox' },
  answers: {},
  waitUntil: null,
  lastSeq: 0,
  seen: { visitor: 0, agent: 0 },
});

let restore: () => void = () => {};

async function mount(lang: 'en' | 'fr' = 'en') {
  restore = useLocale(lang);
  const sockets: MemoryTransport[] = [];
  const model = new PanelModel({
    session: { token: async () => 'tok', invalidate: async () => {} },
    makeTransport: () => {
      const t = new MemoryTransport();
      sockets.push(t);
      return t;
    },
  });
  await model.start();
  sockets[0]!.open();
  await settle();
  sockets[0]!.push(welcome({ conversations }));
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<App model={model} focused={true} prompt={null} prefs={new StatusPrefs()} onTest={() => new Promise(() => {})} onAllow={() => {}} onRefuse={() => {}} onRevisit={() => {}} onOpenOptions={() => {}} />, el));
  const tabs = () => [...el.querySelectorAll('[role=tab][data-folder]')].map((t) => `${t.textContent}${t.getAttribute('aria-selected') === 'true' ? ' *' : ''}`);
  const rows = () => [...el.querySelectorAll('[role=option]')].map((r) => `${r.querySelector('.row-name')!.textContent} | ${r.querySelector('.row-time')!.textContent}`);
  const tab = (folder: string) => el.querySelector<HTMLElement>(`[role=tab][data-folder="${folder}"]`)!;
  const press = (target: Element, key: string) => act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })));
  return { model, el, sockets, tabs, rows, tab, press };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await saveConnection({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
});
afterEach(() => {
  render(null, document.body.firstElementChild!);
  document.body.innerHTML = '';
  restore();
});

describe('side panel: the Missed folder', () => {
  it('is a tab between Mine and Closed with its count; missed chats leave Closed', async () => {
    const { tabs } = await mount();
    expect(tabs()).toEqual(['Unassigned 1 *', 'Mine 0', 'Missed 2', 'Closed 1']);
  });

  it('arrows go round the four tabs, the focus with them, as before', async () => {
    const { tabs, tab, press } = await mount();
    tab('unassigned').focus();
    for (const expected of ['mine', 'missed', 'closed', 'unassigned']) {
      await press(document.activeElement!, 'ArrowRight');
      expect(document.activeElement).toBe(tab(expected));
    }
    await press(document.activeElement!, 'ArrowLeft');
    expect(tabs()).toEqual(['Unassigned 1', 'Mine 0', 'Missed 2', 'Closed 1 *']);
    expect([...document.querySelectorAll('[role=tab][data-folder]')].map((t) => (t as HTMLElement).tabIndex)).toEqual([-1, -1, -1, 0]);
  });

  it('lists them newest missed first, each saying when it was missed; the list is named Missed', async () => {
    const { el, rows, tab } = await mount();
    await act(() => tab('missed').click());
    expect(rows()).toEqual([`Max Missed | Missed ${shortTime(at(10, 30))}`, `Mia Missed | Missed ${shortTime(at(9, 5))}`]);
    expect(el.querySelector('[role=listbox]')!.getAttribute('aria-label')).toBe('Missed');
  });

  it('Assign to me takes a missed chat for follow-up: it moves to Mine and stays open', async () => {
    const { model, el, sockets, tab, tabs } = await mount();
    await act(() => tab('missed').click());
    await act(() => model.openChat('x2'));
    const chat = sockets.at(-1)!;
    chat.open();
    await settle();
    const missed = conversations.find((c) => c.id === 'x2')!;
    await act(() => chat.push({ type: 'welcome', role: 'agent', v: 2, conversation: viewOf(missed), entries: [], details: emptyDetails() }));
    expect(el.querySelector('.chat-title .muted')!.textContent).toMatch(/^Missed /);
    // Not "closed": it waits for someone to follow up.
    expect(el.querySelector('.readonly')!.textContent).toBe('Nobody took this chat in time. Assign it to yourself to follow up; its details can still be edited.');
    const assign = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Assign to me')!;
    expect(assign).toBeDefined();
    await act(() => assign.click());
    expect(chat.ofType('claim')).toHaveLength(1);
    // The room takes it and the workspace says so: Mine, opened, highlighted.
    const taken = { ...missed, status: 'active' as const, assignee: me };
    await act(async () => {
      chat.push({ type: 'ok', ref: chat.ofType<{ ref: string }>('claim')[0]!.ref });
      chat.push({ type: 'state', role: 'agent', conversation: viewOf(taken) });
      sockets[0]!.push({ type: 'conversation', conversation: taken });
      await settle();
    });
    expect(tabs()).toEqual(['Unassigned 1', 'Mine 1 *', 'Missed 1', 'Closed 1']);
    expect(model.chat.value?.id).toBe('x2');
    expect(el.querySelector('.chat-title .muted')!.textContent).toBe('Assigned to Ada');
  });

  it('is translated', async () => {
    const { tabs } = await mount('fr');
    expect(tabs()).toEqual(['Non assignées 1 *', 'Les miennes 0', 'Manquées 2', 'Fermées 1']);
  });
});
