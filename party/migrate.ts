import type { Storage } from './ports';
import { logEvent } from './log';

/**
 * Upgrades of stored rooms. Every room keeps `schema` = `{ v, at }`: the version of the shapes of everything in
 * its storage (each room's catalogue says which keys those are: conversation/migrations.ts,
 * workspace/migrations.ts). A room with data and no `schema` key is at version 1 (every room stored before
 * versions were kept: tests/fixtures/storage-v1). On start the room runs, in order, every step above its
 * version, then stores the new version: a step is a plain function of one stored record, so it is unit-tested
 * without a room, and must be idempotent (a step cut short by a restart is run again from the start).
 */
export const SCHEMA_KEY = 'schema';
export type SchemaMark = { v: number; at: number };

/** What a step does to one stored record: `null` keeps it as it is. */
export type Change = { put: unknown } | { delete: true } | null;

export type MigrationStep = {
  /** The version the room is at once this step has run (2, 3, …: ordered, no gaps). */
  to: number;
  /** One line for the operator's log and the README's upgrade notes. */
  what: string;
  /** Key prefixes the step reads (an exact key is its own prefix: `up` sees the key and can tell). */
  prefixes: readonly string[];
  up(key: string, value: unknown): Change;
};

/** Reads and writes per storage call: Durable Object storage takes at most 128 keys per batch. */
const BATCH = 128;

/** The newest version a list of steps reaches (1 with none). */
export const latestOf = (steps: readonly MigrationStep[]) => steps.reduce((n, s) => Math.max(n, s.to), 1);

/** Steps must be numbered 2, 3, … in order: checked once at start (and by the unit tests). */
export function checkSteps(steps: readonly MigrationStep[]): void {
  steps.forEach((s, i) => {
    if (s.to !== i + 2) throw new Error(`migration steps out of order: step ${i} goes to ${s.to}, expected ${i + 2}`);
  });
}

/** The steps a room at version `from` runs, in order. */
export const pendingSteps = (steps: readonly MigrationStep[], from: number) => steps.filter((s) => s.to > from);

/** Applies a step to records held in memory (fixtures, unit tests): the same rule the storage runner applies. */
export function applyStep(step: MigrationStep, records: ReadonlyMap<string, unknown>): Map<string, unknown> {
  const out = new Map(records);
  for (const [key, value] of records) {
    if (!step.prefixes.some((p) => key.startsWith(p))) continue;
    const change = step.up(key, structuredClone(value));
    if (change && 'delete' in change) out.delete(key);
    else if (change) out.set(key, change.put);
  }
  return out;
}

export type MigrationResult = { from: number; to: number; changed: number };

/**
 * Brings a room's storage to the newest version. An empty room (never used, or every key deleted) is left
 * empty: writing a version there would leave something in a room that must hold nothing.
 */
export async function migrate(storage: Storage, steps: readonly MigrationStep[], now: number): Promise<MigrationResult> {
  checkSteps(steps);
  const latest = latestOf(steps);
  const mark = await storage.get<SchemaMark>(SCHEMA_KEY);
  if (mark && mark.v >= latest) return { from: mark.v, to: mark.v, changed: 0 };
  if (!mark && (await storage.list({ limit: 1 })).size === 0) return { from: latest, to: latest, changed: 0 };
  const from = mark?.v ?? 1;
  let changed = 0;
  for (const step of pendingSteps(steps, from)) {
    for (const prefix of step.prefixes) changed += await runOver(storage, step, prefix);
    // Stored after the step's writes: a restart in the middle runs the (idempotent) step again.
    await storage.put<SchemaMark>(SCHEMA_KEY, { v: step.to, at: now });
    logEvent('storage-migrated', { to: step.to, step: step.what.replace(/[^\w.:/-]+/g, '-').slice(0, 80) });
  }
  return { from, to: latest, changed };
}

async function runOver(storage: Storage, step: MigrationStep, prefix: string): Promise<number> {
  let after: string | undefined;
  let changed = 0;
  for (;;) {
    const page = await storage.list({ prefix, limit: BATCH, ...(after !== undefined ? { startAfter: after } : {}) });
    const puts: Record<string, unknown> = {};
    const deletes: string[] = [];
    for (const [key, value] of page) {
      after = key;
      const change = step.up(key, value);
      if (change && 'delete' in change) deletes.push(key);
      else if (change) puts[key] = change.put;
    }
    if (Object.keys(puts).length) await storage.put(puts);
    if (deletes.length) await storage.delete(deletes);
    changed += Object.keys(puts).length + deletes.length;
    if (page.size < BATCH) return changed;
  }
}

/** One line of a room's catalogue of what it stores: a key ending in `:` is a prefix, any other an exact key. */
export type StoredFamily = { readonly key: string; readonly shape: string; readonly v: number };

/** The catalogue line a stored key belongs to (undefined: a key no catalogue line names — add one). */
export const familyOf = (catalogue: readonly StoredFamily[], key: string): StoredFamily | undefined =>
  catalogue.find((s) => (s.key.endsWith(':') ? key.startsWith(s.key) : key === s.key));
