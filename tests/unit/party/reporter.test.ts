import { describe, expect, test, vi } from 'vitest';
import { Reporter, type Change } from '../../../party/conversation/reporter';
import { settle } from '../../helpers/memory-room';

/** A reporter whose sends stay open until the test answers them. */
function controlled() {
  const sent: Change[] = [];
  const answers: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const reporter = new Reporter((change) => {
    sent.push(change);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise<void>((resolve) =>
      answers.push(() => {
        inFlight--;
        resolve();
      }),
    );
  });
  const answerNext = async () => {
    answers.shift()!();
    await settle();
  };
  return { reporter, sent, answerNext, get maxInFlight() { return maxInFlight; }, get pending() { return answers.length; } };
}

describe('Reporter', () => {
  test('one report in flight at a time; changes made meanwhile merge by actor, the latest visitor message wins', async () => {
    const c = controlled();
    const done: string[] = [];
    void c.reporter.report({ visitorMessage: 'first' }).then(() => done.push('first'));
    void c.reporter.report({ visitorMessage: 'second' }).then(() => done.push('second'));
    void c.reporter.report({ visitorMessage: 'third' }).then(() => done.push('third'));
    void c.reporter.report({ actorId: 'alice' }).then(() => done.push('alice-1'));
    void c.reporter.report({ actorId: 'alice' }).then(() => done.push('alice-2'));
    void c.reporter.report({ visitorMessage: 'fourth' }).then(() => done.push('fourth'));
    await settle();
    expect(c.sent).toEqual([{ visitorMessage: 'first' }]);
    expect(c.reporter.waiting).toBe(3); // [second+third], [alice x2], [fourth]
    await c.answerNext();
    expect(done).toEqual(['first']);
    expect(c.sent[1]).toEqual({ visitorMessage: 'third' });
    await c.answerNext();
    expect(done).toEqual(['first', 'second', 'third']);
    expect(c.sent[2]).toEqual({ actorId: 'alice' });
    await c.answerNext();
    await c.answerNext();
    expect(c.sent).toHaveLength(4);
    expect(c.sent[3]).toEqual({ visitorMessage: 'fourth' });
    expect(done).toEqual(['first', 'second', 'third', 'alice-1', 'alice-2', 'fourth']);
    expect(c.maxInFlight).toBe(1);
    expect(c.reporter.waiting).toBe(0);
  });

  test('changes by different actors are not merged (an actor is never notified of their own change)', async () => {
    const c = controlled();
    void c.reporter.report({});
    void c.reporter.report({ actorId: 'alice' });
    void c.reporter.report({ actorId: 'bob' });
    void c.reporter.report({ actorId: 'bob', visitorMessage: 'hi' });
    await settle();
    for (let i = 0; i < 3; i++) await c.answerNext();
    expect(c.sent).toEqual([{}, { actorId: 'alice' }, { actorId: 'bob', visitorMessage: 'hi' }]);
  });

  test('a merged change keeps a visitor message given earlier when the later one has none', async () => {
    const c = controlled();
    void c.reporter.report({});
    void c.reporter.report({ visitorMessage: 'kept' });
    void c.reporter.report({});
    await settle();
    await c.answerNext();
    expect(c.sent[1]).toEqual({ visitorMessage: 'kept' });
  });

  test('a send that throws resolves its waiters and the next report still goes', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let calls = 0;
    const r = new Reporter(async () => {
      if (++calls === 1) throw new Error('boom');
    });
    await r.report({});
    await r.report({ actorId: 'x' });
    expect(calls).toBe(2);
    vi.restoreAllMocks();
  });

  test('after the queue drains a new report starts a new round', async () => {
    const c = controlled();
    const first = c.reporter.report({});
    await settle();
    await c.answerNext();
    await first;
    void c.reporter.report({ actorId: 'a' });
    await settle();
    expect(c.sent).toEqual([{}, { actorId: 'a' }]);
    expect(c.pending).toBe(1);
    await c.answerNext();
  });
});
