import { describe, expect, test } from 'vitest';
import { Inbox, fanOut, type Delivery } from '../../../party/workspace/inbox';
import type { AgentRef, ConversationSummary, Status } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

const alice: AgentRef = { id: 'alice', name: 'Alice' };
const bob: AgentRef = { id: 'bob', name: 'Bob' };

function summary(status: Status, assignee: AgentRef | null = null, over: Partial<ConversationSummary> = {}): ConversationSummary {
  return { id: 'ws.c1', playbookId: 'pb', status, assignee, visitorName: 'Vera', lastMessage: null, unread: 0, createdAt: 1, lastActivityAt: 1, closedAt: null, ...over };
}

const everyone = ['alice', 'bob', 'carol'];
const allOnline = () => true;
const all = () => true;
/** Deliveries as `agent: frame[/event]`, for readable expectations. */
const brief = (ds: Delivery[]) => ds.map((d) => `${d.agentId}: ${d.frame.type}${d.frame.type === 'notify' ? `/${d.frame.event}` : ''}`);

describe('fanOut', () => {
  test('a new chat in Unassigned: everyone gets it, online agents are notified', () => {
    const ds = fanOut(undefined, summary('waiting'), everyone, (id) => id !== 'carol', all);
    expect(brief(ds)).toEqual(['alice: conversation', 'alice: notify/new-unassigned', 'bob: conversation', 'bob: notify/new-unassigned', 'carol: conversation']);
  });

  test('claimed: the claimer keeps it (not notified of their own claim), the others get a removal, never the chat', () => {
    const ds = fanOut(summary('waiting'), summary('active', alice), everyone, allOnline, all, undefined, 'alice');
    expect(brief(ds)).toEqual(['alice: conversation', 'bob: conversation-removed', 'carol: conversation-removed']);
    expect(ds.find((d) => d.agentId === 'bob')!.frame).toEqual({ type: 'conversation-removed', id: 'ws.c1' });
  });

  test('reassigned away: the new assignee gets it and "assigned to you", the old one a removal', () => {
    const ds = fanOut(summary('active', alice), summary('active', bob), everyone, allOnline, all, undefined, 'alice');
    expect(brief(ds)).toEqual(['alice: conversation-removed', 'bob: conversation', 'bob: notify/assigned-to-you']);
  });

  test('a visitor message on an active chat notifies only its assignee, text trimmed to 200', () => {
    const next = summary('active', alice, { unread: 1 });
    const ds = fanOut(summary('active', alice), next, everyone, allOnline, all, 'x'.repeat(500));
    expect(brief(ds)).toEqual(['alice: conversation', 'alice: notify/new-message']);
    expect(ds[1]!.frame).toEqual({ type: 'notify', event: 'new-message', conversation: next, text: 'x'.repeat(200) });
  });

  test('never a notification for the actor, nor for an agent who is offline', () => {
    expect(brief(fanOut(summary('active', alice), summary('active', alice), ['alice'], allOnline, all, 'hi', 'alice'))).toEqual(['alice: conversation']);
    expect(brief(fanOut(summary('active', alice), summary('active', alice), ['alice'], () => false, all, 'hi'))).toEqual(['alice: conversation']);
    expect(brief(fanOut(summary('active', alice), summary('unassigned'), everyone, allOnline, all, undefined, 'alice'))).toEqual([
      'alice: conversation',
      'bob: conversation',
      'bob: notify/new-unassigned',
      'carol: conversation',
      'carol: notify/new-unassigned',
    ]);
  });

  test('an agent never receives another agent\'s active chat, whatever the change', () => {
    const states: [Status, AgentRef | null][] = [['waiting', null], ['unassigned', null], ['active', alice], ['active', bob], ['missed', null], ['closed', alice], [ 'bot', null]];
    for (const [ps, pa] of [[undefined, null] as const, ...states]) {
      for (const [ns, na] of states) {
        const prev = ps ? summary(ps, pa) : undefined;
        for (const d of fanOut(prev, summary(ns, na), everyone, allOnline, all, 'msg')) {
          if (d.frame.type === 'conversation' || d.frame.type === 'notify') {
            const c = d.frame.conversation;
            expect(c.status === 'active' && c.assignee?.id !== d.agentId, `${d.agentId} got ${c.status}/${c.assignee?.id}`).toBe(false);
          }
        }
      }
    }
  });

  test('closing and missing show the chat to everyone again', () => {
    expect(brief(fanOut(summary('active', alice), summary('closed', alice), everyone, allOnline, all, undefined, 'alice'))).toEqual(['alice: conversation', 'bob: conversation', 'carol: conversation']);
    expect(brief(fanOut(summary('waiting'), summary('missed'), ['bob'], allOnline, all))).toEqual(['bob: conversation']);
  });
});

describe('fanOut: teams and routing', () => {
  /** alice is in Sales, bob is not, carol is an admin. */
  const reach = (agentId: string, team: string) => agentId === 'carol' || (agentId === 'alice' && team === 'sales');

  test("a team's chat nobody has reaches its members and admins only, notification included", () => {
    const ds = fanOut(undefined, summary('waiting', null, { team: 'sales' }), everyone, allOnline, reach);
    expect(brief(ds)).toEqual(['alice: conversation', 'alice: notify/new-unassigned', 'carol: conversation', 'carol: notify/new-unassigned']);
  });

  test('taken by a member, closed or missed: as any chat (its assignee, then everyone)', () => {
    expect(brief(fanOut(summary('waiting', null, { team: 'sales' }), summary('active', alice, { team: 'sales' }), everyone, allOnline, reach, undefined, 'alice'))).toEqual(['alice: conversation', 'carol: conversation-removed']);
    expect(brief(fanOut(summary('waiting', null, { team: 'sales' }), summary('missed', null, { team: 'sales' }), everyone, allOnline, reach))).toEqual(['alice: conversation', 'bob: conversation', 'carol: conversation']);
  });

  test('a chat routing deals is not announced as new to everyone: its agent hears "assigned to you"', () => {
    expect(brief(fanOut(undefined, summary('waiting', null, { routing: 'round-robin' }), everyone, allOnline, all))).toEqual(['alice: conversation', 'bob: conversation', 'carol: conversation']);
    expect(brief(fanOut(summary('waiting', null, { routing: 'round-robin' }), summary('active', bob, { routing: 'round-robin' }), everyone, allOnline, all))).toEqual([
      'alice: conversation-removed',
      'bob: conversation',
      'bob: notify/assigned-to-you',
      'carol: conversation-removed',
    ]);
  });

  test('Inbox.visibleTo applies the team rule', async () => {
    const inbox = new Inbox(new MemoryStorage().asStorage());
    await inbox.apply(summary('waiting', null, { id: 'ws.t', team: 'sales' }), 1);
    await inbox.apply(summary('waiting', null, { id: 'ws.a' }), 1);
    expect(inbox.visibleTo('alice', reach).map((s) => s.id).sort()).toEqual(['ws.a', 'ws.t']);
    expect(inbox.visibleTo('bob', reach).map((s) => s.id)).toEqual(['ws.a']);
  });
});

describe('Inbox', () => {
  test('a newer revision replaces, an older one is stale and changes nothing', async () => {
    const storage = new MemoryStorage();
    const inbox = new Inbox(storage.asStorage());
    expect(await inbox.apply(summary('waiting'), 10)).toEqual({ prev: undefined });
    expect(await inbox.apply(summary('active', alice), 12)).toEqual({ prev: summary('waiting') });
    expect(await inbox.apply(summary('unassigned'), 11)).toBe('stale');
    expect(await inbox.apply(summary('unassigned'), 12)).toBe('stale'); // equal is not newer
    expect(inbox.get('ws.c1')!.status).toBe('active');
    expect(storage.data.get('conv:ws.c1')).toMatchObject({ status: 'active' });
    expect(storage.data.get('rev:ws.c1')).toBe(12);
  });

  test('an unrevisioned summary (the creation\'s) is taken first, never over a revisioned one', async () => {
    const inbox = new Inbox(new MemoryStorage().asStorage());
    expect(inbox.isNewer('ws.c1', 0)).toBe(true);
    await inbox.apply(summary('waiting'), 0);
    expect(inbox.isNewer('ws.c1', 0)).toBe(false); // one unrevisioned summary only
    expect(inbox.isNewer('ws.c1', 1)).toBe(true);
    await inbox.apply(summary('active', alice), 5);
    expect(inbox.isNewer('ws.c1', 0)).toBe(false);
    expect(await inbox.apply(summary('waiting'), 0)).toBe('stale');
    expect(inbox.get('ws.c1')!.status).toBe('active');
  });

  test('the revisions survive a restart', async () => {
    const storage = new MemoryStorage();
    const a = new Inbox(storage.asStorage());
    await a.apply(summary('active', alice), 100);
    const b = new Inbox(storage.asStorage());
    await b.load();
    expect(b.get('ws.c1')!.assignee).toEqual(alice);
    expect(await b.apply(summary('waiting'), 99)).toBe('stale');
    expect(await b.apply(summary('waiting'), 0)).toBe('stale');
    expect(await b.apply(summary('closed', alice), 101)).not.toBe('stale');
  });

  test('visibleTo: what the agent may see, newest activity first; waiting lists chats nobody has', async () => {
    const inbox = new Inbox(new MemoryStorage().asStorage());
    await inbox.apply(summary('waiting', null, { id: 'ws.a', lastActivityAt: 1 }), 1);
    await inbox.apply(summary('active', alice, { id: 'ws.b', lastActivityAt: 3 }), 1);
    await inbox.apply(summary('active', bob, { id: 'ws.c', lastActivityAt: 2 }), 1);
    await inbox.apply(summary('unassigned', null, { id: 'ws.d', lastActivityAt: 4 }), 1);
    await inbox.apply(summary('closed', bob, { id: 'ws.e', lastActivityAt: 0 }), 1);
    expect(inbox.visibleTo('alice', all).map((s) => s.id)).toEqual(['ws.d', 'ws.b', 'ws.a', 'ws.e']);
    expect(inbox.visibleTo('bob', all).map((s) => s.id)).toEqual(['ws.d', 'ws.c', 'ws.a', 'ws.e']);
    expect(inbox.waiting().sort()).toEqual(['ws.a', 'ws.d']);
  });
});
