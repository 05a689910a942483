import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { entryKey, generatedVisitorName, type Meta } from '../../../party/conversation/state';
import { CloseCode, Limits, PROTOCOL_VERSION, type Entry } from '../../../protocol';
import { agentPublic, conversationHarness, CONV, WS, type ConversationHarness } from '../../helpers/memory-conversation';
import { MemorySocket, settle } from '../../helpers/memory-room';

beforeEach(() => {
  // The room logs failed writes and refused reports; the tests assert on what it does instead.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

const meta = (h: ConversationHarness) => h.storage.data.get('meta') as Meta;
const seqs = (entries: readonly Entry[]) => entries.map((e) => e.seq);
const frameEntries = (s: MemorySocket) => s.frames.filter((f) => f.type === 'welcome' || f.type === 'entries').flatMap((f) => f.entries as Entry[]);

async function started(opts: Parameters<typeof conversationHarness>[0] = {}) {
  const h = conversationHarness(opts);
  const init = await h.init();
  expect(init.status).toBe(200);
  return h;
}

describe('init and room-to-room requests', () => {
  test('init stores the transcript and a created event, arms the wait-time alarm, and is idempotent', async () => {
    const h = conversationHarness();
    const now = h.clock.now();
    const first = await h.init();
    // The visitor's line of the bot transcript counts as unread.
    expect(first.body).toMatchObject({ id: CONV, status: 'waiting', assignee: null, visitorName: generatedVisitorName(CONV), unread: 1 });
    expect(h.stored().map((e) => [e.seq, e.kind, e.id])).toEqual([
      [1, 'message', 't1'],
      [2, 'message', 't2'],
      [3, 'event', 'created'],
    ]);
    expect(meta(h)).toMatchObject({ status: 'waiting', lastSeq: 3, waitUntil: now + 60_000, waitSeconds: 60 });
    expect(h.storage.alarm).toBe(now + 60_000);
    const again = await h.init({ waitSeconds: 600 });
    expect(again.status).toBe(200);
    expect(h.stored()).toHaveLength(3);
    expect(meta(h).waitSeconds).toBe(60);
  });

  test('the visitor is named after the name answer, else the captured details, else a generated name', async () => {
    const a = conversationHarness();
    expect((await a.init({ answers: { name: '  Vera  ' } })).body.visitorName).toBe('Vera');
    const b = conversationHarness();
    const details = { value: { amount: null, currency: 'EUR' }, expectedCloseDate: '', person: { name: 'Paul', email: 'p@example.com', phone: '' }, organization: { name: '', address: '' }, notes: '' };
    expect((await b.init({ details })).body.visitorName).toBe('Paul');
    expect(b.storage.data.get('details')).toEqual(details);
  });

  test('a request with a bad signature, another room, or another method is refused', async () => {
    const h = conversationHarness();
    const forged = new Request('https://baton.test/internal', { method: 'POST', body: JSON.stringify({ type: 'wake' }), headers: { 'x-baton-signature': 'AAAA', 'x-baton-signed-at': String(Date.now()) } });
    expect((await h.conv.request(forged)).status).toBe(401);
    expect((await h.conv.request(new Request('https://baton.test/internal'))).status).toBe(404);
    // Signed for another conversation: refused here.
    const { signedRequest, initBody } = await import('../../helpers/memory-conversation');
    const other = await signedRequest({ party: 'conversation', id: `${WS}.other` }, initBody(`${WS}.other`, h.clock.now()));
    expect((await h.conv.request(other)).status).toBe(401);
    // Signed for this room but naming another conversation in the body.
    const wrongBody = await signedRequest({ party: 'conversation', id: CONV }, initBody(`${WS}.other`, h.clock.now()));
    const res = await h.conv.request(wrongBody);
    expect(res.status).toBe(403);
    expect(h.storage.data.size).toBe(0);
    // Signed too long ago.
    const stale = await signedRequest({ party: 'conversation', id: CONV }, { type: 'wake' }, undefined, Date.now() - 10 * 60_000);
    expect((await h.conv.request(stale)).status).toBe(401);
  });

  test('wake before init is not-found; after init it answers the summary and revision', async () => {
    const h = conversationHarness();
    expect((await h.internal({ type: 'wake' })).status).toBe(404);
    await h.init();
    const woke = await h.internal({ type: 'wake' });
    expect(woke.status).toBe(200);
    expect(woke.body).toMatchObject({ conversation: { id: CONV, status: 'waiting' }, rev: 0 });
  });

  test('an invalid internal body is a 400 with a typed error', async () => {
    const h = await started();
    const res = await h.internal({ type: 'wake', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'error', code: 'invalid-frame' });
  });
});

describe('hello', () => {
  test('a visitor gets a visitor welcome without bot-internal events; an agent gets details and presence', async () => {
    const h = await started();
    const v = await h.visitor();
    const welcome = v.of<{ role: string; conversation: Record<string, unknown>; entries: Entry[] }>('welcome')[0]!;
    expect(welcome.role).toBe('visitor');
    expect(welcome.conversation).toEqual({ id: CONV, status: 'waiting', agentName: null, closedAt: null, lastSeq: 3, seenByAgent: 0 });
    expect(seqs(welcome.entries)).toEqual([1, 2]); // the `created` event is for agents only
    const a = await h.agent('alice');
    expect(a.frames.map((f) => f.type)).toEqual(['welcome', 'presence']);
    const aw = a.of<{ role: string; entries: Entry[]; details: unknown; conversation: { lastSeq: number } }>('welcome')[0]!;
    expect(aw.role).toBe('agent');
    expect(seqs(aw.entries)).toEqual([1, 2, 3]);
    expect(aw.conversation.lastSeq).toBe(3);
    expect(a.of('presence')).toEqual([{ type: 'presence', visitor: 'here', since: h.clock.now() }]);
  });

  test('refusals close the socket with the matching code', async () => {
    const h = await started();
    const wrongVersion = new MemorySocket();
    await h.send(wrongVersion, { type: 'hello', v: PROTOCOL_VERSION + 1, token: await h.visitorToken(), lastSeq: 0 });
    expect(wrongVersion.of('error')[0]).toMatchObject({ code: 'version-mismatch' });
    expect(wrongVersion.closed?.code).toBe(CloseCode.versionMismatch);

    const foreign = await h.hello(await h.visitorToken(`${WS}.other`));
    expect(foreign.of('error')[0]).toMatchObject({ code: 'unauthorized' });
    expect(foreign.closed?.code).toBe(CloseCode.unauthorized);

    const forged = await h.hello('abc.def');
    expect(forged.closed?.code).toBe(CloseCode.unauthorized);

    const unknownAgent = await h.agent('nobody');
    expect(unknownAgent.closed).toEqual({ code: CloseCode.unauthorized, reason: 'Revoked' });

    h.agents.set('carol', agentPublic('carol', 'Carol', 'agent', { revoked: true }));
    const revoked = await h.agent('carol');
    expect(revoked.of('error')[0]).toMatchObject({ code: 'unauthorized', message: 'This agent was revoked' });
    expect(revoked.closed?.code).toBe(CloseCode.unauthorized);
  });

  test('hello on a room that was never created is not-found', async () => {
    const h = conversationHarness();
    const s = await h.visitor();
    expect(s.of('error')[0]).toMatchObject({ code: 'not-found' });
    expect(s.closed?.code).toBe(CloseCode.notFound);
  });

  test('a socket that never says hello is closed after the grace period', async () => {
    const h = await started();
    const s = new MemorySocket();
    h.conv.connect(s);
    h.clock.advance(9_999);
    expect(s.closed).toBeNull();
    h.clock.advance(1);
    expect(s.closed?.code).toBe(CloseCode.helloTimeout);
    const ok = await h.visitor();
    h.clock.advance(20_000);
    expect(ok.closed).toBeNull();
  });

  test('frames before hello are refused as unauthorized; visitors may not use agent commands', async () => {
    const h = await started();
    const s = new MemorySocket();
    await h.send(s, { type: 'send', id: 'msg-000001', text: 'hi' });
    expect(s.of('error')).toEqual([{ type: 'error', code: 'unauthorized', message: 'Send hello with a token first', ref: 'msg-000001' }]);
    const v = await h.visitor();
    v.clear();
    await h.send(v, { type: 'claim', ref: 'c1' });
    expect(v.of('error')).toEqual([{ type: 'error', code: 'forbidden', message: 'Visitors may not claim', ref: 'c1' }]);
    expect(meta(h).status).toBe('waiting');
  });

  test('the agent role comes from the workspace, not from the (older) token', async () => {
    const h = await started();
    const a = await h.agent('alice');
    await h.send(a, { type: 'claim', ref: 'c' });
    // Alice's token says admin, but the workspace says agent: Bob (not admin) cannot take her chat.
    const bob = await h.hello(await h.agentToken('bob', 'Bob', 'admin'));
    expect(bob.closed?.code).toBe(CloseCode.revoked);
  });

  test('an agent socket is closed when its session token expires', async () => {
    const h = await started();
    const a = await h.agent('alice');
    h.clock.advance(23 * 3_600_000);
    expect(a.closed).toBeNull();
    // The token's exp is max(real now, room now) + 24 h at signing: one millisecond past any such bound.
    h.clock.advance(Math.max(Date.now(), h.clock.now()) + 24 * 3_600_000 + 1 - h.clock.now());
    expect(a.closed).toEqual({ code: CloseCode.unauthorized, reason: 'Session expired' });
  });
});

describe('the claim race', () => {
  test('two agents claim at once: exactly one ok, the other already-claimed naming the winner, one joined event', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    const bob = await h.agent('bob');
    alice.clear();
    bob.clear();
    h.storage.holdPuts(); // the winner's write is still in flight when the second claim arrives
    const a = h.conv.message(alice, JSON.stringify({ type: 'claim', ref: 'claim-a' }));
    const b = h.conv.message(bob, JSON.stringify({ type: 'claim', ref: 'claim-b' }));
    await settle();
    expect(h.storage.pendingPuts).toBe(1);
    h.storage.release();
    await Promise.all([a, b]);
    await settle();

    expect(alice.of('ok')).toEqual([{ type: 'ok', ref: 'claim-a' }]);
    expect(bob.of('ok')).toEqual([]);
    expect(bob.of('error')[0]).toEqual({ type: 'error', code: 'already-claimed', message: 'Alice already took this conversation', ref: 'claim-b', winner: { id: 'alice', name: 'Alice' } });
    const joined = h.stored().filter((e) => e.event === 'joined');
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({ seq: 4, by: { id: 'alice', name: 'Alice' }, agent: { id: 'alice', name: 'Alice' } });
    expect(meta(h)).toMatchObject({ status: 'active', assignee: { id: 'alice', name: 'Alice' }, lastSeq: 4 });
    // The winner's claim is reported once, as the actor's own change.
    expect(h.reports.map((r) => [r.conversation.status, r.actorId])).toEqual([['active', 'alice']]);
  });

  test('the loser is told who has the chat, a late claim learns the winner, and the socket closes a moment later', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    const bob = await h.agent('bob');
    bob.clear();
    await h.send(alice, { type: 'claim', ref: 'a' });
    expect(bob.of('error')).toEqual([{ type: 'error', code: 'forbidden', message: 'This conversation is now assigned to Alice', problem: { code: 'assigned-to', params: { name: 'Alice' } } }]);
    expect(bob.of('state')).toEqual([]);
    await h.send(bob, { type: 'claim', ref: 'late' });
    expect(bob.of('error')[1]).toMatchObject({ code: 'already-claimed', ref: 'late', winner: { id: 'alice', name: 'Alice' } });
    await h.send(bob, { type: 'send', id: 'late-msg-1', text: 'me too' });
    expect(bob.of('error')[2]).toMatchObject({ code: 'forbidden', ref: 'late-msg-1' });
    expect(bob.closed).toBeNull();
    h.clock.advance(1_000);
    expect(bob.closed).toEqual({ code: CloseCode.revoked, reason: 'Assigned to another agent' });
    // Bob's later frames never reached the log.
    expect(h.stored().map((e) => e.id)).not.toContain('late-msg-1');
  });

  test('claiming a closed chat is conversation-closed', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    await h.send(alice, { type: 'close', ref: 'x' });
    alice.clear();
    await h.send(alice, { type: 'claim', ref: 'c' });
    expect(alice.of('error')[0]).toMatchObject({ code: 'conversation-closed', ref: 'c' });
  });
});

describe('messages', () => {
  test('a visitor message is acked with its seq, sent to both audiences, and reported with the text', async () => {
    const h = await started();
    const v = await h.visitor();
    const a = await h.agent('alice');
    v.clear();
    a.clear();
    await h.send(v, { type: 'send', id: 'msg-v-0001', text: 'Hello?' });
    expect(v.of('ack')).toEqual([{ type: 'ack', id: 'msg-v-0001', seq: 4 }]);
    expect(v.of('entries')).toEqual([{ type: 'entries', entries: [{ kind: 'message', seq: 4, id: 'msg-v-0001', from: 'visitor', text: 'Hello?', at: h.clock.now() }] }]);
    expect(a.of('entries')).toEqual(v.of('entries'));
    expect(h.reports.at(-1)).toMatchObject({ visitorMessage: 'Hello?', conversation: { unread: 2, lastMessage: { from: 'visitor', text: 'Hello?' } } });
    expect(h.reports.at(-1)!.actorId).toBeUndefined();
  });

  test('an agent answers only once the chat is theirs; the visitor never sees the agent id', async () => {
    const h = await started();
    const v = await h.visitor();
    const a = await h.agent('alice');
    await h.send(a, { type: 'send', id: 'msg-a-0001', text: 'Hi' });
    expect(a.of('error').at(-1)).toMatchObject({ code: 'forbidden', ref: 'msg-a-0001' });
    await h.send(a, { type: 'claim' });
    v.clear();
    await h.send(a, { type: 'send', id: 'msg-a-0002', text: 'Hi, Alice here' });
    expect(a.of('ack')).toEqual([{ type: 'ack', id: 'msg-a-0002', seq: 5 }]);
    const toVisitor = v.of<{ entries: Entry[] }>('entries')[0]!.entries[0]!;
    expect(toVisitor).toEqual({ kind: 'message', seq: 5, id: 'msg-a-0002', from: 'agent', authorName: 'Alice', text: 'Hi, Alice here', at: h.clock.now() });
    expect(h.stored().at(-1)).toMatchObject({ agentId: 'alice' });
    expect(h.reports.at(-1)).toMatchObject({ actorId: 'alice' });
    expect(h.reports.at(-1)!.visitorMessage).toBeUndefined();
  });

  test('dedup: a resend while the first copy is still being written gives one entry and two acks with the same seq', async () => {
    const h = await started();
    const v = await h.visitor();
    v.clear();
    h.storage.holdPuts();
    const frame = JSON.stringify({ type: 'send', id: 'msg-dup-001', text: 'once' });
    const first = h.conv.message(v, frame);
    await settle(); // the first copy's write has started (and is held)
    expect(h.storage.pendingPuts).toBe(1);
    const resend = h.conv.message(v, frame);
    await settle();
    expect(h.storage.pendingPuts).toBe(1);
    expect(v.of('ack')).toEqual([]); // an ack means stored: nothing is acked while the write is in flight
    h.storage.release();
    await Promise.all([first, resend]);
    await settle();
    expect(v.of('ack')).toEqual([
      { type: 'ack', id: 'msg-dup-001', seq: 4 },
      { type: 'ack', id: 'msg-dup-001', seq: 4 },
    ]);
    expect(h.stored().filter((e) => e.id === 'msg-dup-001')).toHaveLength(1);
    expect(meta(h).lastSeq).toBe(4);
    expect(v.of('entries')).toHaveLength(1);
  });

  test('a resend after the write is acked again without a new entry; the same id from the other side is a new message', async () => {
    const h = await started();
    const v = await h.visitor();
    const a = await h.agent('alice');
    await h.send(a, { type: 'claim' });
    await h.send(v, { type: 'send', id: 'shared-id-1', text: 'from visitor' });
    await h.send(v, { type: 'send', id: 'shared-id-1', text: 'from visitor' });
    expect(v.of('ack')).toEqual([
      { type: 'ack', id: 'shared-id-1', seq: 5 },
      { type: 'ack', id: 'shared-id-1', seq: 5 },
    ]);
    await h.send(a, { type: 'send', id: 'shared-id-1', text: 'from agent' });
    expect(a.of('ack')).toEqual([{ type: 'ack', id: 'shared-id-1', seq: 6 }]);
  });

  test('a failed write: error unavailable, nothing stored, the room reloads and the next send gets the right seq', async () => {
    const h = await started();
    const v = await h.visitor();
    const a = await h.agent('alice');
    v.clear();
    a.clear();
    const reportsBefore = h.reports.length;
    h.storage.failNextPut();
    await h.send(v, { type: 'send', id: 'msg-fail-01', text: 'lost' });
    expect(v.frames).toEqual([{ type: 'error', code: 'unavailable', message: 'Could not save; please retry', ref: 'msg-fail-01' }]);
    expect(a.frames).toEqual([]); // nobody saw an entry that is not stored
    expect(h.stored()).toHaveLength(3);
    expect(meta(h).lastSeq).toBe(3);
    expect(h.conv.meta!.lastSeq).toBe(3); // memory went back to what storage holds
    expect(h.conv.log.count).toBe(3);
    expect(h.reports.length).toBe(reportsBefore);

    await h.send(v, { type: 'send', id: 'msg-next-01', text: 'again' });
    expect(v.of('ack')).toEqual([{ type: 'ack', id: 'msg-next-01', seq: 4 }]);
    // The failed id was never stored: resending it stores it now (not acked with a phantom seq).
    await h.send(v, { type: 'send', id: 'msg-fail-01', text: 'lost' });
    expect(v.of('ack')[1]).toEqual({ type: 'ack', id: 'msg-fail-01', seq: 5 });
    expect(h.stored().map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  test('a failed claim write leaves the chat waiting and another agent can claim it', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    const bob = await h.agent('bob');
    h.storage.failNextPut();
    await h.send(alice, { type: 'claim', ref: 'a' });
    expect(alice.of('error').at(-1)).toMatchObject({ code: 'unavailable', ref: 'a' });
    expect(h.conv.meta).toMatchObject({ status: 'waiting', assignee: null });
    await h.send(bob, { type: 'claim', ref: 'b' });
    expect(bob.of('ok')).toEqual([{ type: 'ok', ref: 'b' }]);
    expect(meta(h)).toMatchObject({ status: 'active', assignee: { id: 'bob' }, lastSeq: 4 });
  });

  test('[BUG] a failed write while another write is in flight must not hand out that write\'s seq again', async () => {
    // Send A's write is in flight when send B's write fails. The room reloads from storage (which does not
    // hold A yet), so memory forgets A although A is then stored and acked: the next message C gets A's seq
    // and overwrites A in storage.
    const h = await started();
    const v = await h.visitor();
    h.storage.holdPuts();
    const a = h.conv.message(v, JSON.stringify({ type: 'send', id: 'msg-inflight', text: 'A' }));
    await settle();
    h.storage.failNextPut();
    const b = h.conv.message(v, JSON.stringify({ type: 'send', id: 'msg-failing', text: 'B' }));
    await settle();
    h.storage.release();
    await Promise.all([a, b]);
    await settle();
    expect(v.of('ack')).toEqual([{ type: 'ack', id: 'msg-inflight', seq: 4 }]);
    await h.send(v, { type: 'send', id: 'msg-after-1', text: 'C' });
    const stored = h.stored().filter((e) => e.kind === 'message').map((e) => e.text);
    expect(stored).toContain('A');
    expect(v.of('ack').at(-1)).toEqual({ type: 'ack', id: 'msg-after-1', seq: 5 });
  });

  test('messages are refused once the chat is closed or missed', async () => {
    const h = await started();
    const v = await h.visitor();
    const a = await h.agent('alice');
    await h.send(a, { type: 'close', ref: 'c' });
    await h.send(v, { type: 'send', id: 'msg-closed1', text: 'still there?' });
    expect(v.of('error').at(-1)).toEqual({ type: 'error', code: 'conversation-closed', message: 'This conversation is closed', ref: 'msg-closed1' });
  });

  test('typing goes to the others only; ping is answered pong', async () => {
    const h = await started();
    const v = await h.visitor();
    const a = await h.agent('alice');
    v.clear();
    a.clear();
    await h.send(v, { type: 'typing', typing: true });
    expect(v.frames).toEqual([]);
    expect(a.frames).toEqual([{ type: 'typing', from: 'visitor', typing: true }]);
    await h.send(a, { type: 'typing', typing: true });
    expect(v.frames).toEqual([{ type: 'typing', from: 'agent', name: 'Alice', typing: true }]);
    await h.send(a, { type: 'ping' });
    expect(a.last()).toEqual({ type: 'pong' });
    // The visitor leaving stops their typing indicator for the others.
    a.clear();
    h.conv.disconnect(v);
    expect(a.frames).toEqual([{ type: 'typing', from: 'visitor', typing: false }]);
  });

  test('seen is stored per side, capped at the last seq, shared with everyone, and the agent side is reported', async () => {
    const h = await started();
    const v = await h.visitor();
    const a = await h.agent('alice');
    v.clear();
    await h.send(v, { type: 'seen', seq: 99 });
    expect(meta(h).seen).toEqual({ visitor: 3, agent: 0 });
    expect(v.of('seen')).toEqual([{ type: 'seen', side: 'visitor', seq: 3 }]);
    expect(a.of('seen')).toEqual([{ type: 'seen', side: 'visitor', seq: 3 }]);
    const n = h.reports.length;
    await h.send(v, { type: 'seen', seq: 2 }); // going back changes nothing
    expect(v.of('seen')).toHaveLength(1);
    await h.send(a, { type: 'seen', seq: 3 });
    expect(meta(h).seen).toEqual({ visitor: 3, agent: 3 });
    expect(h.reports.length).toBe(n + 1);
    expect(h.reports.at(-1)!.conversation.unread).toBe(0);
  });
});

describe('replay', () => {
  test('hello with lastSeq returns only the later entries', async () => {
    const h = await started();
    const v = await h.visitor();
    for (let i = 1; i <= 4; i++) await h.send(v, { type: 'send', id: `msg-rep-${i}0`, text: `m${i}` });
    const a = await h.agent('alice', 5);
    expect(seqs(frameEntries(a))).toEqual([6, 7]);
    const again = await h.visitor(7);
    expect(frameEntries(again)).toEqual([]);
    expect(again.of('welcome')[0]).toMatchObject({ conversation: { lastSeq: 7 } });
  });

  test('a long replay is paged (welcome first, then entries frames, in order, each under the page size) and older entries come from storage', async () => {
    const h = await started();
    // A long chat written by an earlier run of the room.
    const m = structuredClone(meta(h));
    const text = 'x'.repeat(Limits.messageChars);
    const extra = 150;
    for (let i = 0; i < extra; i++) {
      const seq = 4 + i;
      h.storage.data.set(entryKey(seq), { kind: 'message', seq, id: `old-${seq}-msg`, from: i % 2 ? 'visitor' : 'bot', text, at: h.clock.now() });
    }
    m.lastSeq = 3 + extra;
    h.storage.data.set('meta', m);
    await h.restart();
    const a = await h.agent('alice', 10);
    const welcome = a.of<{ entries: Entry[] }>('welcome')[0]!;
    const pages = a.of<{ entries: Entry[] }>('entries');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(seqs(frameEntries(a))).toEqual(Array.from({ length: 3 + extra - 10 }, (_, i) => 11 + i));
    for (const f of [welcome, ...pages]) expect(JSON.stringify(f.entries).length).toBeLessThan(Limits.roomPageChars + Limits.messageChars + 200);
    // The presence frame comes after the whole replay.
    expect(a.last()).toMatchObject({ type: 'presence' });
    const v = await h.visitor(0);
    expect(seqs(frameEntries(v))).toEqual([1, 2, ...Array.from({ length: extra }, (_, i) => 4 + i)]);
  });
});

describe('assignment', () => {
  test('reassign to another agent: joined/reassigned events, the old assignee loses the chat, the new one is reported', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    const v = await h.visitor();
    await h.send(alice, { type: 'claim' });
    v.clear();
    await h.send(alice, { type: 'reassign', ref: 'r', to: 'bob' });
    expect(alice.of('ok').at(-1)).toEqual({ type: 'ok', ref: 'r' });
    expect(h.stored().at(-1)).toMatchObject({ event: 'reassigned', by: { id: 'alice' }, agent: { id: 'bob', name: 'Bob' } });
    expect(meta(h).assignee).toEqual({ id: 'bob', name: 'Bob' });
    expect(alice.of('error').at(-1)).toMatchObject({ code: 'forbidden', message: 'This conversation is now assigned to Bob' });
    expect(v.of('state')).toEqual([{ type: 'state', role: 'visitor', conversation: expect.objectContaining({ status: 'active', agentName: 'Bob' }) }]);
    // The visitor sees the event with the agent's name only.
    const ev = v.of<{ entries: Entry[] }>('entries')[0]!.entries[0]!;
    expect(ev).toEqual({ kind: 'event', seq: 5, id: 'ev5', event: 'reassigned', at: h.clock.now(), agent: { id: 'hidden', name: 'Bob' } });
    expect(h.reports.at(-1)).toMatchObject({ actorId: 'alice', conversation: { assignee: { id: 'bob' } } });
  });

  test('reassign to oneself is a no-op ok; to an unknown or revoked agent is refused', async () => {
    const h = await started();
    h.agents.set('carol', agentPublic('carol', 'Carol', 'agent', { revoked: true }));
    const alice = await h.agent('alice');
    await h.send(alice, { type: 'claim' });
    const n = h.stored().length;
    await h.send(alice, { type: 'reassign', ref: 'self', to: 'alice' });
    expect(alice.last()).toEqual({ type: 'ok', ref: 'self' });
    await h.send(alice, { type: 'reassign', ref: 'ghost', to: 'ghost' });
    expect(alice.last()).toMatchObject({ type: 'error', code: 'not-found', ref: 'ghost' });
    await h.send(alice, { type: 'reassign', ref: 'rev', to: 'carol' });
    expect(alice.last()).toMatchObject({ type: 'error', code: 'invalid-field', ref: 'rev' });
    expect(h.stored()).toHaveLength(n);
  });

  test('unassign puts the chat back in Unassigned with a fresh wait time and a re-armed alarm', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    await h.send(alice, { type: 'claim' });
    expect(h.storage.alarm).toBeNull();
    h.clock.advance(5 * 60_000);
    await h.send(alice, { type: 'reassign', ref: 'u', to: null });
    expect(meta(h)).toMatchObject({ status: 'unassigned', assignee: null, waitUntil: h.clock.now() + 60_000 });
    expect(h.storage.alarm).toBe(h.clock.now() + 60_000);
    expect(h.stored().at(-1)).toMatchObject({ event: 'unassigned', by: { id: 'alice' } });
  });

  test('close stamps closedAt, clears the alarm, and everyone still sees the chat', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    await h.send(alice, { type: 'claim' });
    await h.send(alice, { type: 'close', ref: 'c' });
    expect(meta(h)).toMatchObject({ status: 'closed', closedAt: h.clock.now() });
    expect(h.storage.alarm).toBeNull();
    const bob = await h.agent('bob');
    expect(bob.closed).toBeNull();
    expect(bob.of('welcome')[0]).toMatchObject({ conversation: { status: 'closed' } });
  });
});

describe('details and visibility per audience', () => {
  test('a visitor never gets details, presence or agent views; agents get details and presence', async () => {
    const h = await started();
    const v = await h.visitor();
    const a = await h.agent('alice');
    await h.send(a, { type: 'claim' });
    await h.send(a, { type: 'update-details', ref: 'd', patch: { person: { email: 'vera@example.com' } } });
    expect(a.of('details')).toEqual([{ type: 'details', details: expect.objectContaining({ person: { name: '', email: 'vera@example.com', phone: '' } }) }]);
    expect(h.storage.data.get('details')).toMatchObject({ person: { email: 'vera@example.com' } });
    h.conv.disconnect(v);
    h.clock.advance(10_000);
    expect(a.of('presence').at(-1)).toEqual({ type: 'presence', visitor: 'away', since: h.clock.now() - 10_000 });
    const v2 = await h.visitor();
    expect(a.of('presence').at(-1)).toMatchObject({ visitor: 'here' });
    for (const s of [v, v2]) {
      expect(s.frames.filter((f) => f.type === 'details' || f.type === 'presence' || f.role === 'agent')).toEqual([]);
      for (const e of frameEntries(s)) expect(JSON.stringify(e)).not.toContain('alice');
    }
  });

  test('a visitor may not update details; an invalid patch is an invalid-field refusal that changes nothing', async () => {
    const h = await started();
    const v = await h.visitor();
    await h.send(v, { type: 'update-details', ref: 'd', patch: { notes: 'x' } });
    expect(v.last()).toMatchObject({ code: 'forbidden', ref: 'd' });
    const a = await h.agent('alice');
    await h.send(a, { type: 'update-details', ref: 'd2', patch: { person: { email: 'not-an-email' } } });
    expect(a.last()).toMatchObject({ type: 'error', code: 'invalid-field', ref: 'd2', fields: { 'patch.person.email': expect.any(String) } });
    expect(h.storage.data.has('details')).toBe(false);
  });
});

describe('the alarm', () => {
  test('a room re-created after its deadline passed arms the alarm; alarm() makes it missed with the offline message and a report', async () => {
    const h = await started();
    const deadline = h.clock.now() + 60_000;
    expect(h.storage.alarm).toBe(deadline);
    h.storage.alarm = null; // `partykit dev` forgets alarms across a restart
    h.clock.advance(5 * 60_000);
    await h.restart();
    expect(h.storage.alarm).toBe(h.clock.now()); // a past deadline fires at once
    const v = await h.visitor();
    const a = await h.agent('alice');
    v.clear();
    a.clear();
    h.reports.length = 0;
    await h.conv.alarm();
    await settle();
    expect(meta(h)).toMatchObject({ status: 'missed', lastSeq: 5 });
    expect(h.stored().slice(-2)).toEqual([
      { kind: 'event', seq: 4, id: 'ev4', event: 'missed', at: h.clock.now() },
      { kind: 'message', seq: 5, id: 'offline5', from: 'bot', authorName: 'Botty', text: 'Nobody is here; leave your details.', at: h.clock.now() },
    ]);
    expect(v.of('state')).toEqual([{ type: 'state', role: 'visitor', conversation: expect.objectContaining({ status: 'missed' }) }]);
    expect(seqs(v.of<{ entries: Entry[] }>('entries')[0]!.entries)).toEqual([4, 5]);
    expect(h.reports).toHaveLength(1);
    expect(h.reports[0]!.conversation).toMatchObject({ status: 'missed', lastMessage: { from: 'bot', text: 'Nobody is here; leave your details.' } });
    // Firing again changes nothing.
    await h.conv.alarm();
    expect(meta(h).lastSeq).toBe(5);
  });

  test('an early alarm re-arms for the deadline and changes nothing', async () => {
    const h = await started();
    h.clock.advance(30_000);
    h.storage.alarm = null;
    await h.conv.alarm();
    expect(meta(h).status).toBe('waiting');
    expect(h.storage.alarm).toBe(h.clock.now() + 30_000);
  });

  test('a refused report is kept due and retried from the alarm', async () => {
    let status = 500;
    const h = conversationHarness({ reportStatus: () => status });
    await h.init();
    const v = await h.visitor();
    await h.send(v, { type: 'send', id: 'msg-retry-1', text: 'anyone?' });
    expect(meta(h).reportDue).toBe(true);
    expect(h.storage.alarm).toBe(h.clock.now() + 5_000); // sooner than the wait-time deadline
    expect(h.reports).toHaveLength(0);
    status = 200;
    h.clock.advance(5_000);
    await h.conv.alarm();
    expect(h.reports).toHaveLength(1);
    expect(h.reports[0]!.conversation.lastMessage).toMatchObject({ text: 'anyone?' });
    expect(meta(h).reportDue).toBe(false);
    expect(h.storage.alarm).toBe(h.clock.now() + 55_000);
  });

  test('revisions grow with every report, even across a restart with an unsaved revision', async () => {
    const h = await started();
    const v = await h.visitor();
    await h.send(v, { type: 'send', id: 'msg-rev-001', text: 'a' });
    await h.send(v, { type: 'send', id: 'msg-rev-002', text: 'b' });
    const [r1, r2] = h.reports.map((r) => r.rev);
    expect(r1).toBeGreaterThanOrEqual(h.clock.now() * 1000);
    expect(r2).toBe(r1! + 1);
    await h.restart();
    h.clock.advance(1);
    const v2 = await h.visitor();
    await h.send(v2, { type: 'send', id: 'msg-rev-003', text: 'c' });
    expect(h.reports.at(-1)!.rev).toBeGreaterThan(r2!);
  });
});

describe('offline contact and records', () => {
  test('offline-contact fills empty details, names a generated visitor, adds one contact-left event however often it is told', async () => {
    const h = await started();
    const a = await h.agent('alice');
    const v = await h.visitor();
    a.clear();
    v.clear();
    const body = { type: 'offline-contact', submissionId: 'sub-123456', contact: { name: 'Vera', email: 'vera@example.com', phone: 'not a phone!!' } };
    expect((await h.internal(body)).status).toBe(200);
    expect((await h.internal(body)).status).toBe(200);
    expect(h.stored().filter((e) => e.event === 'contact-left')).toHaveLength(1);
    expect(meta(h).visitorName).toBe('Vera');
    expect(h.storage.data.get('details')).toMatchObject({ person: { name: 'Vera', email: 'vera@example.com', phone: '' } });
    expect(a.of('details')).toHaveLength(1);
    expect(v.of('entries')).toEqual([]); // contact-left is for agents
    expect(h.reports.at(-1)!.conversation.visitorName).toBe('Vera');
  });

  test('create-record asks the workspace, then the timeline says created; a second create asks nothing', async () => {
    const asked: unknown[] = [];
    const h = conversationHarness({
      other: (_to, body) => {
        asked.push(body);
        return { status: 200, body: { status: 'created', record: { kind: 'lead', id: 'L1', title: 'Lead for Vera' } } };
      },
    });
    await h.init();
    const a = await h.agent('alice');
    await h.send(a, { type: 'create-record', ref: 'cr', kind: 'lead' });
    expect(a.of('ok').at(-1)).toEqual({ type: 'ok', ref: 'cr' });
    expect(asked).toEqual([expect.objectContaining({ type: 'record-create', conversationId: CONV, kind: 'lead', retry: false })]);
    expect(h.stored().at(-1)).toMatchObject({ event: 'lead-created', record: { id: 'L1' }, by: { id: 'alice' } });
    expect(meta(h).records).toEqual({ lead: { kind: 'lead', id: 'L1', title: 'Lead for Vera' } });
    await h.send(a, { type: 'create-record', ref: 'cr2', kind: 'lead' });
    expect(asked).toHaveLength(1);
    // A result told later (record-result) is not added twice.
    await h.internal({ type: 'record-result', kind: 'lead', outcome: { status: 'created', record: { kind: 'lead', id: 'L1', title: 'Lead for Vera' } } });
    expect(h.stored().filter((e) => e.event === 'lead-created')).toHaveLength(1);
  });
});
