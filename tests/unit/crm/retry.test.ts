import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../protocol/backoff';
import { RetryPolicy, backoffMs, retryAfterMs } from '../../../party/crm/retry';

describe('backoff', () => {
  it('grows exponentially between half and all of the ceiling', () => {
    expect(backoffMs(1, 1000, 0, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 0, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 0, () => 0)).toBe(2000);
    expect(backoffMs(3, 1000, 0, () => 0.999)).toBeLessThanOrEqual(4000);
  });
  it('is capped', () => {
    expect(backoffMs(30, 1000, 0, () => 1)).toBe(RetryPolicy.capMs);
  });
  it('never comes sooner than the CRM asked, even past the cap', () => {
    expect(backoffMs(1, 100, 7000, () => 0)).toBe(7000);
    expect(backoffMs(1, 1000, 300, () => 0)).toBe(500);
    expect(backoffMs(30, 1000, 2 * RetryPolicy.capMs, () => 1)).toBe(2 * RetryPolicy.capMs);
  });
  it('is the shared backoff (equal jitter), its attempt counted from 1', () => {
    for (const attempt of [1, 2, 5, 9, 40]) {
      for (const r of [0, 0.25, 1]) expect(backoffMs(attempt, 2_000, 0, () => r)).toBe(backoffDelay(attempt - 1, 2_000, RetryPolicy.capMs, () => r));
    }
  });
});

describe('retryAfterMs', () => {
  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.UTC(2030, 0, 1);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(now + 5000).toUTCString() }), now)).toBe(5000);
  });
  it("falls back to Pipedrive's x-ratelimit-reset when nothing is left in the window", () => {
    expect(retryAfterMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '2' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});
