import { describe, expect, it } from 'vitest';
import { backoffDelay, CloseCode, isFatalClose, SOCKET_BASE_MS, SOCKET_CAP_MS } from '../../../protocol';

const at = (attempt: number, r: number, base = 1_000, cap = 30_000) => backoffDelay(attempt, base, cap, () => r);

describe('backoffDelay (equal jitter)', () => {
  it('draws from [c/2, c] with c = base · 2^attempt: random 0 gives the floor, random 1 the ceiling', () => {
    expect([at(0, 0), at(0, 1)]).toEqual([500, 1_000]);
    expect([at(1, 0), at(1, 1)]).toEqual([1_000, 2_000]);
    expect([at(3, 0), at(3, 1)]).toEqual([4_000, 8_000]);
    expect(at(3, 0.5)).toBe(6_000);
    // Math.random never returns 1: its largest value stays within the ceiling.
    expect(at(3, 1 - Number.EPSILON)).toBe(8_000);
  });

  it('never retries at once: even the first wait is half the base', () => {
    expect(at(0, 0)).toBeGreaterThan(0);
    expect(at(0, 0, SOCKET_BASE_MS, SOCKET_CAP_MS)).toBe(SOCKET_BASE_MS / 2);
  });

  it('caps the ceiling: from the attempt where base · 2^n passes the cap, the range is [cap/2, cap]', () => {
    expect([at(4, 0), at(4, 1)]).toEqual([8_000, 16_000]);
    expect([at(5, 0), at(5, 1)]).toEqual([15_000, 30_000]);
    expect([at(6, 0), at(6, 1)]).toEqual([15_000, 30_000]);
    expect([at(40, 0), at(40, 1)]).toEqual([15_000, 30_000]);
  });

  it('stays finite and within the cap for huge, infinite, negative and NaN attempts, and a base of 0', () => {
    for (const attempt of [1_024, 1e9, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY]) {
      expect(at(attempt, 0)).toBe(15_000);
      expect(at(attempt, 1)).toBe(30_000);
    }
    // A base so large that base · 2^52 would overflow: the cap still holds.
    expect(at(60, 1, 1e300, 5_000)).toBe(5_000);
    for (const attempt of [-1, -1e9, Number.NaN]) expect([at(attempt, 0), at(attempt, 1)]).toEqual([500, 1_000]);
    expect(at(Number.POSITIVE_INFINITY, 1, 0)).toBe(0);
  });

  it('returns whole milliseconds, and uses Math.random by default', () => {
    expect(at(0, 0.3333)).toBe(667);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(2, 1_000, 30_000);
      expect(Number.isInteger(d) && d >= 2_000 && d <= 4_000).toBe(true);
    }
  });
});

describe('isFatalClose', () => {
  it('stops on the refusals that reconnecting would meet again, and only on those', () => {
    expect([CloseCode.versionMismatch, CloseCode.unauthorized, CloseCode.revoked, CloseCode.notFound].map(isFatalClose)).toEqual([true, true, true, true]);
    expect([1000, 1001, 1006, 1011, CloseCode.helloTimeout, CloseCode.tooManySockets].map(isFatalClose)).toEqual([false, false, false, false, false, false]);
  });
});
