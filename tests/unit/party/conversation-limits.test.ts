import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Meta } from '../../../party/conversation/state';
import { CloseCode, Limits, PROTOCOL_VERSION } from '../../../protocol';
import { agentPublic, conversationHarness, type ConversationHarnessOptions } from '../../helpers/memory-conversation';
import { MemorySocket } from '../../helpers/memory-room';

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function started(o: ConversationHarnessOptions = {}) {
  const h = conversationHarness(o);
  expect((await h.init()).status).toBe(200);
  return h;
}
const meta = (h: ReturnType<typeof conversationHarness>) => h.storage.data.get('meta') as Meta;

describe('agent-changed from the workspace', () => {
  test('a revoked agent\'s sockets close at once and their chat goes back to Unassigned, by the admin', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    await h.send(alice, { type: 'claim' });
    const res = await h.internal({ type: 'agent-changed', agent: agentPublic('alice', 'Alice', 'agent', { revoked: true }), by: { id: 'root', name: 'Root' } });
    expect(res.status).toBe(200);
    expect(alice.closed).toEqual({ code: CloseCode.unauthorized, reason: 'Revoked' });
    expect(meta(h)).toMatchObject({ status: 'unassigned', assignee: null, waitUntil: h.clock.now() + 60_000 });
    expect(h.stored().at(-1)).toMatchObject({ event: 'unassigned', by: { id: 'root', name: 'Root' } });
    expect(h.reports.at(-1)).toMatchObject({ actorId: 'root', conversation: { status: 'unassigned' } });
  });

  test('a changed role applies to the agent\'s open sockets', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    const bob = await h.agent('bob');
    await h.send(alice, { type: 'claim' });
    expect(bob.closed).toBeNull(); // told, closed a moment later
    await h.internal({ type: 'agent-changed', agent: agentPublic('alice', 'Alice', 'agent'), by: null });
    expect(meta(h).status).toBe('active');
    expect(alice.closed).toBeNull();
  });
});

describe('admins', () => {
  test('an admin may open and reassign a chat someone else holds', async () => {
    const h = await started();
    const alice = await h.agent('alice');
    await h.send(alice, { type: 'claim' });
    const root = await h.hello(await h.agentToken('root', 'Root', 'admin'));
    expect(root.closed).toBeNull();
    expect(root.of('welcome')).toHaveLength(1);
    await h.send(root, { type: 'reassign', ref: 'r', to: 'bob' });
    expect(root.of('ok')).toEqual([{ type: 'ok', ref: 'r' }]);
    expect(meta(h).assignee).toEqual({ id: 'bob', name: 'Bob' });
    expect(root.closed).toBeNull(); // still entitled
  });
});

describe('limits', () => {
  test('a full conversation refuses new messages with conversation-full', async () => {
    const h = await started({ config: { maxEntries: 5 } });
    // The bot part may take at most half of the cap: its newest line is kept, then the created event.
    expect(h.stored().map((e: any) => e.text ?? e.event)).toEqual(['Pricing please', 'created']);
    const v = await h.visitor();
    for (const id of ['msg-full-01', 'msg-full-02', 'msg-full-03', 'msg-full-04']) await h.send(v, { type: 'send', id, text: id });
    expect(v.of('ack').map((a) => a.seq)).toEqual([3, 4, 5]);
    expect(v.last()).toMatchObject({ type: 'error', code: 'conversation-full', ref: 'msg-full-04' });
    expect(h.stored()).toHaveLength(5);
  });

  test('message characters count towards the cap too', async () => {
    const h = await started({ config: { maxChars: 40 } });
    // The transcript's 34 characters are more than half the cap: only its newest line (14) is kept.
    expect(h.stored().filter((e: any) => e.kind === 'message').map((e: any) => e.text)).toEqual(['Pricing please']);
    const v = await h.visitor();
    await h.send(v, { type: 'send', id: 'msg-char-01', text: '1234567890123456789012345' });
    await h.send(v, { type: 'send', id: 'msg-char-02', text: 'xy' });
    expect(v.of('ack')).toHaveLength(1);
    expect(v.last()).toMatchObject({ code: 'conversation-full', ref: 'msg-char-02' });
  });

  test('the visitor\'s messages per minute are shared by every socket of the chat', async () => {
    const h = await started({ config: { visitorMessagesPerMinute: 2 } });
    const v1 = await h.visitor();
    const v2 = await h.visitor();
    await h.send(v1, { type: 'send', id: 'msg-rate-01', text: 'a' });
    await h.send(v2, { type: 'send', id: 'msg-rate-02', text: 'b' });
    await h.send(v1, { type: 'send', id: 'msg-rate-03', text: 'c' });
    expect(v1.last()).toMatchObject({ type: 'error', code: 'rate-limited', ref: 'msg-rate-03' });
    h.clock.advance(30_000);
    await h.send(v1, { type: 'send', id: 'msg-rate-04', text: 'd' });
    expect(v1.last()).toMatchObject({ type: 'ack', id: 'msg-rate-04' });
  });

  test('one visitor token holds at most socketsPerVisitor sockets', async () => {
    const h = await started({ config: { socketsPerVisitor: 2 } });
    await h.visitor();
    const second = await h.visitor();
    const third = await h.visitor();
    expect(second.closed).toBeNull();
    expect(third.of('error')[0]).toMatchObject({ code: 'rate-limited' });
    expect(third.closed?.code).toBe(CloseCode.tooManySockets);
  });

  test('a visitor token is refused a while after its chat was closed', async () => {
    const h = await started({ config: { visitorTokenAfterCloseMs: 60_000 } });
    const a = await h.agent('alice');
    await h.send(a, { type: 'close' });
    h.clock.advance(60_000);
    expect((await h.visitor()).closed).toBeNull();
    h.clock.advance(1);
    const late = await h.visitor();
    expect(late.of('error')[0]).toMatchObject({ code: 'unauthorized', message: 'This chat was closed; start a new one' });
    expect(late.closed?.code).toBe(CloseCode.unauthorized);
  });

  test('before hello only a small text frame is read: refused unread, told once, closed at the hello deadline', async () => {
    const h = await started();
    const s = new MemorySocket();
    h.conv.connect(s);
    const big = JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, token: 'x'.repeat(Limits.preHelloFrameChars), lastSeq: 0 });
    await h.conv.message(s, big);
    await h.conv.message(s, big);
    expect(s.of('error')).toEqual([expect.objectContaining({ code: 'frame-too-large' })]);
    expect(s.closed).toBeNull();
    const b = new MemorySocket();
    h.conv.connect(b);
    await h.conv.message(b, new Uint8Array([1, 2, 3]));
    expect(b.of('error')[0]).toMatchObject({ code: 'frame-too-large' });
    h.clock.advance(10_000); // the harness's hello grace
    expect(s.closed?.code).toBe(CloseCode.helloTimeout);
    expect(b.closed?.code).toBe(CloseCode.helloTimeout);
  });
});
