import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyDetails, type ConversationView, type Entry } from '../../../protocol';
import { ConversationClient, outboxKey, type OutboxItem } from '../../../models/conversation-client';
import { MemoryTransport } from '../../../models/memory-transport';
import { PanelModel } from '../../../models/panel-model';
import { saveConnection } from '../../../models/session';
import type { RoomAddress } from '../../../models/transport';
import { settle, summary, welcome } from '../../helpers/extension-fixtures';

const me = { id: 'a1', name: 'Ada' };
const view = (id: string): ConversationView => ({
  ...summary({ id, status: 'active', assignee: me }),
  workspaceId: 'acme',
  context: { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 'Firefox', timezone: 'Europe/Paris' },
  answers: {},
  waitUntil: null,
  lastSeq: 1,
  seen: { visitor: 0, agent: 0 },
});
const visitorHi: Entry = { kind: 'message', seq: 1, id: 'v-1', from: 'visitor', text: 'Hi', at: 1_700_000_001_000 };
const agentEntry = (seq: number, id: string, text: string): Entry => ({ kind: 'message', seq, id, from: 'agent', text, at: 1_700_000_000_000 + seq * 1000 });
const roomWelcome = (id: string, entries: Entry[] = [visitorHi]) => ({ type: 'welcome', role: 'agent', v: 1, conversation: view(id), entries, details: emptyDetails() });

/** One side panel: its workspace socket and one socket per chat it opens, all in memory. */
async function openPanel() {
  const sockets: { address: RoomAddress; t: MemoryTransport }[] = [];
  const model = new PanelModel({
    session: { token: async () => 'tok', invalidate: async () => {} },
    makeTransport: (address) => {
      const t = new MemoryTransport();
      sockets.push({ address, t });
      return t;
    },
  });
  await model.start();
  const ws = sockets[0]!.t;
  ws.open();
  await settle();
  ws.push(welcome({ conversations: [summary({ id: 'c1', status: 'active', assignee: me }), summary({ id: 'c2', status: 'active', assignee: me })] }));
  /** The newest socket of a chat. */
  const socket = (room: string) => sockets.filter((s) => s.address.party === 'conversation' && s.address.room === room).at(-1)!.t;
  return { model, socket, sockets };
}

const stored = async (id: string) => ((await fakeBrowser.storage.local.get(outboxKey(id)))[outboxKey(id)] ?? []) as OutboxItem[];
const sends = (t: MemoryTransport) => t.ofType<{ id: string; text: string }>('send');

describe('agent outbox in storage', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await saveConnection({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
  });

  it('typed while offline, panel closed, reopened: shown as pending, resent once under its id, acked, storage empty', async () => {
    const first = await openPanel();
    first.model.openChat('c1');
    await settle();
    // The socket never came up: the message waits.
    expect(first.model.chat.value!.client.send('Back in a minute')).toBeNull();
    await settle();
    const [item] = await stored('c1');
    expect(item).toMatchObject({ text: 'Back in a minute' });
    expect(sends(first.socket('c1'))).toHaveLength(0);
    first.model.stop(); // the panel closes
    await settle();

    const second = await openPanel();
    second.model.openChat('c1');
    const client = second.model.chat.value!.client;
    await client.restored;
    expect(client.outbox.value.map((m) => m.id)).toEqual([item!.id]);
    const t = second.socket('c1');
    t.open();
    await settle();
    t.push(roomWelcome('c1'));
    expect(sends(t)).toEqual([{ type: 'send', id: item!.id, text: 'Back in a minute' }]);
    t.push({ type: 'ack', id: item!.id, seq: 2 });
    t.push({ type: 'entries', entries: [agentEntry(2, item!.id, 'Back in a minute')] });
    await settle();
    expect(client.outbox.value).toEqual([]);
    expect(client.entries.value.filter((e) => e.id === item!.id)).toHaveLength(1);
    expect(await fakeBrowser.storage.local.get(outboxKey('c1'))).toEqual({});
  });

  it('a pending message survives a switch to another chat and is sent on the way back', async () => {
    const { model, socket } = await openPanel();
    model.openChat('c1');
    await settle();
    const a = socket('c1');
    a.open();
    await settle();
    a.push(roomWelcome('c1'));
    a.drop(); // the socket goes down while the agent types
    model.chat.value!.client.send('Here is the quote');
    await settle();
    model.openChat('c2');
    await settle();
    expect(model.chat.value!.client.outbox.value).toEqual([]);
    expect((await stored('c1')).map((m) => m.text)).toEqual(['Here is the quote']);

    model.openChat('c1');
    const client = model.chat.value!.client;
    await client.restored;
    expect(client.outbox.value.map((m) => m.text)).toEqual(['Here is the quote']);
    const b = socket('c1');
    expect(b).not.toBe(a);
    b.open();
    await settle();
    b.push(roomWelcome('c1'));
    const [sent] = sends(b);
    expect(sends(b)).toHaveLength(1);
    expect(sent!.id).toBe(client.outbox.value[0]!.id);
    b.push({ type: 'ack', id: sent!.id, seq: 2 });
    await settle();
    expect(await stored('c1')).toEqual([]);
  });

  it('a reopened panel delivers what was left unsent in a chat it does not open, then closes that socket', async () => {
    await fakeBrowser.storage.local.set({ [outboxKey('c2')]: [{ id: 'm-left', text: 'Left behind', at: 1_700_000_000_005 }] });
    const { model, socket, sockets } = await openPanel();
    await settle();
    expect(model.chat.value).toBeNull();
    const courier = socket('c2');
    courier.open();
    await settle();
    courier.push(roomWelcome('c2'));
    expect(sends(courier)).toEqual([{ type: 'send', id: 'm-left', text: 'Left behind' }]);
    courier.push({ type: 'ack', id: 'm-left', seq: 2 });
    await settle();
    expect(courier.closedForGood).toBe(true);
    expect(await fakeBrowser.storage.local.get(outboxKey('c2'))).toEqual({});
    // Opening that chat later sends nothing again.
    model.openChat('c2');
    await model.chat.value!.client.restored;
    const chat = socket('c2');
    chat.open();
    await settle();
    chat.push(roomWelcome('c2', [visitorHi, agentEntry(2, 'm-left', 'Left behind')]));
    expect(sends(chat)).toEqual([]);
    expect(sockets.filter((s) => s.address.room === 'c2')).toHaveLength(2);
  });

  it('opening a chat whose unsent messages a courier is delivering hands them over: one socket, one send per connection', async () => {
    await fakeBrowser.storage.local.set({ [outboxKey('c1')]: [{ id: 'm-wait', text: 'Waiting', at: 1_700_000_000_005 }] });
    const { model, socket } = await openPanel();
    await settle();
    const courier = socket('c1');
    model.openChat('c1');
    expect(courier.closedForGood).toBe(true);
    const client = model.chat.value!.client;
    await client.restored;
    expect(client.outbox.value.map((m) => m.id)).toEqual(['m-wait']);
    const chat = socket('c1');
    chat.open();
    await settle();
    chat.push(roomWelcome('c1'));
    expect(sends(chat).map((s) => s.id)).toEqual(['m-wait']);
    chat.push({ type: 'ack', id: 'm-wait', seq: 2 });
    await settle();
    expect(await fakeBrowser.storage.local.get(outboxKey('c1'))).toEqual({});
  });

  it('an ack removes exactly that message from the outbox and from storage', async () => {
    const transport = new MemoryTransport();
    const client = new ConversationClient({ transport, token: async () => 'tok', conversationId: 'c1' });
    transport.open();
    await settle();
    transport.push(roomWelcome('c1'));
    await client.restored;
    client.send('one');
    client.send('two');
    client.send('three');
    const [one, two, three] = sends(transport);
    transport.push({ type: 'ack', id: two!.id, seq: 2 });
    await settle();
    expect(client.outbox.value.map((m) => m.id)).toEqual([one!.id, three!.id]);
    expect((await stored('c1')).map((m) => m.id)).toEqual([one!.id, three!.id]);
    // An ack for something not held changes nothing.
    transport.push({ type: 'ack', id: 'm-unknown', seq: 9 });
    await settle();
    expect((await stored('c1')).map((m) => m.id)).toEqual([one!.id, three!.id]);
  });

  it('a stored message the room already has (ack lost) is dropped on reopen, not shown twice nor resent', async () => {
    const pending: OutboxItem = { id: 'm-lost-ack', text: 'Sent, ack lost', at: 1_700_000_000_005 };
    await fakeBrowser.storage.local.set({ [outboxKey('c1')]: [pending] });
    const transport = new MemoryTransport();
    const client = new ConversationClient({ transport, token: async () => 'tok', conversationId: 'c1' });
    transport.open();
    await settle();
    transport.push(roomWelcome('c1', [visitorHi, agentEntry(2, 'm-lost-ack', 'Sent, ack lost')]));
    await client.restored;
    await settle();
    expect(client.outbox.value).toEqual([]);
    expect(sends(transport)).toEqual([]);
    expect(await stored('c1')).toEqual([]);
  });

  it('restored after the welcome: resent once, at once', async () => {
    const pending: OutboxItem = { id: 'm-late', text: 'Still there?', at: 1_700_000_000_005 };
    await fakeBrowser.storage.local.set({ [outboxKey('c1')]: [pending] });
    const transport = new MemoryTransport();
    const client = new ConversationClient({ transport, token: async () => 'tok', conversationId: 'c1' });
    // The welcome is handled before storage answers.
    transport.open();
    transport.listeners.forEach((l) => l.message?.(JSON.stringify(roomWelcome('c1'))));
    await client.restored;
    await settle();
    expect(sends(transport).map((s) => s.id)).toEqual(['m-late']);
    expect(client.outbox.value.map((m) => m.id)).toEqual(['m-late']);
  });
});

describe('refused messages: retry and discard', () => {
  beforeEach(() => fakeBrowser.reset());

  async function refusedClient(texts: string[], code = 'forbidden', message = 'Assign this conversation to yourself before answering') {
    const transport = new MemoryTransport();
    const client = new ConversationClient({ transport, token: async () => 'tok', conversationId: 'c1' });
    transport.open();
    await settle();
    transport.push(roomWelcome('c1'));
    await client.restored;
    for (const text of texts) client.send(text);
    const sent = sends(transport);
    for (const s of sent) transport.push({ type: 'error', code, message, ref: s.id });
    await settle();
    return { transport, client, ids: sent.map((s) => s.id) };
  }

  it('discard removes the refused message from the outbox and from storage', async () => {
    const { client, ids } = await refusedClient(['Hello?']);
    expect((await stored('c1')).map((m) => m.code)).toEqual(['forbidden']);
    client.discard(ids[0]!);
    await settle();
    expect(client.outbox.value).toEqual([]);
    expect(await fakeBrowser.storage.local.get(outboxKey('c1'))).toEqual({});
  });

  it('discarding one leaves the others, and is not undone by a reopen', async () => {
    const { client, ids } = await refusedClient(['one', 'two', 'three']);
    client.discard(ids[1]!);
    await settle();
    expect(client.outbox.value.map((m) => m.text)).toEqual(['one', 'three']);
    expect((await stored('c1')).map((m) => m.id)).toEqual([ids[0], ids[2]]);
    const again = new ConversationClient({ transport: new MemoryTransport(), token: async () => 'tok', conversationId: 'c1' });
    await again.restored;
    expect(again.outbox.value.map((m) => m.text)).toEqual(['one', 'three']);
    expect(again.outbox.value.every((m) => m.error)).toBe(true);
  });

  it('a message still being sent is not discarded', async () => {
    const transport = new MemoryTransport();
    const client = new ConversationClient({ transport, token: async () => 'tok', conversationId: 'c1' });
    await client.restored;
    client.send('pending');
    client.discard(client.outbox.value[0]!.id);
    expect(client.outbox.value.map((m) => m.text)).toEqual(['pending']);
  });

  it('retry sends it again under its id; the ack then removes it', async () => {
    const { transport, client, ids } = await refusedClient(['Hello?']);
    expect(client.canRetry(client.outbox.value[0]!)).toBe(true);
    client.retry(ids[0]!);
    expect(client.outbox.value[0]!.error).toBeUndefined();
    expect(sends(transport).map((s) => s.id)).toEqual([ids[0], ids[0]]);
    transport.push({ type: 'ack', id: ids[0]!, seq: 2 });
    await settle();
    expect(await fakeBrowser.storage.local.get(outboxKey('c1'))).toEqual({});
  });

  it('no retry for a closed chat, nor for a refusal of the message itself', async () => {
    const closed = await refusedClient(['late'], 'conversation-closed', 'This conversation is closed');
    closed.transport.push({ type: 'state', role: 'agent', conversation: { ...view('c1'), status: 'closed', closedAt: 1_700_000_000_009 } });
    expect(closed.client.canRetry(closed.client.outbox.value[0]!)).toBe(false);
    const invalid = await refusedClient(['bad'], 'invalid-field', 'Message too long');
    expect(invalid.client.canRetry(invalid.client.outbox.value.at(-1)!)).toBe(false);
  });
});
