import { effect } from '@preact/signals-core';

type Disposer = () => void;

/**
 * What a model owns and must undo: its effects, subscriptions, timers, child models. Every model
 * holds one `Scope` and its `dispose()` is `this.scope.dispose()`, so no model keeps a hand-written
 * list of things to stop. Disposing runs the undo steps once, newest first; anything added to a
 * disposed scope is undone at once (a late subscription cannot leak).
 */
export class Scope {
  private undo: Disposer[] = [];
  private done = false;

  /** An effect that lives as long as the scope. */
  effect(fn: () => void | (() => void)): Disposer {
    return this.add(effect(fn));
  }

  /** Something to undo with the scope (an unsubscribe, a listener removal); returns a disposer that undoes it early. */
  add(dispose: Disposer): Disposer {
    if (this.done) {
      dispose();
      return () => {};
    }
    let ran = false;
    const once = () => {
      if (ran) return;
      ran = true;
      this.undo = this.undo.filter((d) => d !== once);
      dispose();
    };
    this.undo.push(once);
    return once;
  }

  /** A timer cleared with the scope. */
  timeout(fn: () => void, ms: number): Disposer {
    const id = setTimeout(() => {
      stop();
      fn();
    }, ms);
    const stop = this.add(() => clearTimeout(id));
    return stop;
  }

  /** A scope disposed with this one (and removable earlier, e.g. one open chat). */
  child(): Scope {
    const child = new Scope();
    child.add(this.add(() => child.dispose()));
    return child;
  }

  get disposed(): boolean {
    return this.done;
  }

  /** Undoes everything, newest first. Idempotent; an undo step that throws does not stop the others. */
  dispose(): void {
    if (this.done) return;
    this.done = true;
    const steps = this.undo.reverse();
    this.undo = [];
    let failure: unknown;
    for (const step of steps) {
      try {
        step();
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure !== undefined) throw failure;
  }
}
