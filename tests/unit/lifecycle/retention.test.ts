import { describe, expect, test } from 'vitest';
import type { ConversationSummary } from '../../../protocol';
import { DAY_MS, RUN_KEY, Retention, retentionCandidates, type RetentionHost } from '../../../party/workspace/retention';
import { Alarms } from '../../../party/workspace/alarms';
import { exportKey, exportSelection } from '../../../party/workspace/data-export';
import { MemoryStorage, fakeLink } from '../../helpers/memory-room';

const chat = (id: string, status: ConversationSummary['status'], closedAt: number | null, createdAt = 1): ConversationSummary =>
  ({ id, playbookId: 'demo', status, assignee: null, visitorName: 'V', lastMessage: null, unread: 0, createdAt, lastActivityAt: createdAt, closedAt }) as ConversationSummary;

describe('which chats a sweep deletes', () => {
  test('closed before the cutoff, oldest first, after the cursor; never an open chat, whatever its age', () => {
    const index = [chat('c', 'closed', 300), chat('a', 'closed', 100), chat('open', 'active', null), chat('missed', 'missed', null), chat('late', 'closed', 5_000), chat('b', 'closed', 100)];
    expect(retentionCandidates(index, 1_000, '', 10).map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(retentionCandidates(index, 1_000, '', 2).map((s) => s.id)).toEqual(['a', 'b']);
    expect(retentionCandidates(index, 1_000, '000000000000100:b', 10).map((s) => s.id)).toEqual(['c']);
  });
});

/** A workspace's retention over memory storage and fake rooms that answer `erase` as real rooms do. */
function harness(index: Map<string, ConversationSummary>, storage = new MemoryStorage(), now = { t: 10 * DAY_MS }) {
  const rooms = new Map([...index.values()].map((s) => [s.id, s.status]));
  const erased: string[] = [];
  let down = false;
  const { link } = fakeLink('s', (to, body) => {
    if (down) return { status: 503 };
    const status = rooms.get(to.id);
    if (!status) return { status: 404 };
    const s = index.get(to.id);
    const ok = status === 'closed' && s?.closedAt != null && s.closedAt < Number(body.closedBefore);
    if (ok) {
      rooms.delete(to.id);
      erased.push(to.id);
    }
    return { status: 200, body: { erased: ok, records: {} } };
  });
  const wakes: (number | null)[] = [];
  const host: RetentionHost = {
    storage: storage.asStorage(),
    link,
    now: () => now.t,
    index: () => index.values(),
    forget: async (ids) => ids.forEach((id) => index.delete(id)),
    wake: async (ms) => void wakes.push(ms),
    changed: () => {},
  };
  return { host, storage, erased, wakes, now, rooms, setDown: (d: boolean) => (down = d) };
}

describe('Retention', () => {
  test('off by default: nothing is armed and the alarm deletes nothing', async () => {
    const index = new Map([['old', chat('old', 'closed', 1)]]);
    const h = harness(index);
    const r = new Retention(h.host);
    await r.load();
    expect(r.view()).toEqual({ days: null, lastRunAt: null, lastDeleted: 0, running: false });
    await r.tick();
    expect(h.erased).toEqual([]);
    expect(h.wakes).toEqual([null]);
  });

  test('a sweep goes in batches, resumes from its stored cursor after a restart, touches only old closed chats, then waits a day', async () => {
    const now = { t: 10 * DAY_MS };
    const index = new Map<string, ConversationSummary>();
    for (let i = 0; i < 5; i++) index.set(`old${i}`, chat(`old${i}`, 'closed', DAY_MS + i));
    index.set('recent', chat('recent', 'closed', now.t - DAY_MS));
    index.set('open', chat('open', 'active', null));
    // The index may be stale: the room says this one is not closed any more (it never deletes an open chat).
    index.set('stale', { ...chat('stale', 'closed', DAY_MS + 9) });
    const h = harness(index, new MemoryStorage(), now);
    h.rooms.set('stale', 'active');
    const r = new Retention(h.host, 2);
    await r.load();
    await r.save(3);
    expect(h.wakes.at(-1)).toBe(0);
    await r.tick(); // first batch of 2
    expect(h.erased).toEqual(['old0', 'old1']);
    expect(h.storage.data.get(RUN_KEY)).toMatchObject({ v: 1, after: `${String(DAY_MS + 1).padStart(15, '0')}:old1`, deleted: 2 });

    // Restart: a new Retention over the same storage picks up the run and re-arms at once.
    const again = harness(index, h.storage, now);
    again.rooms.clear();
    for (const [id, s] of index) again.rooms.set(id, id === 'stale' ? 'active' : s.status);
    const r2 = new Retention(again.host, 2);
    await r2.load();
    expect(again.wakes).toEqual([0]);
    expect(r2.view().running).toBe(true);
    for (let i = 0; i < 5 && r2.view().running; i++) await r2.tick();
    expect(again.erased).toEqual(['old2', 'old3', 'old4']);
    expect([...index.keys()].sort()).toEqual(['open', 'recent', 'stale']);
    expect(r2.view()).toMatchObject({ days: 3, lastRunAt: now.t, lastDeleted: 5, running: false });
    expect(h.storage.data.has(RUN_KEY)).toBe(false);
    expect(again.wakes.at(-1)).toBe(DAY_MS);
    // Not due yet: the alarm does nothing.
    await r2.tick();
    expect(again.erased).toHaveLength(3);
  });

  test('a room that does not answer pauses the sweep (retried later); turning it off stops the sweep', async () => {
    const index = new Map([['old', chat('old', 'closed', 1)]]);
    const h = harness(index);
    const r = new Retention(h.host);
    await r.load();
    await r.save(1);
    h.setDown(true);
    await r.tick();
    expect(h.erased).toEqual([]);
    expect(r.view().running).toBe(true);
    expect(h.wakes.at(-1)).toBe(60_000);
    await r.save(null);
    expect(r.view().running).toBe(false);
    expect(h.storage.data.has(RUN_KEY)).toBe(false);
    expect(h.wakes.at(-1)).toBeNull();
  });
});

describe('export pages', () => {
  const index = [chat('b', 'closed', 5, 20), chat('a', 'active', null, 20), chat('c', 'waiting', null, 10)];
  test('oldest first, then by id; from a cursor on; one conversation alone', () => {
    const all = exportSelection(index, {});
    expect(all.rest.map((s) => s.id)).toEqual(['c', 'a', 'b']);
    expect(all.total).toBe(3);
    expect(exportSelection(index, { cursor: exportKey(index[1]!) }).rest.map((s) => s.id)).toEqual(['b']);
    expect(exportSelection(index, { conversationId: 'a' }).rest.map((s) => s.id)).toEqual(['a']);
    expect(() => exportSelection(index, { conversationId: 'zz' })).toThrow(/No such/);
  });
});

describe('Alarms', () => {
  test('the room’s one alarm is the earliest any owner wants; what fired is forgotten', async () => {
    const storage = new MemoryStorage();
    const a = new Alarms<'crm' | 'retention'>(storage.asStorage());
    await a.want('retention', 500);
    await a.want('crm', 200);
    expect(storage.alarm).toBe(200);
    a.fired(300);
    await a.rearm();
    expect(storage.alarm).toBe(500);
    await a.want('retention', null);
    expect(storage.alarm).toBeNull();
  });
});
