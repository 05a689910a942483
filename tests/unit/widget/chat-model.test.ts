import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../protocol/version';
import { ChatModel } from '../../../widget/chat-model';
import { Outbox } from '../../../widget/outbox';
import { FakeRoom, MemoryStorage } from '../../helpers/widget-fake-room';

const tick = () => new Promise<void>((r) => queueMicrotask(r));

async function setup(storage = new MemoryStorage(), room = new FakeRoom()) {
  let n = 0;
  const outbox = Outbox.load(storage, 'chat') ?? Outbox.create(storage, 'chat', 'conv1', room.token);
  const model = new ChatModel(outbox, room.connect, () => `client-${String(++n).padStart(4, '0')}-${storage.map.size}`, () => 42);
  model.start();
  await tick(); // the transport opens, hello goes out
  room.flush(); // welcome comes back
  return { model, room, storage };
}

const texts = (model: ChatModel) => model.entries.value.map((e) => (e.kind === 'message' ? `${e.from}: ${e.text}` : `event: ${e.event}`));

describe('ChatModel', () => {
  it('says hello with the token and last seq, and goes online on welcome', async () => {
    const { model, room } = await setup();
    expect(room.received[0]).toEqual({ type: 'hello', v: PROTOCOL_VERSION, token: 'visitor-token', lastSeq: 0 });
    expect(model.link.value).toBe('online');
  });

  it('sends, shows the message as pending until acked, then as an entry', async () => {
    const { model, room } = await setup();
    model.send('  Hello there  ');
    expect(model.pending.value.map((p) => p.text)).toEqual(['Hello there']);
    room.flush();
    expect(model.pending.value).toEqual([]);
    expect(texts(model)).toEqual(['visitor: Hello there']);
  });

  it('ignores blank messages', async () => {
    const { model, room } = await setup();
    model.send('   ');
    expect(room.received.filter((f) => f.type === 'send')).toEqual([]);
  });

  it('resends unacked messages after a reconnect; the room stores each once', async () => {
    const { model, room } = await setup();
    model.send('one');
    room.drop(); // the entry and the ack are lost with the connection
    expect(model.link.value).toBe('reconnecting');
    model.send('two (typed while offline)');
    expect(model.pending.value).toHaveLength(2);
    model.stop();
    model.start();
    await tick();
    room.flush();
    room.flush();
    expect(room.visitorMessages()).toEqual(['one', 'two (typed while offline)']);
    expect(model.pending.value).toEqual([]);
    expect(texts(model)).toEqual(['visitor: one', 'visitor: two (typed while offline)']);
  });

  it('a reload resumes from storage with nothing lost and nothing doubled', async () => {
    const storage = new MemoryStorage();
    const room = new FakeRoom();
    const first = await setup(storage, room);
    room.agentSays('Hi, I am Alice');
    room.flush();
    first.model.send('sent before the reload');
    first.model.stop(); // the page goes away before the ack arrives
    room.agentSays('message while away');

    const second = await setup(storage, room);
    expect(room.received.filter((f) => f.type === 'hello').at(-1)).toMatchObject({ lastSeq: 1 });
    room.flush();
    expect(texts(second.model)).toEqual(['agent: Hi, I am Alice', 'visitor: sent before the reload', 'agent: message while away']);
    expect(room.visitorMessages()).toEqual(['sent before the reload']);
    expect(second.model.pending.value).toEqual([]);
  });

  it('follows the conversation state: agent joins, then closes', async () => {
    const { model, room } = await setup();
    room.setState('active', 'Alice');
    room.flush();
    expect(model.agentName.value).toBe('Alice');
    expect(model.status.value).toBe('active');
    room.setState('closed');
    room.flush();
    expect(model.status.value).toBe('closed');
  });

  it('shows the agent typing until their message arrives', async () => {
    const { model, room } = await setup();
    room.push({ type: 'typing', from: 'agent', name: 'Alice', typing: true });
    room.flush();
    expect(model.agentTyping.value).toBe(true);
    room.agentSays('done typing');
    room.flush();
    expect(model.agentTyping.value).toBe(false);
  });

  it('sends typing only when it changes', async () => {
    const { model, room } = await setup();
    model.setTyping(true);
    model.setTyping(true);
    model.setTyping(false);
    expect(room.received.filter((f) => f.type === 'typing')).toEqual([
      { type: 'typing', typing: true },
      { type: 'typing', typing: false },
    ]);
  });

  it('counts unread agent messages while hidden, and marks them seen when shown', async () => {
    const { model, room } = await setup();
    room.agentSays('one');
    room.agentSays('two');
    room.flush();
    expect(model.unread.value).toBe(2);
    model.visible.value = true;
    model.markSeen();
    expect(model.unread.value).toBe(0);
    expect(room.received.filter((f) => f.type === 'seen')).toEqual([{ type: 'seen', seq: 2 }]);
    room.agentSays('three, while open');
    room.flush();
    expect(model.unread.value).toBe(0);
  });

  it('tracks the seen receipt from the agent', async () => {
    const { model, room } = await setup();
    room.push({ type: 'seen', side: 'agent', seq: 3 });
    room.push({ type: 'seen', side: 'visitor', seq: 9 });
    room.flush();
    expect(model.seenByAgent.value).toBe(3);
  });

  it('a message refused because the chat ended is shown as failed, not retried forever', async () => {
    const { model, room } = await setup();
    room.setState('closed');
    room.flush();
    model.send('too late');
    room.flush();
    expect(model.pending.value).toEqual([]);
    expect(model.failed.value).toMatchObject([{ text: 'too late', reason: 'This conversation is closed' }]);
  });

  it('a refused token stops reconnecting', async () => {
    const storage = new MemoryStorage();
    Outbox.create(storage, 'chat', 'conv1', 'stale-token');
    const { model } = await setup(storage, new FakeRoom('current-token'));
    expect(model.link.value).toBe('refused');
  });

  it('ignores frames that are not JSON', async () => {
    const { model } = await setup();
    model.receive('not json');
    expect(model.link.value).toBe('online');
  });
});
