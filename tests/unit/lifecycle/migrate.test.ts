import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SCHEMA_KEY, applyStep, checkSteps, latestOf, migrate, type MigrationStep } from '../../../party/migrate';
import { CONVERSATION_MIGRATIONS, CONVERSATION_STORED, metaV2 } from '../../../party/conversation/migrations';
import { WORKSPACE_MIGRATIONS, WORKSPACE_STORED, intentV2 } from '../../../party/workspace/migrations';
import { MemoryStorage } from '../../helpers/memory-storage';

type Dump = { storage: Record<string, unknown> };
const fixture = (name: string): Dump => JSON.parse(readFileSync(new URL(`../../fixtures/storage-v1/${name}.json`, import.meta.url), 'utf8'));
const FIXTURES = { workspace: ['workspace'], conversation: ['conversation-vera', 'conversation-walt'] } as const;

const rename: MigrationStep = { to: 2, what: 'a: rename x to y', prefixes: ['a:'], up: (_k, v: any) => ('x' in v ? { put: { y: v.x } } : null) };
const drop: MigrationStep = { to: 3, what: 'b: gone', prefixes: ['b:'], up: () => ({ delete: true }) };

function storageWith(data: Record<string, unknown>) {
  const s = new MemoryStorage();
  for (const [k, v] of Object.entries(data)) s.data.set(k, structuredClone(v));
  return s;
}

describe('migrate', () => {
  test('runs every step above the stored version, in order, in pages, and stores the new version', async () => {
    const data: Record<string, unknown> = { keep: 1 };
    for (let i = 0; i < 300; i++) data[`a:${String(i).padStart(3, '0')}`] = { x: i };
    data['b:1'] = 'old';
    const s = storageWith(data);
    expect(await migrate(s.asStorage(), [rename, drop], 1000)).toEqual({ from: 1, to: 3, changed: 301 });
    expect(s.data.get('a:299')).toEqual({ y: 299 });
    expect(s.data.has('b:1')).toBe(false);
    expect(s.data.get('keep')).toBe(1);
    expect(s.data.get(SCHEMA_KEY)).toEqual({ v: 3, at: 1000 });
  });

  test('idempotent: a second start changes nothing, and a step cut short runs again to the same end', async () => {
    const s = storageWith({ 'a:1': { x: 1 }, 'a:2': { x: 2 } });
    await migrate(s.asStorage(), [rename], 1);
    const after = structuredClone([...s.data]);
    s.puts = 0;
    expect(await migrate(s.asStorage(), [rename], 2)).toEqual({ from: 2, to: 2, changed: 0 });
    expect(s.puts).toBe(0);
    // Half done and the version not yet stored (a restart in the middle of the step).
    const cut = storageWith({ 'a:1': { y: 1 }, 'a:2': { x: 2 } });
    await migrate(cut.asStorage(), [rename], 1);
    expect([...cut.data]).toEqual(after);
  });

  test('a room at a newer or equal version is left alone; an empty room stays empty', async () => {
    const s = storageWith({ 'a:1': { x: 1 }, [SCHEMA_KEY]: { v: 2, at: 0 } });
    await migrate(s.asStorage(), [rename], 5);
    expect(s.data.get('a:1')).toEqual({ x: 1 });
    const empty = new MemoryStorage();
    await migrate(empty.asStorage(), [rename, drop], 5);
    expect(empty.data.size).toBe(0);
  });

  test('steps must be numbered 2, 3, … with no gap', () => {
    expect(() => checkSteps([drop])).toThrow(/out of order/);
    expect(() => checkSteps([rename, drop])).not.toThrow();
    expect(latestOf([])).toBe(1);
  });
});

describe('the rooms’ steps', () => {
  test('conversation meta 1 → 2: the unused workspaceUrl goes, waitSeconds is kept from the first deadline; idempotent', () => {
    const old = { conversationId: 'w.c', createdAt: 1_000, waitUntil: 121_000, workspaceUrl: 'http://x', status: 'waiting' };
    const out = metaV2('meta', old);
    expect(out).toEqual({ put: { conversationId: 'w.c', createdAt: 1_000, waitUntil: 121_000, waitSeconds: 120, status: 'waiting' } });
    expect(metaV2('meta', (out as { put: unknown }).put)).toBeNull();
    expect(metaV2('details', old)).toBeNull();
  });

  test('workspace intents 1 → 2: the unused conversationUrl goes; idempotent', () => {
    const out = intentV2('intent:i1', { id: 'i1', conversationUrl: 'http://x', status: 'pending' });
    expect(out).toEqual({ put: { id: 'i1', status: 'pending' } });
    expect(intentV2('intent:i1', (out as { put: unknown }).put)).toBeNull();
    expect(intentV2('intent-done:1:i1', 'i1')).toBeNull();
  });

  test.each([
    ['workspace', WORKSPACE_STORED, WORKSPACE_MIGRATIONS],
    ['conversation', CONVERSATION_STORED, CONVERSATION_MIGRATIONS],
  ] as const)('every key today’s %s rooms store is catalogued with a version, and the steps keep every key and value of the fixtures', (party, stored, steps) => {
    checkSteps(steps);
    for (const name of FIXTURES[party]) {
      const records = new Map(Object.entries(fixture(name).storage));
      for (const key of records.keys()) expect(stored.some((s) => (s.key.endsWith(':') ? key.startsWith(s.key) : key === s.key)), `${name}: ${key} is not catalogued`).toBe(true);
      let out = records;
      for (const step of steps) out = applyStep(step, out);
      // Nothing lost: today's shapes have nothing a step removes, so every key and value is the same.
      expect([...out.keys()]).toEqual([...records.keys()]);
      expect(Object.fromEntries(out)).toEqual(Object.fromEntries(records));
      // And run again: the same.
      let again = out;
      for (const step of steps) again = applyStep(step, again);
      expect(Object.fromEntries(again)).toEqual(Object.fromEntries(out));
    }
  });
});
