import { systemClock, type Clock, type Env, type Storage } from './ports';
import { STORAGE_BATCH, clearStorage, scanStorage } from './storage-scan';

/**
 * Tests only (BATON_TEST_STORAGE=1, like the other test knobs: absent in production, so the route does not
 * exist there): `GET /parties/<party>/<id>/__test-storage` answers every key the room stores and its alarm,
 * so a test can check what is left in a room by listing it; `PUT` with `{ storage, alarm? }` replaces the
 * room's storage with a fixture (the room reads it at its next start: restart the server).
 */
export const TEST_STORAGE_ROUTE = '__test-storage';

export const testStorageOn = (env: Env) => env.BATON_TEST_STORAGE === '1';

export const isTestStorageRequest = (url: string, route = TEST_STORAGE_ROUTE) => new URL(url).pathname.split('/').filter(Boolean).at(-1) === route;

const PAGE = STORAGE_BATCH;

export async function dumpStorage(storage: Storage): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for await (const page of scanStorage(storage)) for (const [k, v] of page) out[k] = v;
  return out;
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

/**
 * Tests only (BATON_TEST_CLOCK=1): the workspace room's clock runs `offsetMs` ahead of real time, kept in storage
 * under `test-clock` so it holds across a restart; `PUT /parties/workspace/<id>/__test-clock` `{ offsetMs }` sets
 * it. Retention reads this clock, so a test can let "days" pass (README "Test knobs").
 */
export const TEST_CLOCK_ROUTE = '__test-clock';
export const TEST_CLOCK_KEY = 'test-clock';

export async function testClock(storage: Storage): Promise<{ clock: Clock; route(req: Request): Promise<Response> }> {
  let offset = (await storage.get<number>(TEST_CLOCK_KEY)) ?? 0;
  return {
    clock: { ...systemClock, now: () => Date.now() + offset },
    async route(req: Request) {
      const body = (await req.json()) as { offsetMs: number };
      if (!Number.isFinite(body.offsetMs)) return new Response('offsetMs?', { status: 400 });
      offset = body.offsetMs;
      await storage.put(TEST_CLOCK_KEY, offset);
      return new Response(JSON.stringify({ ok: true }), { headers: { 'content-type': 'application/json' } });
    },
  };
}
