// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { emptyDetails, type ConversationView, type Entry } from '../../../protocol';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ConversationClient, outboxKey } from '../../../models/conversation-client';
import { MemoryTransport } from '../../../models/memory-transport';
import { Transcript } from '../../../ui/sidepanel/Transcript';
import { settle, summary } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

const view = (lastSeq: number): ConversationView => ({
  ...summary({ id: 'c1', status: 'active', assignee: { id: 'a1', name: 'Ada' } }),
  workspaceId: 'acme',
  context: { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 'Firefox', timezone: 'Europe/Paris' },
  answers: {},
  waitUntil: null,
  lastSeq,
  seen: { visitor: 0, agent: 0 },
});
const line = (seq: number): Entry => ({ kind: 'message', seq, id: `id-${seq}`, from: seq % 2 ? 'visitor' : 'agent', text: `line ${seq}`, at: 1_700_000_000_000 + seq * 1000 });
const ROW = 30; // a pretend row height: happy-dom lays nothing out

async function mount(count: number) {
  const transport = new MemoryTransport();
  const client = new ConversationClient({ transport, token: async () => 'tok' });
  transport.open();
  await settle();
  const entries = Array.from({ length: count }, (_, i) => line(i + 1));
  transport.push({ type: 'welcome', role: 'agent', v: 1, conversation: view(count), entries, details: emptyDetails() });
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<Transcript client={client} visitorName="Vera" />, el));
  const list = el.querySelector('ol')!;
  Object.defineProperty(list, 'scrollHeight', { get: () => list.children.length * ROW });
  const shown = () => [...list.querySelectorAll('.msg p')].map((p) => p.textContent);
  const button = () => [...el.querySelectorAll('button')].find((b) => b.textContent === 'Show earlier messages') ?? null;
  return { el, list, shown, button };
}

let restore: () => void;
beforeAll(() => (restore = useLocale('en')));
afterAll(() => restore());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('transcript: Show earlier messages', () => {
  it('reveals the next 100 older entries per activation, then goes away when all are shown', async () => {
    const { list, shown, button } = await mount(250);
    expect(shown()).toHaveLength(40);
    expect(shown()[0]).toBe('line 211');
    expect(button()).not.toBeNull();
    expect(list.contains(button())).toBe(false); // outside the scroller, so focusing it loads nothing by itself

    button()!.focus();
    await act(() => button()!.click());
    expect(shown()).toHaveLength(140);
    expect(shown()[0]).toBe('line 111');
    expect(shown().at(-1)).toBe('line 250');

    await act(() => button()!.click());
    expect(shown()[0]).toBe('line 11');
    await act(() => button()!.click());
    expect(shown()).toHaveLength(250);
    expect(shown()[0]).toBe('line 1');
    expect(button()).toBeNull();
    // The button that had focus is gone: focus lands on the transcript, not on <body>.
    expect(document.activeElement).toBe(list);
  });

  it('keeps the view in place: the lines the agent was reading stay where they were', async () => {
    const { list, button } = await mount(250);
    list.scrollTop = 600;
    const before = list.scrollHeight;
    await act(() => button()!.click());
    // 100 rows were added above: scrolled down by exactly their height.
    expect(list.scrollHeight - before).toBe(100 * ROW);
    expect(list.scrollTop).toBe(600 + 100 * ROW);
  });

  it('is not there for a short chat', async () => {
    const { shown, button } = await mount(40);
    expect(shown()).toHaveLength(40);
    expect(button()).toBeNull();
  });
});

describe('transcript: live region', () => {
  async function open(count: number) {
    const transport = new MemoryTransport();
    const client = new ConversationClient({ transport, token: async () => 'tok' });
    transport.open();
    await settle();
    const entries = Array.from({ length: count }, (_, i) => line(i + 1));
    transport.push({ type: 'welcome', role: 'agent', v: 1, conversation: view(count), entries, details: emptyDetails() });
    const el = document.body.appendChild(document.createElement('div'));
    await act(() => render(<Transcript client={client} visitorName="Vera" />, el));
    const live = () => el.querySelector<HTMLElement>('[aria-live="polite"]:not(.typing)')!;
    const push = (frame: unknown) => act(() => transport.push(frame));
    const button = () => [...el.querySelectorAll('button')].find((b) => b.textContent === 'Show earlier messages') ?? null;
    return { el, transport, client, live, push, button };
  }
  const visitor = (seq: number, text: string): Entry => ({ kind: 'message', seq, id: `v-${seq}`, from: 'visitor', text, at: 1_700_000_000_000 + seq * 1000 });

  it('the transcript itself is not live; one hidden region is, and says nothing when a chat with history opens', async () => {
    const { el, live } = await open(250);
    expect(el.querySelector('ol')!.hasAttribute('aria-live')).toBe(false);
    expect(live().classList.contains('visually-hidden')).toBe(true);
    expect(live().textContent).toBe('');
  });

  it('announces a visitor message that arrives, not my own, and not older lines revealed', async () => {
    const { live, push, button } = await open(250);
    await push({ type: 'entries', entries: [visitor(251, 'Is it in stock?')] });
    expect(live().textContent).toBe('Vera: Is it in stock?');
    await push({ type: 'entries', entries: [{ kind: 'message', seq: 252, id: 'mine', from: 'agent', text: 'Yes', at: 1_700_000_252_000 }] });
    expect(live().textContent).toBe('');
    await push({ type: 'entries', entries: [visitor(253, 'Great')] });
    await act(() => button()!.click());
    expect(live().textContent).toBe('Vera: Great');
  });

  it('announces events, and not the replay a reconnect brings', async () => {
    const { live, push } = await open(10);
    await push({ type: 'entries', entries: [{ kind: 'event', seq: 11, id: 'e-11', event: 'closed', at: 1_700_000_011_000 }] });
    expect(live().textContent).toBe('Closed');
    // The socket comes back: the welcome and its replay pages hold what was missed.
    await push({ type: 'welcome', role: 'agent', v: 1, conversation: view(14), entries: [visitor(12, 'missed 1')], details: emptyDetails() });
    await push({ type: 'entries', entries: [visitor(13, 'missed 2'), visitor(14, 'missed 3')] });
    expect(live().textContent).toBe('Closed');
    await push({ type: 'entries', entries: [visitor(15, 'Back')] });
    expect(live().textContent).toBe('Vera: Back');
  });

  it('speaks French', async () => {
    restore();
    const back = useLocale('fr');
    try {
      const { live, push } = await open(3);
      await push({ type: 'entries', entries: [visitor(4, 'Bonjour')] });
      expect(live().textContent).toBe('Vera : Bonjour');
    } finally {
      back();
      restore = useLocale('en');
    }
  });
});

describe('transcript: routing in words', () => {
  const ev = (seq: number, event: 'joined' | 'unassigned' | 'reassigned', over: Partial<Extract<Entry, { kind: 'event' }>> = {}): Entry => ({ kind: 'event', seq, id: `e-${seq}`, event, at: 1_700_000_000_000 + seq * 1000, ...over });
  const bob = { id: 'a2', name: 'Bob' };
  const cid = { id: 'a3', name: 'Cid' };

  async function open(entries: Entry[], lang: 'en' | 'fr' = 'en') {
    const back = useLocale(lang);
    const transport = new MemoryTransport();
    const client = new ConversationClient({ transport, token: async () => 'tok' });
    transport.open();
    await settle();
    transport.push({ type: 'welcome', role: 'agent', v: 1, conversation: view(entries.length), entries, details: emptyDetails() });
    const el = document.body.appendChild(document.createElement('div'));
    await act(() => render(<Transcript client={client} visitorName="Vera" />, el));
    const events = () => [...el.querySelectorAll('.event span')].map((s) => s.textContent);
    const live = () => el.querySelector<HTMLElement>('[aria-live="polite"]:not(.typing)')!.textContent;
    return { events, live, back, push: (frame: unknown) => act(() => transport.push(frame)) };
  }

  it('says who routing gave the chat to, and who did not reply in time (named from the log), shown and announced', async () => {
    const { events, live, push, back } = await open([ev(1, 'joined', { agent: bob, cause: 'routed' }), ev(2, 'unassigned', { cause: 'no-reply' }), ev(3, 'joined', { agent: cid, cause: 'routed' })]);
    back();
    expect(events()).toEqual(['Assigned to Bob by routing', 'Bob did not reply in time: back to Unassigned', 'Assigned to Cid by routing']);
    await push({ type: 'entries', entries: [ev(4, 'unassigned', { cause: 'no-reply' })] });
    expect(live()).toBe('Cid did not reply in time: back to Unassigned');
    // A claim by hand keeps its words; an unassignment by a person too.
    await push({ type: 'entries', entries: [ev(5, 'joined', { agent: bob, by: bob }), ev(6, 'unassigned', { by: bob })] });
    expect(events().slice(-2)).toEqual(['Bob joined', 'Moved to Unassigned']);
  });

  it('without the assignment in the log, the no-reply event still says what happened; in French too', async () => {
    const en = await open([ev(1, 'unassigned', { cause: 'no-reply' })]);
    en.back();
    expect(en.events()).toEqual(['No reply in time: back to Unassigned']);
    document.body.innerHTML = '';
    const fr = await open([ev(1, 'reassigned', { agent: bob, by: cid }), ev(2, 'unassigned', { cause: 'no-reply' }), ev(3, 'joined', { agent: cid, cause: 'routed' })], 'fr');
    try {
      expect(fr.events()).toEqual(['Réassignée à Bob', "Bob n'a pas répondu à temps : retour dans Non assignées", 'Assignée à Cid par le routage']);
    } finally {
      fr.back();
    }
  });
});

describe('transcript: refused messages', () => {
  async function refused(lang: 'en' | 'fr' = 'en') {
    fakeBrowser.reset();
    const transport = new MemoryTransport();
    const client = new ConversationClient({ transport, token: async () => 'tok', conversationId: 'c1' });
    transport.open();
    await settle();
    transport.push({ type: 'welcome', role: 'agent', v: 1, conversation: view(1), entries: [line(1)], details: emptyDetails() });
    await client.restored;
    client.send('first');
    client.send('second');
    const el = document.body.appendChild(document.createElement('div'));
    await act(() => render(<Transcript client={client} visitorName="Vera" />, el));
    const ids = transport.ofType<{ id: string }>('send').map((s) => s.id);
    await act(() => {
      transport.push({ type: 'error', code: 'forbidden', message: 'Assign this conversation to yourself before answering', ref: ids[0] });
      transport.push({ type: 'error', code: 'forbidden', message: 'Assign this conversation to yourself before answering', ref: ids[1] });
    });
    const rows = () => [...el.querySelectorAll<HTMLElement>('li.refused')];
    const buttons = (row: HTMLElement) => [...row.querySelectorAll('button')].map((b) => b.textContent);
    return { el, transport, client, rows, buttons, lang };
  }

  it('shows each with its reason, Retry and Discard; Discard removes it from the view and from storage', async () => {
    const { el, transport, rows, buttons } = await refused();
    expect(rows()).toHaveLength(2);
    expect(rows()[0]!.querySelector('.error')!.textContent).toBe('Assign this conversation to yourself before answering');
    expect(buttons(rows()[0]!)).toEqual(['Retry', 'Discard']);
    const discard = rows()[0]!.querySelectorAll('button')[1]!;
    expect(discard.getAttribute('aria-describedby')).toMatch(/^out-\S+ why-\S+$/);
    discard.focus();
    await act(() => discard.click());
    await settle();
    expect(rows().map((r) => r.querySelector('p')!.textContent)).toEqual(['second']);
    expect(document.activeElement).toBe(el.querySelector('ol'));
    const left = (await fakeBrowser.storage.local.get(outboxKey('c1')))[outboxKey('c1')] as { text: string }[];
    expect(left.map((m) => m.text)).toEqual(['second']);
    // Retry: sent again, shown as sending.
    const before = transport.ofType('send').length;
    await act(() => rows()[0]!.querySelector('button')!.click());
    expect(transport.ofType('send')).toHaveLength(before + 1);
    expect(rows()).toHaveLength(0);
    expect(el.querySelector('li.pending .meta')!.textContent).toBe('Sending…');
  });

  it('offers no Retry once the chat is closed; French names', async () => {
    restore();
    const back = useLocale('fr');
    try {
      const { transport, rows, buttons } = await refused('fr');
      expect(buttons(rows()[0]!)).toEqual(['Réessayer', 'Supprimer']);
      await act(() => transport.push({ type: 'state', role: 'agent', conversation: { ...view(1), status: 'closed', closedAt: 1_700_000_000_009 } }));
      expect(buttons(rows()[0]!)).toEqual(['Supprimer']);
    } finally {
      back();
      restore = useLocale('en');
    }
  });
});
