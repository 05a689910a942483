/** Types for demo-origins.mjs (plain JS so `node scripts/start.mjs` runs it without a build). */
export function demoOrigins(demoPort: number): string[];
export function followPort(allowed: readonly string[], previous: readonly string[] | undefined, current: readonly string[]): string[] | null;
export type SyncResult = { missing: true } | { changed: false } | { changed: true; before: string[]; after: string[] };
export function syncDemoPlaybook(o: { server: string; workspace: string; credential: string; playbookId: string; current: string[]; previous?: string[]; timeoutMs?: number }): Promise<SyncResult>;
export function fetchIdentitySecret(o: { server: string; workspace: string; credential: string; timeoutMs?: number }): Promise<string | undefined>;
