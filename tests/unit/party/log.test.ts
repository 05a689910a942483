import { describe, expect, test } from 'vitest';
import { Log, StorageFailed, firstAfter } from '../../../party/conversation/log';
import { entryKey, type Meta } from '../../../party/conversation/state';
import type { Entry } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';
import { settle } from '../../helpers/memory-room';

function meta(lastSeq = 0): Meta {
  return {
    conversationId: 'ws.c',
    workspaceId: 'ws',
    playbookId: 'pb',
    botName: 'Bot',
    status: 'waiting',
    assignee: null,
    createdAt: 0,
    closedAt: null,
    waitUntil: 60_000,
    offlineMessage: '',
    context: { pageUrl: '', referrer: '', language: 'en', userAgent: '' },
    answers: {},
    lastSeq,
    seen: { visitor: 0, agent: 0 },
    visitorName: 'V',
    records: {},
  };
}

const msg = (from: 'visitor' | 'agent' | 'bot', id: string, text = id) => (seq: number): Entry[] => [{ kind: 'message', seq, id, from, text, at: seq }];
const seqs = (entries: readonly Entry[]) => entries.map((e) => e.seq);

/** A log of `n` visitor messages written through `append`, with a small window. */
async function written(n: number, windowSize = 4) {
  const storage = new MemoryStorage();
  const log = new Log(storage.asStorage(), windowSize);
  const m = meta();
  for (let i = 1; i <= n; i++) await log.append(m, msg('visitor', `m${i}`));
  return { storage, log, m };
}

describe('append', () => {
  test('gives the next sequence numbers and stores the entries with meta and extra in one write', async () => {
    const storage = new MemoryStorage();
    const log = new Log(storage.asStorage());
    const m = meta(3);
    const made = await log.append(m, (seq) => [
      { kind: 'event', seq, id: `ev${seq}`, event: 'missed', at: 1 },
      { kind: 'message', seq: seq + 1, id: 'offline', from: 'bot', text: 'bye', at: 1 },
    ], { details: { x: 1 } });
    expect(seqs(made)).toEqual([4, 5]);
    expect(m.lastSeq).toBe(5);
    expect(storage.puts).toBe(1);
    expect(storage.keys('e:')).toEqual([entryKey(4), entryKey(5)]);
    expect(storage.data.get('meta')).toMatchObject({ lastSeq: 5 });
    expect(storage.data.get('details')).toEqual({ x: 1 });
    expect(log.count).toBe(2);
    expect(log.chars).toBe(3);
  });

  test('a failed write throws StorageFailed (unavailable) and stores nothing', async () => {
    const storage = new MemoryStorage();
    const log = new Log(storage.asStorage());
    storage.failNextPut();
    const err = await log.append(meta(), msg('visitor', 'x'), {}, 'visitor:x').catch((e) => e);
    expect(err).toBeInstanceOf(StorageFailed);
    expect(err.code).toBe('unavailable');
    expect(storage.data.size).toBe(0);
    // The log reloads itself after a failed write; `settled` answers from the reloaded state, never with the
    // seq of the write that failed (it used to answer 1 here: a resend would have been acked and lost).
    expect(log.recovering).not.toBeNull();
    expect(await log.settled('visitor:x')).toBeUndefined();
    expect(log.count).toBe(0);
  });

  test('settled waits for a write in flight, then answers its seq', async () => {
    const storage = new MemoryStorage();
    const log = new Log(storage.asStorage());
    storage.holdPuts();
    const writing = log.append(meta(), msg('visitor', 'a'), {}, 'visitor:a');
    let answer: number | undefined | 'pending' = 'pending';
    void log.settled('visitor:a').then((s) => (answer = s));
    await settle();
    expect(answer).toBe('pending');
    storage.release();
    await writing;
    await settle();
    expect(answer).toBe(1);
    expect(log.has('visitor:a')).toBe(true);
    expect(log.has('agent:a')).toBe(false);
  });
});

describe('dedup keys, unread and records', () => {
  test('messages are keyed by sender and id, events by id, bot lines not at all', async () => {
    const storage = new MemoryStorage();
    const log = new Log(storage.asStorage());
    const m = meta();
    await log.append(m, msg('visitor', 'same'));
    await log.append(m, msg('agent', 'same'));
    await log.append(m, msg('bot', 'botline'));
    await log.append(m, (seq) => [{ kind: 'event', seq, id: 'contact-1', event: 'contact-left', at: 0 }]);
    expect([log.has('visitor:same'), log.has('agent:same'), log.has('bot:botline'), log.has('event:contact-1')]).toEqual([true, true, false, true]);
    expect(await log.settled('agent:same')).toBe(2);
  });

  test('unreadAfter counts visitor messages after a seq, across the whole log', async () => {
    const { log, m } = await written(10, 2);
    await log.append(m, msg('agent', 'reply'));
    expect(log.unreadAfter(0)).toBe(10);
    expect(log.unreadAfter(3)).toBe(7);
    expect(log.unreadAfter(10)).toBe(0);
    expect(log.unreadAfter(11)).toBe(0);
  });

  test('lastRecordEvent keeps the latest CRM event per kind, rebuilt by load', async () => {
    const storage = new MemoryStorage();
    const log = new Log(storage.asStorage());
    const m = meta();
    const ev = (event: 'record-pending' | 'record-failed' | 'lead-created' | 'deal-created', item?: 'lead' | 'deal') => (seq: number): Entry[] => [{ kind: 'event', seq, id: `ev${seq}`, event, at: 0, ...(item ? { item } : {}) }];
    await log.append(m, ev('record-pending', 'lead'));
    await log.append(m, ev('record-failed', 'deal'));
    await log.append(m, ev('lead-created'));
    expect(log.lastRecordEvent('lead')).toMatchObject({ event: 'lead-created', seq: 3 });
    expect(log.lastRecordEvent('deal')).toMatchObject({ event: 'record-failed', seq: 2 });
    const fresh = new Log(storage.asStorage());
    await fresh.load();
    expect(fresh.lastRecordEvent('lead')).toMatchObject({ seq: 3 });
    expect(fresh.lastRecordEvent('deal')).toMatchObject({ seq: 2 });
  });
});

describe('window and replay', () => {
  test('memory keeps a bounded window of the newest entries', async () => {
    const { log } = await written(20, 4);
    expect(log.tail.length).toBeLessThanOrEqual(5);
    expect(log.tail.at(-1)!.seq).toBe(20);
    expect(log.count).toBe(20);
  });

  test('after(seq) inside the window reads nothing from storage', async () => {
    const { storage, log } = await written(20, 4);
    storage.read = 0;
    expect(seqs(await log.after(18))).toEqual([19, 20]);
    expect(seqs(await log.after(20))).toEqual([]);
    expect(storage.read).toBe(0);
  });

  test('after(seq) older than the window reads only the missing range from storage, then the window', async () => {
    const { storage, log } = await written(20, 4);
    storage.read = 0;
    const first = log.tail[0]!.seq;
    expect(seqs(await log.after(5))).toEqual(Array.from({ length: 15 }, (_, i) => 6 + i));
    expect(storage.read).toBe(first - 6); // entries 6 .. first-1, nothing else
    expect(seqs(await log.after(0))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  test('a replay longer than a storage page reads page after page', async () => {
    const { log } = await written(600, 4);
    const all = await log.after(0);
    expect(all).toHaveLength(600);
    expect(seqs(all)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
  });

  test('load rebuilds count, chars, window and ids from storage in pages', async () => {
    const { storage } = await written(700, 4);
    const log = new Log(storage.asStorage(), 4);
    await log.load();
    expect(log.count).toBe(700);
    expect(log.tail.at(-1)!.seq).toBe(700);
    expect(log.has('visitor:m1')).toBe(true);
    expect(log.unreadAfter(690)).toBe(10);
    expect(log.chars).toBe([...Array(700)].reduce((n, _, i) => n + `m${i + 1}`.length, 0));
  });
});

test('firstAfter is a binary search for the first seq greater than the one given', () => {
  const entries = [2, 4, 6, 8].map((seq): Entry => ({ kind: 'message', seq, id: String(seq), from: 'visitor', text: '', at: 0 }));
  expect([firstAfter(entries, 0), firstAfter(entries, 2), firstAfter(entries, 5), firstAfter(entries, 8), firstAfter([], 3)]).toEqual([0, 1, 2, 4, 0]);
});
