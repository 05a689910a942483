import { describe, expect, it } from 'vitest';
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
  it('never comes sooner than the CRM asked', () => {
    expect(backoffMs(1, 100, 7000, () => 0)).toBe(7000);
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
