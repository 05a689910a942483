import { backoffDelay } from '../../protocol/backoff';

/**
 * Retry policy for CRM calls: protocol/backoff.ts's exponential backoff with equal jitter (each wait
 * drawn from [c/2, c], c = min(capMs, base · 2^(attempt − 1))), never sooner than the CRM asked.
 */
export const RetryPolicy = {
  maxAttempts: 8,
  capMs: 5 * 60_000,
};

/**
 * Delay before attempt `attempt + 1` (`attempt` counts the calls made, from 1). A `Retry-After` (or a
 * rate-limit reset) is a floor on top of the jittered delay, not capped: the CRM knows when it will answer.
 * `random` is injectable for tests.
 */
export function backoffMs(attempt: number, baseMs: number, retryAfterMs = 0, random = Math.random): number {
  return Math.max(backoffDelay(attempt - 1, baseMs, RetryPolicy.capMs, random), Math.round(retryAfterMs));
}

/**
 * How long the CRM asked us to wait: `Retry-After` (seconds or an HTTP date), else Pipedrive's
 * `x-ratelimit-reset` (seconds left in the window) when `x-ratelimit-remaining` is 0.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ra = headers.get('retry-after');
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset)) return Math.max(0, reset * 1000);
  return undefined;
}
