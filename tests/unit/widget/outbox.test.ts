import { describe, expect, it } from 'vitest';
import type { Entry } from '../../../protocol/model';
import { Outbox } from '../../../widget/outbox';
import { MemoryStorage } from '../../helpers/widget-fake-room';

const msg = (seq: number, from: 'visitor' | 'agent', id = `m${seq}`): Entry => ({ kind: 'message', seq, id, from, text: `text ${seq}`, at: seq });

describe('Outbox', () => {
  it('keeps a message under its client id until acked', () => {
    const box = Outbox.create(new MemoryStorage(), 'k', 'conv', 'tok');
    box.queue('client-id-1', 'hello', 1);
    box.queue('client-id-2', 'again', 2);
    expect(box.pending.map((p) => p.id)).toEqual(['client-id-1', 'client-id-2']);
    box.ack('client-id-1');
    expect(box.pending.map((p) => p.id)).toEqual(['client-id-2']);
  });

  it('persists conversation id, token, last seq, entries and pending messages across a reload', () => {
    const storage = new MemoryStorage();
    const box = Outbox.create(storage, 'k', 'conv', 'tok');
    box.queue('client-id-1', 'not acked yet', 1);
    box.receive([msg(1, 'agent'), msg(2, 'agent')]);
    box.markSeen(1);
    const again = Outbox.load(storage, 'k')!;
    expect(again.data).toEqual({
      conversationId: 'conv',
      token: 'tok',
      lastSeq: 2,
      seen: 1,
      entries: [msg(1, 'agent'), msg(2, 'agent')],
      pending: [{ id: 'client-id-1', text: 'not acked yet', at: 1 }],
    });
  });

  it('dedups entries by seq and keeps them in order', () => {
    const box = Outbox.create(new MemoryStorage(), 'k', 'conv', 'tok');
    expect(box.receive([msg(2, 'agent'), msg(1, 'agent')])).toHaveLength(2);
    expect(box.receive([msg(2, 'agent'), msg(3, 'agent'), msg(3, 'agent')]).map((e) => e.seq)).toEqual([3]);
    expect(box.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(box.data.lastSeq).toBe(3);
  });

  it('drops a pending message when its own entry comes back, even if the ack was lost', () => {
    const box = Outbox.create(new MemoryStorage(), 'k', 'conv', 'tok');
    box.queue('client-id-1', 'hello', 1);
    box.receive([msg(5, 'visitor', 'client-id-1')]);
    expect(box.pending).toEqual([]);
  });

  it('an agent message with the same id as a pending one does not ack it', () => {
    const box = Outbox.create(new MemoryStorage(), 'k', 'conv', 'tok');
    box.queue('same-id-1', 'hello', 1);
    box.receive([msg(5, 'agent', 'same-id-1')]);
    expect(box.pending).toHaveLength(1);
  });

  it('load returns null for nothing saved and for garbage', () => {
    const storage = new MemoryStorage();
    expect(Outbox.load(storage, 'k')).toBeNull();
    storage.setItem('k', '{not json');
    expect(Outbox.load(storage, 'k')).toBeNull();
    storage.setItem('k', '{"token":"x"}');
    expect(Outbox.load(storage, 'k')).toBeNull();
  });

  it('keeps working when storage refuses writes', () => {
    const storage = { getItem: () => null, removeItem: () => {}, setItem: () => { throw new Error('QuotaExceededError'); } };
    const box = Outbox.create(storage, 'k', 'conv', 'tok');
    box.queue('client-id-1', 'hello', 1);
    expect(box.pending).toHaveLength(1);
  });

  it('clear forgets the conversation', () => {
    const storage = new MemoryStorage();
    Outbox.create(storage, 'k', 'conv', 'tok').clear();
    expect(Outbox.load(storage, 'k')).toBeNull();
  });
});
