import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { escalationDue, escalationOf, nextWake } from '../../../party/conversation/alarm';
import { noReply, route } from '../../../party/conversation/assignment';
import type { Meta } from '../../../party/conversation/state';
import { MIN_VISITOR_VERSION, PROTOCOL_VERSION, type ChatRouting } from '../../../protocol';
import { agentPublic, conversationHarness, type ConversationHarness } from '../../helpers/memory-conversation';
import { MemorySocket, settle } from '../../helpers/memory-room';

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

const ANN = { id: 'alice', name: 'Alice' };
const BOB = { id: 'bob', name: 'Bob' };
const dealt: ChatRouting = { mode: 'round-robin', renotifyEverySec: 10, reassignAfterSec: 30 };

/** Runs the room's alarm once the clock reaches it (as the platform does), answering the alarm's time. */
async function fire(h: ConversationHarness) {
  const at = h.storage.alarm;
  expect(at).not.toBeNull();
  h.clock.advance(Math.max(0, at! - h.clock.now()));
  await h.conv.alarm();
  await settle();
  return at!;
}

const workspaceCalls = (h: ConversationHarness, type: string) => h.calls.filter((c) => c.body.type === type);

describe('routing in the conversation room', () => {
  test('created dealt: active and the agent\'s from the start, the event says routing did it', async () => {
    const h = conversationHarness();
    const { body } = await h.init({ routing: dealt, assignee: ANN });
    expect(body).toMatchObject({ status: 'active', assignee: ANN, routing: 'round-robin' });
    expect(h.stored().map((e) => e.event ?? e.id)).toEqual(['t1', 't2', 'created', 'joined']);
    const visitor = await h.visitor();
    expect(visitor.of<{ conversation: { agentName: string } }>('welcome')[0]!.conversation.agentName).toBe('Alice');
  });

  test('route-assign: taken while nobody has it, answered with the summary and a newer revision; refused once claimed', async () => {
    const h = conversationHarness();
    await h.init({ routing: dealt });
    const visitor = await h.visitor();
    const first = await h.internal({ type: 'route-assign', agent: ANN });
    expect(first.body).toMatchObject({ assigned: true, conversation: { status: 'active', assignee: ANN } });
    expect(first.body.rev).toBeGreaterThan(0);
    expect(visitor.of('state').at(-1)).toMatchObject({ conversation: { status: 'active', agentName: 'Alice' } });
    const second = await h.internal({ type: 'route-assign', agent: BOB });
    expect(second.body).toMatchObject({ assigned: false, conversation: { assignee: ANN }, rev: first.body.rev });
    // A claim by hand before routing's deal: the claim wins.
    const h2 = conversationHarness();
    await h2.init({ routing: dealt });
    const bob = await h2.agent('bob');
    await h2.send(bob, { type: 'claim' });
    expect((await h2.internal({ type: 'route-assign', agent: ANN })).body).toMatchObject({ assigned: false, conversation: { assignee: BOB } });
  });

  test('queue-position: the visitor is told their place live, an older word is ignored, and the place ends when the chat is dealt', async () => {
    const h = conversationHarness();
    await h.init({ routing: dealt });
    const visitor = await h.visitor();
    await h.internal({ type: 'queue-position', position: 3, rev: 10 });
    await h.internal({ type: 'queue-position', position: 2, rev: 12 });
    await h.internal({ type: 'queue-position', position: 3, rev: 11 });
    expect(visitor.of('queue')).toEqual([{ type: 'queue', position: 3 }, { type: 'queue', position: 2 }]);
    const late = await h.visitor();
    expect(late.of<{ conversation: { position?: number } }>('welcome')[0]!.conversation.position).toBe(2);
    await h.internal({ type: 'route-assign', agent: ANN });
    expect(visitor.of('queue').at(-1)).toEqual({ type: 'queue', position: null });
    expect(visitor.of<{ conversation: { position?: number } }>('state').at(-1)!.conversation.position).toBeUndefined();
  });

  test('reassign on no reply: back to Unassigned with a word to both sides, reported with who did not reply', async () => {
    const h = conversationHarness();
    await h.init({ routing: dealt, assignee: ANN });
    const visitor = await h.visitor();
    const t0 = h.clock.now();
    // Reminders to Alice every 10 s, then at 30 s the reassignment.
    expect(await fire(h)).toBe(t0 + 10_000);
    expect(await fire(h)).toBe(t0 + 20_000);
    expect(workspaceCalls(h, 'renotify')).toHaveLength(2);
    expect(await fire(h)).toBe(t0 + 30_000);
    const events = visitor.of<{ entries: { event?: string; cause?: string }[] }>('entries').flatMap((f) => f.entries);
    expect(events.at(-1)).toMatchObject({ event: 'unassigned', cause: 'no-reply' });
    expect(h.reports.at(-1)).toMatchObject({ noReply: 'alice', conversation: { status: 'unassigned', assignee: null } });
    // Back in Unassigned: reminders to whoever may take it, from now on.
    expect(await fire(h)).toBe(t0 + 40_000);
    expect(workspaceCalls(h, 'renotify')).toHaveLength(3);
  });

  test("the assignee's reply ends the reminders and the reassignment", async () => {
    const h = conversationHarness();
    await h.init({ routing: dealt, assignee: ANN });
    const alice = await h.agent('alice');
    await fire(h);
    await h.send(alice, { type: 'send', id: 'reply-0001', text: 'Hi!' });
    // An active chat has no wait deadline: nothing is due any more.
    expect(h.storage.alarm).toBeNull();
    expect(workspaceCalls(h, 'renotify')).toHaveLength(1);
  });

  test('manual with reminders: every N s until a claim, never after', async () => {
    const h = conversationHarness();
    await h.init({ routing: { mode: 'manual', renotifyEverySec: 10 }, waitSeconds: 60 });
    await fire(h);
    await fire(h);
    expect(workspaceCalls(h, 'renotify')).toHaveLength(2);
    await h.send(await h.agent('bob'), { type: 'claim' });
    expect(h.storage.alarm).toBeNull();
  });

  test('missed: the summary says when (the Missed view), and an agent may take it for follow-up', async () => {
    const h = conversationHarness();
    await h.init({ routing: { mode: 'manual' }, waitSeconds: 30 });
    const at = await fire(h);
    expect(h.reports.at(-1)!.conversation).toMatchObject({ status: 'missed', missedAt: at });
    const bob = await h.agent('bob');
    await h.send(bob, { type: 'claim' });
    expect(h.reports.at(-1)!.conversation).toMatchObject({ status: 'active', assignee: BOB, missedAt: at });
  });

  test('a team chat nobody has: its members and admins may open it, others not; once taken, the usual rule', async () => {
    const h = conversationHarness({ agents: [agentPublic('alice', 'Alice', 'agent', { teams: ['sales'] }), agentPublic('bob', 'Bob'), agentPublic('root', 'Root', 'admin')] });
    expect((await h.init({ routing: { mode: 'manual', team: 'sales' } })).body.team).toBe('sales');
    expect((await h.agent('bob')).of('welcome')).toHaveLength(0);
    expect((await h.agent('alice')).of('welcome')).toHaveLength(1);
    expect((await h.hello(await h.agentToken('root', 'Root', 'admin'))).of('welcome')).toHaveLength(1);
  });

  test(`a widget of protocol ${MIN_VISITOR_VERSION} still gets in; an agent must speak ${PROTOCOL_VERSION}`, async () => {
    const h = conversationHarness();
    await h.init();
    const v1 = new MemorySocket();
    h.conv.connect(v1);
    await h.send(v1, { type: 'hello', v: MIN_VISITOR_VERSION, token: await h.visitorToken(), lastSeq: 0 });
    expect(v1.of('welcome')).toHaveLength(1);
    const a1 = new MemorySocket();
    h.conv.connect(a1);
    await h.send(a1, { type: 'hello', v: MIN_VISITOR_VERSION, token: await h.agentToken('alice'), lastSeq: 0 });
    expect(a1.of<{ code: string }>('error')[0]!.code).toBe('version-mismatch');
  });
});

describe('escalation, as the room reads it (alarm.ts, assignment.ts)', () => {
  const meta = (over: Partial<Meta> = {}): Meta =>
    ({ status: 'waiting', assignee: null, createdAt: 1_000_000, waitUntil: 1_120_000, waitSeconds: 120, closedAt: null, waitingSince: 1_000_000, lastNotifiedAt: 1_000_000, routing: dealt, ...over }) as Meta;

  test('nothing escalates without reminders or a reassignment set, nor once missed, closed or taken by hand', () => {
    expect(escalationOf(meta({ routing: { mode: 'round-robin' } }))).toBeNull();
    expect(escalationOf(meta({ routing: undefined }))).toBeNull();
    expect(escalationOf(meta({ status: 'missed' }))).toBeNull();
    expect(escalationOf(meta({ status: 'active', assignee: ANN, claimedAt: 1_000_500 }))).toBeNull();
    // Manual: no reassignment, even if a card once said one.
    expect(escalationOf(meta({ routing: { mode: 'manual', reassignAfterSec: 30 } }))).toBeNull();
  });

  test('the one alarm is the sooner of the wait deadline and the next escalation', () => {
    expect(nextWake(meta(), 1_000_000)).toBe(1_010_000);
    expect(nextWake(meta({ routing: { mode: 'manual' } }), 1_000_000)).toBe(1_120_000);
    const routed = meta({ status: 'active', assignee: ANN, assignedAt: 1_000_000, routing: { mode: 'round-robin', reassignAfterSec: 30 } });
    expect(nextWake(routed, 1_000_000)).toBe(1_030_000);
    expect(escalationDue(routed, 1_030_000)).toBe('reassign');
  });

  test('speedup (a test knob) shrinks the seconds settings, never the wait deadline', () => {
    expect(nextWake(meta(), 1_000_000, 10)).toBe(1_001_000);
    expect(escalationDue(meta(), 1_001_000, 10)).toBe('renotify');
    expect(nextWake(meta({ routing: { mode: 'manual' } }), 1_000_000, 10)).toBe(1_120_000);
    expect(escalationDue(meta({ lastNotifiedAt: 1_119_000 }), 1_120_000, 10)).toBe('missed');
  });

  test('route takes only a chat nobody has; noReply only from its assignee', () => {
    expect(route(meta(), ANN, 5)).toMatchObject({ status: 'active', assignee: ANN, event: { event: 'joined', agent: ANN, cause: 'routed' } });
    expect(route(meta({ status: 'unassigned' }), ANN, 5)).not.toBeNull();
    expect(route(meta({ status: 'missed' }), ANN, 5)).toBeNull();
    expect(route(meta({ status: 'active', assignee: BOB }), ANN, 5)).toBeNull();
    expect(noReply(meta({ status: 'active', assignee: ANN }), 'alice', 2_000_000)).toMatchObject({ status: 'unassigned', assignee: null, waitUntil: 2_120_000, event: { event: 'unassigned', cause: 'no-reply' } });
    expect(noReply(meta({ status: 'active', assignee: BOB }), 'alice', 5)).toBeNull();
  });
});
