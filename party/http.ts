import type * as v from 'valibot';
import { BatonError, decode, errorFrame, type ErrorCode } from '../protocol';

const STATUS: Partial<Record<ErrorCode, number>> = {
  'frame-too-large': 413,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'already-claimed': 409,
  'rate-limited': 429,
  unavailable: 503,
  internal: 500,
};

export function cors(origin: string | null): Record<string, string> {
  return {
    'access-control-allow-origin': origin ?? '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '86400',
    vary: 'origin',
  };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function errorResponse(err: BatonError, headers: Record<string, string> = {}): Response {
  return json(err.toFrame(), STATUS[err.code] ?? 400, headers);
}

export function fail(code: ErrorCode, message: string): Response {
  return json(errorFrame(code, message), STATUS[code] ?? 400);
}

/**
 * Reads a JSON body of at most `max` bytes; throws BatonError. A declared `content-length` over the cap is
 * refused before anything is read, and a body without one stops being read as soon as it passes the cap:
 * a stranger can't make the room buffer 20 MiB to find out it is too big.
 */
export async function readJson(req: Request, max = 64_000): Promise<{ raw: string; value: unknown }> {
  const tooLarge = () => BatonError.of('frame-too-large', { code: 'body-too-large', params: { max } });
  const declared = req.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= max)) throw tooLarge();
  let raw = '';
  if (req.body) {
    const reader = req.body.getReader();
    const decoder = new TextDecoder();
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      raw += decoder.decode(value, { stream: true });
    }
    raw += decoder.decode();
  }
  try {
    return { raw, value: JSON.parse(raw) };
  } catch {
    throw new BatonError('bad-json', 'Body is not valid JSON');
  }
}

/**
 * Every inbound socket frame of both rooms: per-connection rate limit, one `decode`, the handler, and any
 * refusal answered as a typed error echoing the command's ref (or the message id). Nothing else changes.
 */
export async function runFrame<S extends v.GenericSchema>(
  room: string,
  conn: { id: string; send(data: string): void },
  limiter: RateLimiter,
  schema: S,
  raw: unknown,
  maxChars: number | undefined,
  handle: (msg: v.InferOutput<S>) => Promise<unknown>,
): Promise<void> {
  const reply = (err: BatonError, ref?: string) => conn.send(JSON.stringify(err.toFrame(ref)));
  // Decoded first (frames are capped, and a stranger's only before hello: see the rooms' message()), so a
  // refusal for rate always names the command it refuses.
  const decoded = decode(schema, raw, maxChars);
  if (!decoded.ok) return limiter.take(conn.id) ? reply(decoded.error) : reply(new BatonError('rate-limited', 'Too many frames; slow down'), decoded.error.extra.ref);
  const msg = decoded.value as { ref?: string; id?: string; type: string };
  const ref = typeof msg.ref === 'string' ? msg.ref : msg.type === 'send' ? msg.id : undefined;
  if (!limiter.take(conn.id)) return reply(new BatonError('rate-limited', 'Too many frames; slow down'), ref);
  try {
    await handle(decoded.value);
  } catch (err) {
    if (err instanceof BatonError) return reply(err, ref);
    console.error(`${room} frame failed`, err instanceof Error ? err.message : 'unknown');
    reply(new BatonError('internal', 'Internal error'), ref);
  }
}

/** Token bucket per key; in memory (a room is single-threaded). */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private burst: number,
    private perSecond: number,
  ) {}
  take(key: string, now = Date.now()): boolean {
    // Keys are client addresses too: forget the ones that have refilled, so the map can't grow without end.
    if (this.buckets.size >= 10_000 && !this.buckets.has(key)) this.prune(now);
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return false;
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    return true;
  }
  forget(key: string) {
    this.buckets.delete(key);
  }
  prune(now = Date.now()) {
    for (const [key, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
  }
  get size() {
    return this.buckets.size;
  }
}
