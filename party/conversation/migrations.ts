import type { MigrationStep } from '../migrate';

/**
 * What a conversation room stores, by key, with the version of each shape (the room's `schema` mark is the
 * version of all of them: see ../migrate.ts). A new key family goes here, and a changed shape gets a step.
 */
export const CONVERSATION_STORED = [
  { key: 'meta', shape: 'Meta (state.ts): status, assignee, timers, visitor keys, CRM refs, rating, email state', v: 2 },
  { key: 'details', shape: 'Details (protocol/details.ts): what agents filled in', v: 1 },
  { key: 'trail', shape: 'PageView[] (protocol/trail.ts): pages the visitor viewed', v: 1 },
  { key: 'e:', shape: 'Entry (protocol/model.ts) by zero-padded seq: the log', v: 1 },
  { key: 'test-clock', shape: 'tests only (BATON_TEST_CLOCK): { v, ms } the clock offset (../test-clock.ts)', v: 1 },
  { key: 'schema', shape: 'SchemaMark (../migrate.ts)', v: 1 },
] as const;

type Rec = Record<string, unknown>;
const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * 1 → 2, `meta`: the URL rooms created before BATON_PUBLIC_URL kept (never read since) goes, and the playbook's
 * wait time is kept in rooms made before it was (the first deadline told it): chats put back in Unassigned wait
 * that long again, without the fallback in state.ts `waitMsOf` having to guess.
 */
export function metaV2(key: string, value: unknown): ReturnType<MigrationStep['up']> {
  if (key !== 'meta' || !isObject(value)) return null;
  const hasUrl = 'workspaceUrl' in value;
  const needsWait = value.waitSeconds === undefined && typeof value.createdAt === 'number';
  if (!hasUrl && !needsWait) return null;
  const { workspaceUrl: _gone, ...rest } = value;
  if (needsWait) {
    const until = typeof value.waitUntil === 'number' ? value.waitUntil : (value.createdAt as number) + 30_000;
    rest.waitSeconds = Math.max(30, Math.round((until - (value.createdAt as number)) / 1000));
  }
  return { put: rest };
}

export const CONVERSATION_MIGRATIONS: readonly MigrationStep[] = [{ to: 2, what: 'conversation meta: drop workspaceUrl, keep waitSeconds', prefixes: ['meta'], up: metaV2 }];
