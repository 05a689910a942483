import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { decideRating } from '../../../party/conversation/rating';
import type { Meta } from '../../../party/conversation/state';
import { BatonError, type Entry } from '../../../protocol';
import { conversationHarness, type ConversationHarness } from '../../helpers/memory-conversation';
import type { MemorySocket } from '../../helpers/memory-room';

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

const meta = (h: ConversationHarness) => h.storage.data.get('meta') as Meta;
const errors = (s: MemorySocket) => s.of<{ code: string; problem?: { code: string }; problems?: Record<string, { code: string }>; ref?: string }>('error');
const ratedEvents = (h: ConversationHarness) => h.stored().filter((e) => e.event === 'rated') as unknown as Extract<Entry, { kind: 'event' }>[];

/** A chat Alice claimed and answered; `close` closes it. */
async function chat(close = true) {
  const h = conversationHarness();
  await h.init();
  const visitor = await h.visitor();
  const alice = await h.agent('alice');
  await h.send(alice, { type: 'claim', ref: 'c' });
  h.clock.advance(30_000);
  await h.send(alice, { type: 'send', id: 'reply-0001', text: 'Hello!' });
  if (close) await h.send(alice, { type: 'close', ref: 'x' });
  return { h, visitor, alice };
}

describe('decideRating (the rules)', () => {
  test('only once, only when closed; the comment is kept trimmed', () => {
    expect(decideRating({ status: 'closed' }, 4, '  Great  ', 7)).toEqual({ score: 4, comment: 'Great', at: 7 });
    expect(decideRating({ status: 'closed' }, 1, undefined, 7)).toEqual({ score: 1, at: 7 });
    const refused = (m: Parameters<typeof decideRating>[0]) => {
      try {
        decideRating(m, 5, undefined, 1);
      } catch (err) {
        return err instanceof BatonError ? [err.code, err.extra.problem?.code] : err;
      }
      return 'accepted';
    };
    for (const status of ['bot', 'waiting', 'active', 'unassigned', 'missed'] as const) expect(refused({ status })).toEqual(['invalid-transition', 'not-closed']);
    expect(refused({ status: 'closed', rating: { score: 3, at: 1 } })).toEqual(['conflict', 'already-rated']);
  });
});

describe('rating in the conversation room', () => {
  test('the visitor rates a closed chat once: stored with a rated event for agents, the view says rated, the workspace hears it', async () => {
    const { h, visitor, alice } = await chat();
    visitor.clear();
    alice.clear();
    await h.send(visitor, { type: 'rate', ref: 'r1', score: 4, comment: ' Quick and kind ' });
    expect(visitor.of('ok')).toEqual([{ type: 'ok', ref: 'r1' }]);
    expect(meta(h).rating).toMatchObject({ score: 4, comment: 'Quick and kind' });
    expect(ratedEvents(h)).toEqual([expect.objectContaining({ event: 'rated', rating: { score: 4, comment: 'Quick and kind' } })]);
    // Agents get the event; the visitor does not (not a visitor event), but their view says rated.
    expect(alice.of<{ entries: Entry[] }>('entries').flatMap((f) => f.entries).map((e) => e.kind === 'event' && e.event)).toContain('rated');
    expect(visitor.of<{ entries: Entry[] }>('entries').flatMap((f) => f.entries)).toEqual([]);
    expect(visitor.of<{ conversation: { rated?: true } }>('state').at(-1)?.conversation.rated).toBe(true);
    // The report carries the whole facts: the rating, the reply, who handled it.
    const last = h.reports.at(-1) as unknown as { facts: Record<string, unknown> };
    expect(last.facts).toMatchObject({ v: 1, rating: 4, agent: { id: 'alice', name: 'Alice' } });
    expect(typeof last.facts.firstReplyAt).toBe('number');
    expect(typeof last.facts.claimedAt).toBe('number');

    await h.send(visitor, { type: 'rate', ref: 'r2', score: 1 });
    expect(errors(visitor).at(-1)).toMatchObject({ code: 'conflict', problem: { code: 'already-rated' }, ref: 'r2' });
    expect(ratedEvents(h)).toHaveLength(1);
    expect(meta(h).rating?.score).toBe(4);
    // A new visitor socket is told it is rated.
    const again = await h.visitor();
    expect(again.of<{ conversation: { rated?: true } }>('welcome')[0]?.conversation.rated).toBe(true);
  });

  test('before the close: not-closed, nothing stored', async () => {
    const { h, visitor } = await chat(false);
    const entries = h.stored().length;
    await h.send(visitor, { type: 'rate', ref: 'r', score: 5 });
    expect(errors(visitor).at(-1)).toMatchObject({ code: 'invalid-transition', problem: { code: 'not-closed' }, ref: 'r' });
    expect(h.stored()).toHaveLength(entries);
    expect(meta(h).rating).toBeUndefined();
  });

  test('an agent may not rate: forbidden, nothing stored', async () => {
    const { h, alice } = await chat();
    await h.send(alice, { type: 'rate', ref: 'r', score: 5 });
    expect(errors(alice).at(-1)).toMatchObject({ code: 'forbidden', ref: 'r' });
    expect(meta(h).rating).toBeUndefined();
    expect(ratedEvents(h)).toEqual([]);
  });

  test('forged fields are refused with a typed error and nothing is stored', async () => {
    const { h, visitor } = await chat();
    const forged: Record<string, unknown>[] = [
      { type: 'rate', ref: 'a', score: 6 },
      { type: 'rate', ref: 'b', score: 0 },
      { type: 'rate', ref: 'c', score: 4.5 },
      { type: 'rate', ref: 'd', score: '5' },
      { type: 'rate', ref: 'e', score: 5, comment: 'x'.repeat(1_001) },
      { type: 'rate', ref: 'f', score: 5, comment: '   ' },
      { type: 'rate', ref: 'g', score: 5, comment: '\u200b\u200b' },
      { type: 'rate', ref: 'h', score: 5, by: { id: 'alice', name: 'Alice' } },
      { type: 'rate', ref: 'i', score: 5, at: 946_684_800_000 },
      { type: 'rate', ref: 'j' },
    ];
    for (const frame of forged) await h.send(visitor, frame);
    const errs = errors(visitor);
    expect(errs).toHaveLength(forged.length);
    // A wrong shape is an invalid frame; a comment that breaks the text rules, an invalid field: both typed.
    expect(errs.map((e) => e.code)).toEqual(forged.map((f) => (typeof f.comment === 'string' && f.comment.length <= 1_000 ? 'invalid-field' : 'invalid-frame')));
    const problem = (i: number) => Object.values(errs[i]!.problems ?? {})[0]?.code;
    expect(problem(0)).toBe('out-of-range');
    expect(problem(2)).toBe('not-whole');
    expect(problem(4)).toBe('message-too-long');
    expect(problem(5)).toBe('message-empty');
    expect(problem(6)).toBe('message-invisible');
    expect(meta(h).rating).toBeUndefined();
    expect(ratedEvents(h)).toEqual([]);
  });

  test('a rating survives a restart and is still refused twice', async () => {
    const { h, visitor } = await chat();
    await h.send(visitor, { type: 'rate', ref: 'r', score: 2 });
    await h.restart();
    const v2 = await h.visitor();
    await h.send(v2, { type: 'rate', ref: 'r2', score: 5 });
    expect(errors(v2).at(-1)).toMatchObject({ problem: { code: 'already-rated' } });
    expect(meta(h).rating?.score).toBe(2);
  });
});

describe('facts the conversation reports', () => {
  test('first claim, first reply and the first miss are kept; a lead made later is reported', async () => {
    const h = conversationHarness({
      other: (_to, body) => (body.type === 'record-create' ? { status: 200, body: { status: 'created', record: { kind: 'lead', id: 'L1', title: 'Lead' } } } : { status: 404 }),
    });
    const start = h.clock.now();
    await h.init();
    h.clock.advance(61_000);
    await h.conv.alarm(); // the wait ran out
    const alice = await h.agent('alice');
    h.clock.advance(10_000);
    await h.send(alice, { type: 'claim', ref: 'c' });
    h.clock.advance(5_000);
    await h.send(alice, { type: 'send', id: 'reply-0001', text: 'Sorry for the wait' });
    await h.send(alice, { type: 'close', ref: 'x' });
    await h.send(alice, { type: 'create-record', ref: 'l', kind: 'lead' });
    const facts = (h.reports.at(-1) as unknown as { facts: Record<string, unknown> }).facts;
    expect(facts).toEqual({ v: 1, startedAt: start, missedAt: start + 61_000, claimedAt: start + 71_000, firstReplyAt: start + 76_000, agent: { id: 'alice', name: 'Alice' }, lead: true });
  });
});
