import { signal } from '@preact/signals';
import { describe, expect, test, vi } from 'vitest';
import { Scope } from '../../../models/scope';

describe('Scope', () => {
  test('disposes effects and added steps once, newest first', () => {
    const order: string[] = [];
    const s = new Scope();
    const n = signal(0);
    const seen: number[] = [];
    s.effect(() => void seen.push(n.value));
    s.add(() => order.push('a'));
    s.add(() => order.push('b'));
    n.value = 1;
    s.dispose();
    s.dispose();
    n.value = 2;
    expect(seen).toEqual([0, 1]);
    expect(order).toEqual(['b', 'a']);
    expect(s.disposed).toBe(true);
  });

  test('a step added after dispose runs at once', () => {
    const s = new Scope();
    s.dispose();
    const step = vi.fn();
    s.add(step);
    expect(step).toHaveBeenCalledTimes(1);
  });

  test('an early disposer runs once and is not run again with the scope', () => {
    const s = new Scope();
    const step = vi.fn();
    const early = s.add(step);
    early();
    early();
    s.dispose();
    expect(step).toHaveBeenCalledTimes(1);
  });

  test('a child is disposed with its parent, and alone without it', () => {
    const parent = new Scope();
    const a = parent.child();
    const b = parent.child();
    const stepA = vi.fn();
    const stepB = vi.fn();
    a.add(stepA);
    b.add(stepB);
    a.dispose();
    expect(stepA).toHaveBeenCalledTimes(1);
    parent.dispose();
    expect(stepB).toHaveBeenCalledTimes(1);
    expect(stepA).toHaveBeenCalledTimes(1);
  });

  test('timers are cleared with the scope', () => {
    vi.useFakeTimers();
    try {
      const s = new Scope();
      const fired = vi.fn();
      s.timeout(fired, 100);
      s.dispose();
      vi.advanceTimersByTime(200);
      expect(fired).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  test('one failing step does not stop the others, and the failure is reported', () => {
    const s = new Scope();
    const after = vi.fn();
    s.add(after);
    s.add(() => {
      throw new Error('boom');
    });
    expect(() => s.dispose()).toThrow('boom');
    expect(after).toHaveBeenCalledTimes(1);
  });
});
