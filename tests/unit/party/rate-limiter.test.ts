import { expect, test } from 'vitest';
import { RateLimiter } from '../../../party/http';

test('a bucket allows its burst, then refills at its rate', () => {
  const r = new RateLimiter(3, 1);
  const t = 1_000_000;
  expect([r.take('a', t), r.take('a', t), r.take('a', t), r.take('a', t)]).toEqual([true, true, true, false]);
  expect(r.take('a', t + 500)).toBe(false);
  expect(r.take('a', t + 1_000)).toBe(true);
  expect(r.take('b', t)).toBe(true); // keys are independent
});

test('buckets of many addresses are forgotten once refilled, so the map stays bounded', () => {
  const r = new RateLimiter(10, 10 / 60);
  const t = 1_000_000;
  for (let i = 0; i < 10_000; i++) r.take(`198.51.${i >> 8}.${i & 255}`, t);
  expect(r.size).toBe(10_000);
  // A minute later every one of them has refilled: a new address triggers the sweep.
  expect(r.take('203.0.113.1', t + 61_000)).toBe(true);
  expect(r.size).toBe(1);
  // A bucket still being drained is kept.
  const busy = new RateLimiter(2, 1 / 60);
  busy.take('x', t);
  busy.prune(t + 1_000);
  expect(busy.size).toBe(1);
});
