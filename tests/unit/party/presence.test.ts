import { expect, test } from 'vitest';
import { VisitorPresence, type Presence } from '../../../party/conversation/presence';
import { ManualClock } from '../../helpers/memory-room';

function presence(graceMs = 10_000) {
  const clock = new ManualClock();
  const changes: Presence[] = [];
  const p = new VisitorPresence(clock, graceMs, (s) => changes.push(s));
  return { clock, changes, p, t0: clock.now() };
}

test('starts away; a visitor socket makes it here at once', () => {
  const { p, changes, t0 } = presence();
  expect(p.state).toEqual({ visitor: 'away', since: null });
  p.update(true);
  expect(changes).toEqual([{ visitor: 'here', since: t0 }]);
  p.update(true); // a second socket changes nothing
  expect(changes).toHaveLength(1);
});

test('away only after the grace period, dated when the visitor left', () => {
  const { p, changes, clock, t0 } = presence();
  p.update(true);
  clock.advance(5_000);
  p.update(false);
  clock.advance(9_999);
  expect(changes).toHaveLength(1);
  expect(p.state.visitor).toBe('here');
  clock.advance(1);
  expect(changes.at(-1)).toEqual({ visitor: 'away', since: t0 + 5_000 });
  expect(clock.pending).toBe(0);
});

test('coming back within the grace period (a page change) does not flicker', () => {
  const { p, changes, clock } = presence();
  p.update(true);
  p.update(false);
  clock.advance(3_000);
  p.update(true);
  clock.advance(60_000);
  expect(changes.map((c) => c.visitor)).toEqual(['here']);
  expect(clock.pending).toBe(0);
});

test('repeated leaves keep the first timer; leaving while already away does nothing', () => {
  const { p, changes, clock, t0 } = presence();
  p.update(false);
  expect(clock.pending).toBe(0);
  p.update(true);
  p.update(false);
  clock.advance(4_000);
  p.update(false);
  expect(clock.pending).toBe(1);
  clock.advance(6_000);
  expect(changes.at(-1)).toEqual({ visitor: 'away', since: t0 });
});
