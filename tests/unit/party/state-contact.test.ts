import { describe, expect, test } from 'vitest';
import { mergeContact } from '../../../party/conversation/contact';
import { agentView, entryKey, forVisitor, generatedVisitorName, isWaiting, summaryOf, visitorView, waitMsOf, type Meta } from '../../../party/conversation/state';
import { emptyDetails, type Entry } from '../../../protocol';

const meta = (over: Partial<Meta> = {}): Meta => ({
  conversationId: 'ws.c1',
  workspaceId: 'ws',
  playbookId: 'pb',
  botName: 'Bot',
  status: 'active',
  assignee: { id: 'alice', name: 'Alice' },
  createdAt: 1_000,
  closedAt: null,
  waitUntil: 61_000,
  waitSeconds: 60,
  offlineMessage: '',
  context: { pageUrl: 'https://x', referrer: '', language: 'en', userAgent: 'ua' },
  answers: { topic: 'sales' },
  lastSeq: 7,
  seen: { visitor: 5, agent: 4 },
  visitorName: 'Vera',
  records: {},
  ...over,
});

describe('state views', () => {
  test('summaryOf: the last message (trimmed to 200), last activity, unread as given', () => {
    const tail: Entry[] = [
      { kind: 'message', seq: 5, id: 'a', from: 'visitor', text: 'y'.repeat(300), at: 5_000 },
      { kind: 'event', seq: 6, id: 'ev6', event: 'joined', at: 6_000 },
    ];
    const s = summaryOf(meta(), tail, 2);
    expect(s).toEqual({
      id: 'ws.c1',
      playbookId: 'pb',
      status: 'active',
      assignee: { id: 'alice', name: 'Alice' },
      visitorName: 'Vera',
      lastMessage: { from: 'visitor', text: 'y'.repeat(200), at: 5_000 },
      unread: 2,
      createdAt: 1_000,
      lastActivityAt: 6_000,
      closedAt: null,
    });
    expect(summaryOf(meta(), [], 0)).toMatchObject({ lastMessage: null, lastActivityAt: 1_000 });
  });

  test('agentView adds what agents see; visitorView shows only the agent name while active', () => {
    const m = meta();
    expect(agentView(summaryOf(m, [], 0), m)).toMatchObject({ workspaceId: 'ws', answers: { topic: 'sales' }, waitUntil: 61_000, lastSeq: 7, seen: { visitor: 5, agent: 4 } });
    expect(visitorView(m)).toEqual({ id: 'ws.c1', status: 'active', agentName: 'Alice', closedAt: null, lastSeq: 7, seenByAgent: 4 });
    expect(visitorView(meta({ status: 'closed', closedAt: 9 })).agentName).toBeNull();
  });

  test('forVisitor drops CRM and created events, agent ids and who did it', () => {
    const entries: Entry[] = [
      { kind: 'event', seq: 1, id: 'created', event: 'created', at: 1 },
      { kind: 'message', seq: 2, id: 'm', from: 'agent', agentId: 'alice', authorName: 'Alice', text: 'hi', at: 2 },
      { kind: 'event', seq: 3, id: 'ev3', event: 'reassigned', at: 3, by: { id: 'alice', name: 'Alice' }, agent: { id: 'bob', name: 'Bob' } },
      { kind: 'event', seq: 4, id: 'ev4', event: 'lead-created', at: 4, record: { kind: 'lead', id: 'L', title: 'T' } },
      { kind: 'event', seq: 5, id: 'ev5', event: 'closed', at: 5, by: { id: 'bob', name: 'Bob' } },
    ];
    expect(forVisitor(entries)).toEqual([
      { kind: 'message', seq: 2, id: 'm', from: 'agent', authorName: 'Alice', text: 'hi', at: 2 },
      { kind: 'event', seq: 3, id: 'ev3', event: 'reassigned', at: 3, agent: { id: 'hidden', name: 'Bob' } },
      { kind: 'event', seq: 5, id: 'ev5', event: 'closed', at: 5 },
    ]);
  });

  test('helpers: entry keys sort by seq, waiting statuses, generated names are stable, wait time', () => {
    expect(entryKey(42)).toBe('e:0000000042');
    expect(entryKey(9) < entryKey(10)).toBe(true);
    expect(['bot', 'waiting', 'active', 'unassigned', 'missed', 'closed'].filter((s) => isWaiting(s as never))).toEqual(['waiting', 'unassigned']);
    expect(generatedVisitorName('ws.c1')).toMatch(/^Visitor [0-9A-F]{4}$/);
    expect(generatedVisitorName('ws.c1')).toBe(generatedVisitorName('ws.c1'));
    expect(generatedVisitorName('ws.c1')).not.toBe(generatedVisitorName('ws.c2'));
    expect(waitMsOf({ waitSeconds: 120, waitUntil: null, createdAt: 0 })).toBe(120_000);
    expect(waitMsOf({ waitUntil: null, createdAt: 0 })).toBe(30_000);
  });
});

describe('mergeContact', () => {
  test('fills only empty fields, each only if valid', () => {
    const d = emptyDetails();
    d.person.name = 'Typed by agent';
    const merged = mergeContact(d, { name: 'Vera', email: 'vera@example.com', phone: 'call me maybe', company: 'Acme' });
    expect(merged.person).toEqual({ name: 'Typed by agent', email: 'vera@example.com', phone: '' });
    expect(merged.organization).toEqual({ name: 'Acme', address: '' });
    expect(mergeContact(emptyDetails(), { email: 'nope' }).person.email).toBe('');
  });
});
