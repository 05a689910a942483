import { describe, expect, it } from 'vitest';
import { badgeCount, badgeText, buildFolders, displayName, generatedName, INBOX_FOLDERS, inboxFolderOf } from '../../../models/inbox';
import { summary } from '../../helpers/extension-fixtures';

const me = { id: 'a1', name: 'Ada' };
const bob = { id: 'a2', name: 'Bob' };

const index = [
  summary({ id: 'u1', status: 'waiting', lastActivityAt: 10 }),
  summary({ id: 'u2', status: 'unassigned', lastActivityAt: 30 }),
  summary({ id: 'm1', status: 'active', assignee: me, unread: 0, lastActivityAt: 20 }),
  summary({ id: 'm2', status: 'active', assignee: me, unread: 3, lastActivityAt: 40 }),
  summary({ id: 'm3', status: 'active', assignee: me, unread: 1, lastActivityAt: 5 }),
  summary({ id: 'b1', status: 'active', assignee: bob, unread: 9 }),
  summary({ id: 'k1', status: 'closed', assignee: me, closedAt: 50, lastActivityAt: 50 }),
  summary({ id: 'k2', status: 'missed', closedAt: null, lastActivityAt: 60, missedAt: 45 }),
  summary({ id: 'k3', status: 'missed', closedAt: null, lastActivityAt: 20, missedAt: 55 }),
  // Missed before summaries carried `missedAt`: its last activity stands in.
  summary({ id: 'k4', status: 'missed', closedAt: null, lastActivityAt: 50 }),
  summary({ id: 'bot', status: 'bot' }),
];

describe('folders', () => {
  it('sorts each folder by last activity and hides what I may not see', () => {
    const f = buildFolders(index, 'a1');
    expect(f.unassigned.map((c) => c.id)).toEqual(['u2', 'u1']);
    expect(f.mine.map((c) => c.id)).toEqual(['m2', 'm1', 'm3']);
    expect(f.closed.map((c) => c.id)).toEqual(['k1']);
  });

  it('missed chats have their own folder, newest missed first, for everyone (follow-up until someone takes them)', () => {
    expect(buildFolders(index, 'a1').missed.map((c) => c.id)).toEqual(['k3', 'k4', 'k2']);
    expect(buildFolders(index, 'a2').missed.map((c) => c.id)).toEqual(['k3', 'k4', 'k2']);
    expect(inboxFolderOf('a1', summary({ status: 'missed' }))).toBe('missed');
    // Taken for follow-up: it is the taker's, in Mine, and nobody else's.
    const taken = summary({ status: 'active', assignee: bob, missedAt: 45 });
    expect([inboxFolderOf('a2', taken), inboxFolderOf('a1', taken)]).toEqual(['mine', null]);
    // The tabs' order.
    expect(INBOX_FOLDERS).toEqual(['unassigned', 'mine', 'missed', 'closed']);
  });

  it('is empty before we know who I am', () => {
    expect(buildFolders(index, null)).toEqual({ unassigned: [], mine: [], missed: [], closed: [] });
  });
});

describe('badge', () => {
  it('counts Unassigned plus my chats with unread messages', () => {
    expect(badgeCount(index, 'a1')).toBe(4);
    // Bob sees the unassigned two and his own unread chat, not mine.
    expect(badgeCount(index, 'a2')).toBe(3);
    expect(badgeCount([], 'a1')).toBe(0);
  });

  it('shows nothing at zero and caps long numbers', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(12_345)).toBe('999+');
  });
});

describe('visitor names', () => {
  it('generates a stable name when the visitor gave none', () => {
    expect(generatedName('abc')).toBe(generatedName('abc'));
    expect(displayName({ id: 'abc', visitorName: '  ' })).toBe(generatedName('abc'));
    expect(displayName({ id: 'abc', visitorName: 'Zoe' })).toBe('Zoe');
    const names = new Set(Array.from({ length: 50 }, (_, i) => generatedName(`id-${i}`)));
    expect(names.size).toBeGreaterThan(20);
  });
});
