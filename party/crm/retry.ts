/** Retry policy for CRM calls: exponential backoff with "equal jitter" (half the delay fixed, half random), never sooner than the CRM asked. */
export const RetryPolicy = {
  maxAttempts: 8,
  capMs: 5 * 60_000,
};

/** Delay before attempt `attempt + 1` (attempt counts from 1). `random` is injectable for tests. */
export function backoffMs(attempt: number, baseMs: number, retryAfterMs = 0, random = Math.random): number {
  const ceiling = Math.min(RetryPolicy.capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half jitter: spreads retries out without ever retrying at once.
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.max(jittered, retryAfterMs));
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
