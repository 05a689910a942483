import { afterEach, describe, expect, test, vi } from 'vitest';
import { SIGNATURE_HEADER, SIGNED_AT_HEADER, verifyBody } from '../../../party/auth';
import { RoomLink, deliver, withTimeout } from '../../../party/link';
import { ManualClock, fakeLink } from '../../helpers/memory-room';
import { BatonError } from '../../../protocol';

const SECRET = 'link-test-secret-0123456789abcdefgh';
const to = { party: 'conversation' as const, id: 'ws1.c 1' };

afterEach(() => {
  vi.useRealTimers();
});

function recorder(answer: () => Promise<Response> = async () => new Response('{"ok":true}', { status: 200 })) {
  const calls: { via: string; url: string; init: RequestInit }[] = [];
  const fetcher = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ via: 'fetch', url: String(url), init: init! });
    return answer();
  }) as unknown as typeof fetch;
  const stub = { fetch: async (path: string, init: RequestInit) => (calls.push({ via: 'stub', url: path, init }), answer()) };
  return { calls, fetcher, stub };
}

describe('RoomLink', () => {
  test('through the stub when there is one: a signed POST the target room verifies', async () => {
    const r = recorder();
    const link = new RoomLink({ secret: SECRET, stub: () => r.stub, publicUrl: 'https://baton.example', timeoutMs: 1_000, fetch: r.fetcher });
    const res = await link.call(to, { type: 'wake' });
    expect(res.status).toBe(200);
    expect(r.calls.map((c) => [c.via, c.url])).toEqual([['stub', '/internal']]);
    const headers = new Headers(r.calls[0]!.init.headers);
    expect(r.calls[0]!.init.method).toBe('POST');
    expect(await verifyBody(SECRET, String(r.calls[0]!.init.body), headers, to)).toBe(true);
    expect(await verifyBody(SECRET, String(r.calls[0]!.init.body), headers, { party: 'conversation', id: 'ws1.other' })).toBe(false);
    expect(headers.get(SIGNATURE_HEADER)).toBeTruthy();
    expect(headers.get(SIGNED_AT_HEADER)).toMatch(/^\d+$/);
  });

  test('without a stub (or when asking for one throws), the configured public URL; never a Host header', async () => {
    for (const stub of [() => undefined, () => { throw new Error('no stubs in onAlarm'); }]) {
      const r = recorder();
      const link = new RoomLink({ secret: SECRET, stub, publicUrl: 'https://baton.example', timeoutMs: 1_000, fetch: r.fetcher });
      await link.call(to, { type: 'wake' });
      expect(r.calls.map((c) => [c.via, c.url])).toEqual([['fetch', 'https://baton.example/parties/conversation/ws1.c%201/internal']]);
      const headers = new Headers(r.calls[0]!.init.headers);
      expect(headers.has('host')).toBe(false);
      expect([...headers.keys()].sort()).toEqual(['content-type', SIGNATURE_HEADER, SIGNED_AT_HEADER].sort());
    }
  });

  test('neither a stub nor a public URL: unavailable, nothing sent', async () => {
    const r = recorder();
    const link = new RoomLink({ secret: SECRET, stub: () => undefined, publicUrl: null, timeoutMs: 1_000, fetch: r.fetcher });
    await expect(link.call(to, {})).rejects.toMatchObject({ code: 'unavailable', message: 'No route to the conversation room here: set BATON_PUBLIC_URL' });
    expect(r.calls).toEqual([]);
  });

  test('no answer within the timeout: unavailable, and no timer is left behind', async () => {
    vi.useFakeTimers();
    let reached!: () => void;
    const sent = new Promise<void>((resolve) => (reached = resolve));
    const r = recorder(() => (reached(), new Promise<Response>(() => {})));
    const link = new RoomLink({ secret: SECRET, stub: () => r.stub, publicUrl: null, timeoutMs: 2_000, fetch: r.fetcher });
    const call = link.call(to, {}).catch((e) => e);
    await sent; // signing is real crypto: wait until the request is out, then let time pass
    await vi.advanceTimersByTimeAsync(1_999);
    expect(vi.getTimerCount()).toBe(1);
    expect(r.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const err = await call;
    expect(err).toBeInstanceOf(BatonError);
    expect(err).toMatchObject({ code: 'unavailable', message: 'No answer from the conversation room within 2000 ms' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a network failure propagates to the caller; json() answers status and body (null when not JSON)', async () => {
    const failing = new RoomLink({ secret: SECRET, stub: () => ({ fetch: async () => { throw new TypeError('network down'); } }), publicUrl: null, timeoutMs: 1_000 });
    await expect(failing.call(to, {})).rejects.toThrow('network down');
    const r = recorder(async () => new Response('not json', { status: 502 }));
    const link = new RoomLink({ secret: SECRET, stub: () => r.stub, publicUrl: null, timeoutMs: 1_000 });
    expect(await link.json(to, {})).toEqual({ status: 502, body: null });
    const ok = recorder(async () => new Response('{"a":1}', { status: 200 }));
    expect(await new RoomLink({ secret: SECRET, stub: () => ok.stub, publicUrl: null, timeoutMs: 1_000 }).json(to, {})).toEqual({ status: 200, body: { a: 1 } });
  });

  test('withTimeout clears its timer when the promise settles first', async () => {
    vi.useFakeTimers();
    await expect(withTimeout(Promise.resolve(5), 1_000, 'x')).resolves.toBe(5);
    await expect(withTimeout(Promise.reject(new Error('no')), 1_000, 'x')).rejects.toThrow('no');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('deliver: a one-way message that must arrive', () => {
  test('tried now, then after 1 s, 5 s and 30 s until the room takes it; a 404 (room gone) ends it too; never throws', async () => {
    const clock = new ManualClock();
    const answers = [500, 503, 200];
    const { link, calls } = fakeLink('s'.repeat(32), () => ({ status: answers.shift() ?? 500 }));
    expect(await deliver(link, clock, { party: 'conversation', id: 'ws.c1' }, { type: 'offline-contact' }, 'test')).toBe(false);
    clock.advance(999);
    expect(calls).toHaveLength(1);
    clock.advance(1);
    await expect.poll(() => calls.length).toBe(2);
    clock.advance(5_000);
    await expect.poll(() => calls.length).toBe(3); // 200: done
    await expect.poll(() => clock.pending).toBe(0);

    const gone = fakeLink('s'.repeat(32), () => ({ status: 404 }));
    expect(await deliver(gone.link, clock, { party: 'conversation', id: 'ws.c2' }, {}, 'test')).toBe(true);
    expect(clock.pending).toBe(0);

    const never = fakeLink('s'.repeat(32), () => ({ status: 500 }));
    await deliver(never.link, clock, { party: 'conversation', id: 'ws.c3' }, {}, 'test');
    for (const [ms, n] of [[1_000, 2], [5_000, 3], [30_000, 4]] as const) {
      clock.advance(ms);
      await expect.poll(() => never.calls.length).toBe(n);
    }
    await expect.poll(() => clock.pending).toBe(0); // given up after three retries
  });
});
