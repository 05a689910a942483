import type { Env, Storage } from './ports';

/**
 * Tests only (BATON_TEST_STORAGE=1, like the other test knobs: absent in production, so the route does not
 * exist there): `GET /parties/<party>/<id>/__test-storage` answers every key the room stores and its alarm,
 * so a test can check what is left in a room by listing it; `PUT` with `{ storage, alarm? }` replaces the
 * room's storage with a fixture (the room reads it at its next start: restart the server).
 */
export const TEST_STORAGE_ROUTE = '__test-storage';

export const testStorageOn = (env: Env) => env.BATON_TEST_STORAGE === '1';

export const isTestStorageRequest = (url: string) => new URL(url).pathname.split('/').filter(Boolean).at(-1) === TEST_STORAGE_ROUTE;

const PAGE = 128;

export async function dumpStorage(storage: Storage): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  let after: string | undefined;
  for (;;) {
    const page = await storage.list({ limit: PAGE, ...(after !== undefined ? { startAfter: after } : {}) });
    for (const [k, v] of page) out[(after = k)] = v;
    if (page.size < PAGE) return out;
  }
}

export async function clearStorage(storage: Storage): Promise<void> {
  for (;;) {
    const keys = [...(await storage.list({ limit: PAGE })).keys()];
    if (!keys.length) return;
    await storage.delete(keys);
  }
}

export async function testStorageRoute(req: Request, storage: Storage): Promise<Response> {
  const headers = { 'content-type': 'application/json' };
  if (req.method === 'GET') return new Response(JSON.stringify({ storage: await dumpStorage(storage), alarm: await storage.getAlarm() }), { headers });
  if (req.method !== 'PUT') return new Response('Method not allowed', { status: 405 });
  const body = (await req.json()) as { storage: Record<string, unknown>; alarm?: number | null };
  await clearStorage(storage);
  const entries = Object.entries(body.storage);
  for (let n = 0; n < entries.length; n += PAGE) await storage.put(Object.fromEntries(entries.slice(n, n + PAGE)));
  if (body.alarm) await storage.setAlarm(body.alarm);
  else await storage.deleteAlarm();
  return new Response(JSON.stringify({ ok: true, keys: entries.length }), { headers });
}
