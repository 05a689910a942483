import { describe, expect, it } from 'vitest';
import { HISTORY_MAX, type ConversationSummary, type VisitorKeys } from '../../../protocol';
import { outcomeOf, previousConversations, sameVisitor } from '../../../party/workspace/history';

const summary = (id: string, createdAt: number, status: ConversationSummary['status'] = 'closed'): ConversationSummary => ({
  id,
  playbookId: 'pb',
  status,
  assignee: null,
  visitorName: 'V',
  lastMessage: null,
  unread: 0,
  createdAt,
  lastActivityAt: createdAt,
  closedAt: status === 'closed' ? createdAt : null,
});

describe('who is the same visitor', () => {
  it('verified: the same user id only (not the same browser, not the same email)', () => {
    const me: VisitorKeys = { userId: 'u1', visitorId: 'b'.repeat(16), email: 'ada@example.com' };
    expect(sameVisitor(me, { userId: 'u1' })).toBe(true);
    expect(sameVisitor(me, { visitorId: 'b'.repeat(16) })).toBe(false);
    expect(sameVisitor(me, { email: 'ada@example.com' })).toBe(false);
    expect(sameVisitor(me, { userId: 'u2', visitorId: 'b'.repeat(16) })).toBe(false);
  });
  it('not verified: the same browser or the same email, never a chat the site vouched for', () => {
    const me: VisitorKeys = { visitorId: 'b'.repeat(16), email: 'ada@example.com' };
    expect(sameVisitor(me, { visitorId: 'b'.repeat(16) })).toBe(true);
    expect(sameVisitor(me, { email: 'ada@example.com' })).toBe(true);
    expect(sameVisitor(me, { userId: 'u1', email: 'ada@example.com' })).toBe(false);
    expect(sameVisitor(me, { visitorId: 'c'.repeat(16), email: 'bob@example.com' })).toBe(false);
    expect(sameVisitor({}, {})).toBe(false);
  });
});

describe('previous conversations', () => {
  it('newest first, not the chat itself, only what the agent may see, bounded, with outcomes', () => {
    const b = 'b'.repeat(16);
    const keys = new Map<string, VisitorKeys>([
      ['now', { visitorId: b }],
      ['old', { visitorId: b, records: ['lead'] }],
      ['older', { visitorId: b, records: ['lead', 'deal'] }],
      ['hidden', { visitorId: b }],
      ['other', { visitorId: 'c'.repeat(16) }],
      ['gone', { visitorId: b }], // no longer in the index
    ]);
    const index = new Map([summary('now', 50, 'active'), summary('old', 40), summary('older', 30, 'missed'), summary('hidden', 45, 'active'), summary('other', 20)].map((s) => [s.id, s]));
    const got = previousConversations('now', keys, (id) => index.get(id), (s) => s.id !== 'hidden');
    expect(got.map((h) => [h.conversation.id, h.outcome])).toEqual([
      ['old', 'lead'],
      ['older', 'deal'],
    ]);
    expect(previousConversations('unknown', keys, (id) => index.get(id), () => true)).toEqual([]);

    const many = new Map<string, VisitorKeys>(Array.from({ length: 30 }, (_, i) => [`c${i}`, { visitorId: b }]));
    const all = new Map(Array.from({ length: 30 }, (_, i) => [`c${i}`, summary(`c${i}`, 1_000 + i)]));
    const bounded = previousConversations('c0', many, (id) => all.get(id), () => true);
    expect(bounded).toHaveLength(HISTORY_MAX);
    expect(bounded[0]!.conversation.id).toBe('c29');
  });
  it('an outcome is the deal or lead made, else how it stands', () => {
    expect(outcomeOf(summary('a', 1, 'waiting'), {})).toBe('open');
    expect(outcomeOf(summary('a', 1, 'missed'), {})).toBe('missed');
    expect(outcomeOf(summary('a', 1, 'closed'), { records: ['lead'] })).toBe('lead');
  });
});
