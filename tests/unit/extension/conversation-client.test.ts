import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyDetails, type ConversationView, type Entry } from '../../../protocol';
import { ConversationClient } from '../../../models/conversation-client';
import { DetailsDraft, patchFrom } from '../../../models/details-draft';
import { MemoryTransport } from '../../../models/memory-transport';
import { RequestError } from '../../../models/room-connection';
import { settle, summary } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

const view = (over: Partial<ConversationView> = {}): ConversationView => ({
  ...summary({ id: 'c1', status: 'active', assignee: { id: 'a1', name: 'Ada' } }),
  workspaceId: 'acme',
  context: { pageUrl: 'https://shop.example/pricing', referrer: '', language: 'fr-FR', userAgent: 'Firefox', timezone: 'Europe/Paris' },
  answers: {},
  waitUntil: null,
  lastSeq: 2,
  seen: { visitor: 0, agent: 0 },
  ...over,
});
const msg = (seq: number, from: 'visitor' | 'agent' | 'bot', text: string, id = `id-${seq}`): Entry => ({ kind: 'message', seq, id, from, text, at: 1_700_000_000_000 + seq * 1000 });

async function connected() {
  const transport = new MemoryTransport();
  const client = new ConversationClient({ transport, token: async () => 'tok' });
  transport.open();
  await settle();
  transport.push({ type: 'welcome', role: 'agent', v: 1, conversation: view(), entries: [msg(1, 'bot', 'Hi!'), msg(2, 'visitor', 'Prices?')], details: emptyDetails() });
  return { transport, client };
}

describe('conversation client', () => {
  it('replays from the last sequence it holds after a reconnect, without duplicates', async () => {
    const { transport, client } = await connected();
    expect(transport.sent[0]).toMatchObject({ type: 'hello', lastSeq: 0 });
    transport.push({ type: 'entries', entries: [msg(3, 'visitor', 'Hello?')] });
    transport.drop();
    transport.open();
    await settle();
    expect(transport.ofType('hello')[1]).toMatchObject({ lastSeq: 3 });
    transport.push({ type: 'welcome', role: 'agent', v: 1, conversation: view(), entries: [msg(3, 'visitor', 'Hello?'), msg(4, 'visitor', 'Anyone?')], details: emptyDetails() });
    expect(client.entries.value.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps a message in the outbox until acked, resending it after a reconnect', async () => {
    const { transport, client } = await connected();
    expect(client.send('  ')).toBe('Message is empty');
    expect(client.send('Hello, how can I help?')).toBeNull();
    const [sent] = transport.ofType<{ id: string }>('send');
    transport.drop();
    expect(client.outbox.value).toHaveLength(1);
    transport.open();
    await settle();
    transport.push({ type: 'welcome', role: 'agent', v: 1, conversation: view(), entries: [], details: emptyDetails() });
    expect(transport.ofType<{ id: string }>('send').map((s) => s.id)).toEqual([sent!.id, sent!.id]);
    transport.push({ type: 'ack', id: sent!.id, seq: 3 });
    expect(client.outbox.value).toHaveLength(0);
  });

  it('a refused message stays with its reason', async () => {
    const { transport, client } = await connected();
    client.send('late');
    const [sent] = transport.ofType<{ id: string }>('send');
    transport.push({ type: 'error', code: 'conversation-closed', message: 'This conversation is closed', ref: sent!.id });
    expect(client.outbox.value[0]).toMatchObject({ text: 'late', error: 'This conversation is closed' });
  });

  it('refuses to send in a closed chat', async () => {
    const { transport, client } = await connected();
    transport.push({ type: 'state', role: 'agent', conversation: view({ status: 'closed', closedAt: 1_700_000_000_005 }) });
    expect(client.canSend.value).toBe(false);
    expect(client.send('hello')).toBe('This conversation is closed');
    const restore = useLocale('fr');
    try {
      expect(client.send('hello')).toBe('Cette conversation est fermée.');
    } finally {
      restore();
    }
  });

  it('tracks visitor typing and seen both ways', async () => {
    const { transport, client } = await connected();
    transport.push({ type: 'typing', from: 'visitor', typing: true });
    expect(client.visitorTyping.value).toBe(true);
    transport.push({ type: 'entries', entries: [msg(3, 'visitor', 'ok')] });
    expect(client.visitorTyping.value).toBe(false);
    client.markSeen();
    expect(transport.last()).toEqual({ type: 'seen', seq: 3 });
    client.markSeen();
    expect(transport.ofType('seen')).toHaveLength(1);
    transport.push({ type: 'seen', side: 'visitor', seq: 3 });
    expect(client.seenByVisitor.value).toBe(3);
  });

  it('claim rejects with who won', async () => {
    const { transport, client } = await connected();
    const p = client.claim();
    const { ref } = transport.last<{ ref: string }>();
    transport.push({ type: 'error', code: 'already-claimed', message: 'Bob was faster', ref, winner: { id: 'a2', name: 'Bob' } });
    const err = await p.catch((e) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect(err.frame.winner.name).toBe('Bob');
  });
});

describe('details draft', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('builds patches from form text', () => {
    expect(patchFrom({ 'value.amount': '12,5', 'person.email': 'a@b.co', notes: 'n' })).toEqual({ value: { amount: 12.5 }, person: { email: 'a@b.co' }, notes: 'n' });
    expect(patchFrom({ 'value.amount': '' })).toEqual({ value: { amount: null } });
  });

  it('validates inline and saves only valid fields, debounced', async () => {
    const save = vi.fn(async () => ({ type: 'ok' }));
    const d = new DetailsDraft('c1', save, 400);
    d.input('person.email', 'not-an-email');
    d.input('value.amount', '-3');
    d.input('expectedCloseDate', '2026-02-30');
    expect(Object.keys(d.errors.value).sort()).toEqual(['expectedCloseDate', 'person.email', 'value.amount']);
    d.input('person.name', 'Z');
    d.input('person.name', 'Zoe');
    await vi.advanceTimersByTimeAsync(399);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledExactlyOnceWith({ person: { name: 'Zoe' } });
    expect(d.state.value).toBe('saved');
  });

  it('keeps unsaved edits in storage and resends them in a new panel', async () => {
    const never = vi.fn(() => new Promise(() => {}));
    const first = new DetailsDraft('c1', never, 400);
    first.input('notes', 'Wants 20 seats');
    await vi.advanceTimersByTimeAsync(0);
    first.dispose();
    const save = vi.fn(async () => ({ type: 'ok' }));
    const second = new DetailsDraft('c1', save, 400);
    await second.restore();
    expect(second.values.value.notes).toBe('Wants 20 seats');
    await second.flush();
    expect(save).toHaveBeenCalledWith({ notes: 'Wants 20 seats' });
    expect(await fakeBrowser.storage.local.get('details:c1')).toEqual({});
  });

  it('room field errors show inline; fields being edited are not overwritten by a details frame', async () => {
    const save = vi.fn(async () => {
      throw new RequestError('invalid-field', 'bad', { type: 'error', code: 'invalid-field', message: 'bad', fields: { 'person.phone': 'Enter a valid phone number' } });
    });
    const d = new DetailsDraft('c1', save, 400);
    d.input('person.phone', '+33 1 23 45 67 89');
    await d.flush();
    expect(d.errors.value['person.phone']).toBe('Enter a valid phone number');
    const server = emptyDetails();
    server.person.phone = '';
    server.person.name = 'From room';
    d.load(server);
    expect(d.values.value['person.phone']).toBe('+33 1 23 45 67 89');
    expect(d.values.value['person.name']).toBe('From room');
  });
});
