import { expect, test } from 'vitest';
import { CloseCode, Limits } from '../../../protocol';
import { Door } from '../../../party/door';
import { ManualClock, MemorySocket } from '../../helpers/memory-room';

test('a stranger may send small frames only; a big one is refused unread, told once; the deadline closes it unless admitted', () => {
  const clock = new ManualClock();
  const admitted = new Set<string>();
  const door = new Door(clock, 5_000, (id) => admitted.has(id));
  const a = new MemorySocket();
  const b = new MemorySocket();
  door.open(a);
  door.open(b);
  expect(door.lets(a, 'x'.repeat(Limits.preHelloFrameChars))).toBe(true);
  expect(door.lets(a, 'x'.repeat(Limits.preHelloFrameChars + 1))).toBe(false);
  expect(door.lets(a, new Uint8Array(3))).toBe(false);
  expect(a.of('error')).toEqual([expect.objectContaining({ code: 'frame-too-large' })]);
  door.greet(b.id);
  expect(door.lets(b, 'x'.repeat(100_000))).toBe(true); // said hello: the room's own frame cap applies
  admitted.add(b.id);
  clock.advance(4_999);
  expect(a.closed).toBeNull();
  clock.advance(1);
  expect(a.closed?.code).toBe(CloseCode.helloTimeout);
  expect(b.closed).toBeNull();
  door.closed(b.id);
  expect(door.lets(b, 'x'.repeat(100_000))).toBe(false);
});
