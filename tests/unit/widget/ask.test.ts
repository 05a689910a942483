import { describe, expect, it } from 'vitest';
import { ChatModel } from '../../../widget/chat-model';
import { Outbox } from '../../../widget/outbox';
import { ask } from '../../../widget/ui/ask';
import { FakeRoom, MemoryStorage } from '../../helpers/widget-fake-room';

const tick = () => new Promise<void>((r) => queueMicrotask(r));

async function setup(room = new FakeRoom()) {
  const storage = new MemoryStorage();
  const model = new ChatModel(Outbox.create(storage, 'chat', 'conv1', room.token), room.connect, () => 'id', () => 42);
  model.start();
  await tick();
  room.flush();
  return { model, room };
}

describe('ask: a visitor command and the room answer for its ref (the on-demand chunk)', () => {
  it('ok is null; an error gives its code and problem code; each answer goes to its own ref, whatever the order', async () => {
    const { model, room } = await setup();
    room.email = 'kim@example.com';
    const first = ask(model, { type: 'transcript-request' });
    const second = ask(model, { type: 'rate', score: 5 });
    const refs = room.received.filter((f) => f.ref).map((f) => f.ref);
    expect(new Set(refs).size).toBe(2);
    room.flush();
    expect(await first).toBeNull();
    expect(await second).toEqual({ code: 'invalid-transition', problem: 'not-closed' });
  });

  it('frames for other refs (a message refused) or with no ref settle nothing; the room view keeps `rated` and `emailKnown`', async () => {
    const { model, room } = await setup();
    let settled = false;
    void ask(model, { type: 'unanswered' }).then(() => (settled = true)); // a frame the fake room does not answer
    room.push({ type: 'ok' });
    room.push({ type: 'error', code: 'rate-limited', message: 'x', ref: 'some-message-id' });
    room.flush();
    await tick();
    expect(settled).toBe(false);
    Object.assign(room, { rated: true, email: 'a@b.example' });
    room.setState('closed');
    room.flush();
    expect(model.conv.value).toMatchObject({ rated: true, emailKnown: true });
  });

  it('offline: at once when not connected, and for what waits when the link drops', async () => {
    const { model, room } = await setup();
    const waiting = ask(model, { type: 'transcript-request', email: 'a@b.example' });
    room.drop(1006, true);
    expect(await waiting).toEqual({ code: 'offline' });
    expect(await ask(model, { type: 'rate', score: 3 })).toEqual({ code: 'offline' });
    expect(room.received.filter((f) => f.type === 'rate')).toEqual([]);
  });
});
