import { afterEach, describe, expect, it, vi } from 'vitest';
import { IntentQueue, newIntent, type Intent } from '../../../party/crm/intents';
import { crmEnv } from '../../../party/crm/settings';
import { emptyDetails, type RecordOutcome } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

afterEach(() => {
  vi.useRealTimers();
});

const DAY = 24 * 60 * 60 * 1000;

/** A queue on the built-in store (no CRM configured) whose conversation answers as `reachable` says. */
function queue(retention?: { maxCreated: number; maxAgeMs: number }, storage = new MemoryStorage()) {
  const told: { id: string; outcome: RecordOutcome }[] = [];
  const host = {
    storage: storage.asStorage(),
    env: crmEnv({}),
    reachable: true,
    changed: () => undefined,
    tellConversation: async (i: Intent, outcome: RecordOutcome) => {
      if (host.reachable) told.push({ id: i.id, outcome });
      return host.reachable;
    },
  };
  return { q: new IntentQueue(host, retention), storage, host, told };
}

const offline = (n: number) =>
  newIntent(`off:sub-${n}`, { source: 'offline', workspaceId: 'ws', target: 'builtin' }, { type: 'offline', contact: { name: `Visitor ${n}` }, create: ['lead'], transcript: 'Bot: hi' });
const details = (conversationId: string) =>
  newIntent(
    `conv:${conversationId}:lead`,
    { source: 'conversation', conversationId, workspaceId: 'ws', target: 'builtin' },
    { type: 'details', kind: 'lead', visitorName: 'Vera', details: emptyDetails() },
  );

async function create(q: IntentQueue, i: Intent, tell = false) {
  await q.save(i);
  await q.attempt(i, tell);
  return i;
}

describe('CRM intents: created ones leave memory, stay in storage for a bounded time', () => {
  it('drops a created intent from memory once reported, and still finds and lists it', async () => {
    const { q, storage } = queue();
    for (let n = 0; n < 30; n++) expect((await create(q, offline(n))).status).toBe('created');
    expect(q.intents.size).toBe(0);
    expect(storage.keys('intent:')).toHaveLength(30);
    expect(await q.find('off:sub-7')).toMatchObject({ status: 'created', result: { kind: 'lead' } });
    const recent = await q.recent(10);
    expect(recent).toHaveLength(10);
    expect(recent.every((i) => i.status === 'created')).toBe(true);
    expect(recent.map((i) => i.createdAt)).toEqual([...recent.map((i) => i.createdAt)].sort((a, b) => b - a));
  });

  it('keeps a created intent in memory until the conversation has been told, then lets it go', async () => {
    const { q, host, told } = queue();
    host.reachable = false;
    const i = await create(q, details('c1'), true);
    expect(i).toMatchObject({ status: 'created', tellConversation: true });
    expect(q.intents.has(i.id)).toBe(true);
    host.reachable = true;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 }); // past the notify retry delay
    await q.drain();
    expect(told).toEqual([{ id: i.id, outcome: { status: 'created', record: expect.objectContaining({ kind: 'lead' }), person: expect.objectContaining({ kind: 'person' }), crm: 'builtin' } }]);
    expect(q.intents.size).toBe(0);
    expect((await q.recent(5)).map((x) => x.id)).toEqual([i.id]);
  });

  it('keeps open intents (failed, pending) in memory and lists them with the created ones', async () => {
    const { q } = queue();
    await create(q, offline(1));
    const failed = offline(2);
    Object.assign(failed, { status: 'failed', lastError: 'refused' });
    await q.save(failed);
    expect([...q.intents.keys()]).toEqual(['off:sub-2']);
    expect((await q.recent(10)).map((i) => `${i.id}:${i.status}`).sort()).toEqual(['off:sub-1:created', 'off:sub-2:failed']);
  });

  it('keeps at most maxCreated created intents in storage, the newest', async () => {
    const { q, storage } = queue({ maxCreated: 3, maxAgeMs: 7 * DAY });
    vi.useFakeTimers({ toFake: ['Date'], now: 1_900_000_000_000 });
    for (let n = 0; n < 5; n++) {
      vi.setSystemTime(1_900_000_000_000 + n);
      await create(q, offline(n));
    }
    expect(storage.keys('intent:')).toEqual(['intent:off:sub-2', 'intent:off:sub-3', 'intent:off:sub-4']);
    expect(storage.keys('intent-done:')).toHaveLength(3);
    expect((await q.recent(10)).map((i) => i.id)).toEqual(['off:sub-4', 'off:sub-3', 'off:sub-2']);
    expect(await q.find('off:sub-0')).toBeUndefined();
  });

  it('deletes created intents older than maxAgeMs', async () => {
    const { q, storage } = queue({ maxCreated: 500, maxAgeMs: 7 * DAY });
    vi.useFakeTimers({ toFake: ['Date'], now: 1_900_000_000_000 });
    await create(q, offline(1));
    vi.setSystemTime(1_900_000_000_000 + 6 * DAY);
    await create(q, offline(2));
    expect(storage.keys('intent:')).toHaveLength(2);
    vi.setSystemTime(1_900_000_000_000 + 8 * DAY);
    await create(q, offline(3));
    expect(storage.keys('intent:')).toEqual(['intent:off:sub-2', 'intent:off:sub-3']);
  });

  it('on load, holds only open intents, indexes created ones stored before pruning existed, and prunes them', async () => {
    const storage = new MemoryStorage();
    const old = Array.from({ length: 6 }, (_, n) => ({ ...offline(n), createdAt: 1_000 + n, status: 'created' as const }));
    for (const i of old) await storage.put(`intent:${i.id}`, i);
    const pending = { ...offline(9), nextAt: Date.now() + 60_000 };
    await storage.put(`intent:${pending.id}`, pending);
    const { q } = queue({ maxCreated: 4, maxAgeMs: 365_000 * DAY }, storage);
    await q.load();
    expect([...q.intents.keys()]).toEqual(['off:sub-9']);
    expect(storage.keys('intent-done:')).toHaveLength(4);
    expect((await q.recent(10)).map((i) => i.id)).toEqual(['off:sub-9', 'off:sub-5', 'off:sub-4', 'off:sub-3', 'off:sub-2']);
    storage.read = 0;
    await q.schedule(); // only the open intent is looked at: no storage listing
    expect(storage.read).toBe(0);
  });
});
