import { afterEach, describe, expect, it, vi } from 'vitest';
import { BuiltinCrm } from '../../../party/crm/builtin';
import type { RecordKind } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

afterEach(() => {
  vi.useRealTimers();
});

/** A store with `n` people all created in the same millisecond (one offline form makes several at once). */
async function sameMillisecond(n: number, at = 1_900_000_000_000) {
  vi.useFakeTimers({ toFake: ['Date'], now: at });
  const storage = new MemoryStorage();
  const crm = new BuiltinCrm(storage.asStorage());
  for (let k = 0; k < n; k++) await crm.createPerson({ name: `P${k}` });
  return { storage, crm };
}

/** Follows the cursors to the end, as the options page does. */
async function allPages(crm: BuiltinCrm, opts: { limit: number; kind?: RecordKind }) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await crm.list({ ...opts, ...(cursor ? { cursor } : {}) });
    ids.push(...page.records.map((r) => r.id));
    if (!page.more) return ids;
    expect(page.cursor).toEqual(expect.stringMatching(/^rec:/));
    cursor = page.cursor;
  }
  throw new Error('paging never ended');
}

describe('built-in records, paged with the storage cursor', () => {
  it('neither skips nor repeats records created in the same millisecond across page boundaries', async () => {
    const { storage, crm } = await sameMillisecond(7);
    const ids = await allPages(crm, { limit: 3 });
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    expect(new Set(ids)).toEqual(new Set(storage.keys('rec:').map((k) => k.split(':')[2])));
  });

  it('reads one page (plus one to know there is more), not the whole store', async () => {
    const { storage, crm } = await sameMillisecond(60);
    storage.read = 0;
    const page = await crm.list({ limit: 10 });
    expect(page.records).toHaveLength(10);
    expect(page.more).toBe(true);
    expect(storage.read).toBeLessThanOrEqual(11);
  });

  it('is newest first, and the last page says there is no more and gives no cursor', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1000 });
    const storage = new MemoryStorage();
    const crm = new BuiltinCrm(storage.asStorage());
    for (const at of [1000, 2000, 3000]) {
      vi.setSystemTime(at);
      await crm.createLead({ title: `L${at}` });
    }
    const page = await crm.list({ limit: 3 });
    expect(page.records.map((r) => r.title)).toEqual(['L3000', 'L2000', 'L1000']);
    expect(page).toMatchObject({ more: false });
    expect(page.cursor).toBeUndefined();
    // `before` (a createdAt, exclusive) still works for older clients.
    expect((await crm.list({ before: 3000, limit: 5 })).records.map((r) => r.title)).toEqual(['L2000', 'L1000']);
  });

  it('filters by kind with the same cursors, reading a bounded number of keys per page', async () => {
    const { storage, crm } = await sameMillisecond(1_500);
    vi.setSystemTime(1_900_000_000_001);
    await crm.createLead({ title: 'Only lead' }); // the newest; 1 500 people are older
    const first = await crm.list({ kind: 'lead', limit: 1 });
    expect(first.records.map((r) => r.title)).toEqual(['Only lead']);
    storage.read = 0;
    const people = await allPages(crm, { kind: 'person', limit: 400 });
    expect(new Set(people).size).toBe(1_500);
    storage.read = 0;
    const none = await crm.list({ kind: 'deal', limit: 10 });
    expect(storage.read).toBeLessThanOrEqual(1_000);
    expect(none).toMatchObject({ records: [], more: true, cursor: expect.stringMatching(/^rec:/) });
    expect(await allPages(crm, { kind: 'deal', limit: 10 })).toEqual([]);
  });
});
