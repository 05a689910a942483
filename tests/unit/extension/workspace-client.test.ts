import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode, PROTOCOL_VERSION } from '../../../protocol';
import { MemoryTransport } from '../../../models/memory-transport';
import { RequestError } from '../../../models/room-connection';
import { SessionError } from '../../../models/session';
import { WorkspaceClient } from '../../../models/workspace-client';
import { agent, settle, summary, welcome } from '../../helpers/extension-fixtures';

function setup(token: () => Promise<string> = async () => 'tok') {
  const transport = new MemoryTransport();
  const invalidate = vi.fn(async () => {});
  const client = new WorkspaceClient({ transport, token, invalidateToken: invalidate });
  return { transport, client, invalidate };
}

async function connect(t: MemoryTransport, over: Record<string, unknown> = {}) {
  t.open();
  await settle();
  t.push(welcome(over));
}

describe('workspace client', () => {
  it('says hello with the protocol version and a fresh token, then fills the signals', async () => {
    let n = 0;
    const { transport, client } = setup(async () => `tok-${++n}`);
    await connect(transport);
    expect(transport.sent[0]).toEqual({ type: 'hello', v: PROTOCOL_VERSION, token: 'tok-1', lastSeq: 0 });
    expect(client.status.value).toBe('connected');
    expect(client.me.value?.name).toBe('Ada');
    expect(client.agents.value).toHaveLength(2);
    expect([...client.conversations.value.keys()]).toEqual(['c1']);
    transport.drop();
    transport.open();
    await settle();
    expect(transport.ofType('hello')[1]).toMatchObject({ token: 'tok-2' });
  });

  it('holds the saved replies: from the welcome, replaced by each replies frame, long lists shown once whole', async () => {
    const r = (id: string) => ({ id, shortcut: id, text: `Text ${id}`, updatedAt: 1_700_000_000_001 });
    const { transport, client } = setup();
    await connect(transport, { replies: [r('a')] });
    expect(client.replies.value.map((x) => x.id)).toEqual(['a']);
    transport.push({ type: 'replies', replies: [r('a'), r('b')] });
    expect(client.replies.value.map((x) => x.id)).toEqual(['a', 'b']);
    // A list in pages: nothing half-done is shown, then the pages in order.
    transport.push({ type: 'replies', replies: [r('c')], more: true });
    transport.push({ type: 'replies', replies: [r('d')], more: true });
    expect(client.replies.value.map((x) => x.id)).toEqual(['a', 'b']);
    transport.push({ type: 'replies', replies: [r('e')] });
    expect(client.replies.value.map((x) => x.id)).toEqual(['c', 'd', 'e']);
    transport.push({ type: 'replies', replies: [] });
    expect(client.replies.value).toEqual([]);
    // A welcome whose list continues in replies frames.
    transport.drop();
    await connect(transport, { replies: [r('x')], repliesMore: true });
    expect(client.replies.value).toEqual([]);
    transport.push({ type: 'replies', replies: [r('y')] });
    expect(client.replies.value.map((x) => x.id)).toEqual(['x', 'y']);
  });

  it('upserts and removes conversations', async () => {
    const { transport, client } = setup();
    await connect(transport);
    transport.push({ type: 'conversation', conversation: summary({ id: 'c2' }) });
    transport.push({ type: 'conversation', conversation: summary({ id: 'c1', unread: 5 }) });
    expect(client.conversations.value.get('c1')?.unread).toBe(5);
    transport.push({ type: 'conversation-removed', id: 'c1' });
    expect([...client.conversations.value.keys()]).toEqual(['c2']);
  });

  it('takes a welcome bigger than the client-to-room frame cap, then the paged rest of the inbox', async () => {
    const { transport, client } = setup();
    const many = Array.from({ length: 300 }, (_, i) => summary({ id: `w${i}`, visitorName: 'V'.repeat(150) }));
    expect(JSON.stringify(many).length).toBeGreaterThan(32_000);
    await connect(transport, { conversations: many });
    expect(client.conversations.value.size).toBe(300);
    transport.push({ type: 'conversations', conversations: [summary({ id: 'p1' }), summary({ id: 'p2' })] });
    expect(client.conversations.value.size).toBe(302);
    expect(client.conversations.value.has('p2')).toBe(true);
  });

  it('updates me from the agents frame and settings from the settings frame', async () => {
    const { transport, client } = setup();
    await connect(transport);
    transport.push({ type: 'agents', agents: [agent({ online: false })] });
    expect(client.online.value).toBe(false);
    transport.push({ type: 'settings', settings: { enabled: false, newUnassigned: true, assignedToMe: true, newMessage: true, sound: true } });
    expect(client.settings.value.enabled).toBe(false);
  });

  it('ignores frames that are not in the protocol', async () => {
    const { transport, client } = setup();
    await connect(transport);
    transport.push({ type: 'conversation', conversation: { id: 'bad' } });
    expect(client.conversations.value.has('bad')).toBe(false);
  });

  it('request resolves on ok and rejects on error with the same ref', async () => {
    const { transport, client } = setup();
    await connect(transport);
    const ok = client.request({ type: 'playbook-delete', id: 'p1' });
    const bad = client.request({ type: 'playbook-delete', id: 'p2' });
    const [f1, f2] = transport.ofType<{ ref: string }>('playbook-delete');
    expect(f1!.ref).not.toBe(f2!.ref);
    transport.push({ type: 'error', code: 'forbidden', message: 'Not allowed', ref: f2!.ref });
    transport.push({ type: 'ok', ref: f1!.ref });
    await expect(ok).resolves.toMatchObject({ type: 'ok' });
    await expect(bad).rejects.toMatchObject({ code: 'forbidden', message: 'Not allowed' });
    await expect(bad).rejects.toBeInstanceOf(RequestError);
  });

  it('agent-create resolves with the credential', async () => {
    const { transport, client } = setup();
    await connect(transport);
    const p = client.request({ type: 'agent-create', name: 'Bob', email: 'b@example.com', role: 'agent', manageLiveChat: false });
    const { ref } = transport.last<{ ref: string }>();
    transport.push({ type: 'agent-created', ref, agent: agent({ id: 'a9' }), credential: 'secret' });
    await expect(p).resolves.toMatchObject({ credential: 'secret' });
  });

  it('queues commands until welcome; fails the unanswered ones when the socket drops', async () => {
    const { transport, client } = setup();
    const queued = client.request({ type: 'playbook-delete', id: 'p1' });
    expect(transport.sent).toHaveLength(0);
    await connect(transport);
    expect(transport.sent.map((f) => (f as { type: string }).type)).toEqual(['hello', 'playbook-delete']);
    transport.drop();
    await expect(queued).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('setStatus is optimistic, carries a ref and resolves on the ok', async () => {
    const { transport, client } = setup();
    await connect(transport, { me: agent({ online: false, status: 'away' }) });
    expect(client.agentStatus.value).toBe('away');
    const done = client.setStatus('online');
    expect(client.online.value).toBe(true);
    expect(client.agentStatus.value).toBe('online');
    const frame = transport.last<{ type: string; status: string; ref: string }>();
    expect(frame).toMatchObject({ type: 'set-status', status: 'online' });
    expect(frame.ref).toEqual(expect.any(String));
    transport.push({ type: 'ok', ref: frame.ref });
    await expect(done).resolves.toBeUndefined();
    expect(client.agentStatus.value).toBe('online');
  });

  it('setStatus puts the status back when the room refuses, and rejects with why', async () => {
    const { transport, client } = setup();
    await connect(transport, { me: agent({ online: false, status: 'away' }) });
    const done = client.setStatus('online');
    expect(client.online.value).toBe(true);
    transport.push({ type: 'error', code: 'forbidden', message: 'Revoked agents cannot go online', ref: transport.last<{ ref: string }>().ref });
    await expect(done).rejects.toMatchObject({ code: 'forbidden', message: 'Revoked agents cannot go online' });
    expect(client.online.value).toBe(false);
    expect(client.agentStatus.value).toBe('away');
  });

  it('setStatus puts it back when the socket drops before the answer; a client not connected says offline', async () => {
    const { transport, client } = setup();
    await connect(transport, { me: agent({ online: true, status: 'online' }) });
    const done = client.setStatus('away');
    expect(client.agentStatus.value).toBe('away');
    transport.drop();
    await expect(done).rejects.toMatchObject({ code: 'unavailable' });
    expect(client.online.value).toBe(true);
    // Offline is no extension socket: while this one is down, the panel says offline, whatever `me` last said.
    expect(client.agentStatus.value).toBe('offline');
  });

  it('passes every frame to listeners (notify included)', async () => {
    const { transport, client } = setup();
    const seen: string[] = [];
    client.onFrame((f) => seen.push(f.type));
    await connect(transport);
    transport.push({ type: 'notify', event: 'new-unassigned', conversation: summary({ id: 'c7' }) });
    expect(seen).toEqual(['welcome', 'notify']);
    expect(client.conversations.value.has('c7')).toBe(true);
  });
});

describe('reconnect', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  /** `connect` for fake timers: the hello waits on the token (a promise), then the room welcomes. */
  const connect = async (t: MemoryTransport) => {
    t.open();
    await vi.advanceTimersByTimeAsync(0);
    t.push(welcome());
  };

  it('leaves retrying a dropped socket to the transport, and says hello again on each open', async () => {
    const { transport, client } = setup();
    await connect(transport);
    transport.drop();
    expect(client.status.value).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(60_000);
    // The transport backs off by itself (protocol/backoff): the client asks for nothing.
    expect(transport.reconnects).toBe(0);
    await connect(transport);
    expect(transport.ofType('hello')).toHaveLength(2);
    expect(client.status.value).toBe('connected');
  });

  it('a refused token is dropped and a new one tried at once; two refusals in a row stop', async () => {
    let renewed!: () => void;
    const { transport, client, invalidate } = setup();
    invalidate.mockImplementation(() => new Promise<void>((r) => (renewed = r)));
    transport.open();
    transport.drop(CloseCode.unauthorized);
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(client.status.value).toBe('reconnecting');
    // Not before the old token is gone: the next hello must not send it again.
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.reconnects).toBe(0);
    renewed();
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.reconnects).toBe(1);
    transport.open();
    transport.drop(CloseCode.unauthorized);
    expect(client.status.value).toBe('unauthorized');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(transport.reconnects).toBe(1);
  });

  it('a refusal after a welcome is a first refusal again', async () => {
    const { transport, client } = setup();
    transport.open();
    transport.drop(CloseCode.unauthorized);
    await connect(transport);
    transport.drop(CloseCode.unauthorized);
    expect(client.status.value).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.reconnects).toBe(2);
  });

  it('a version mismatch, a lost chat or a missing room stop for good', async () => {
    for (const [code, status] of [
      [CloseCode.versionMismatch, 'version-mismatch'],
      [CloseCode.revoked, 'revoked'],
      [CloseCode.notFound, 'not-found'],
    ] as const) {
      const { transport, client } = setup();
      transport.drop(code);
      expect(client.status.value).toBe(status);
      client.heartbeat();
      client.connection.revive();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(transport.reconnects).toBe(0);
      await expect(client.request({ type: 'set-online', online: true })).rejects.toMatchObject({ code: 'unavailable' });
    }
  });

  it('a wrong credential stops; an unreachable session endpoint waits for the room to close the socket and the transport to retry', async () => {
    const wrong = setup(async () => {
      throw new SessionError('wrong-credential', 'nope');
    });
    wrong.transport.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(wrong.client.status.value).toBe('unauthorized');

    let up = false;
    const down = setup(async () => {
      if (!up) throw new SessionError('unreachable', 'down');
      return 'tok';
    });
    down.transport.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(down.client.status.value).toBe('reconnecting');
    expect(down.client.connection.problem.value).toBe('down');
    expect(down.transport.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(down.transport.reconnects).toBe(0);
    // The room's hello deadline: a retried close, so the transport tries again later.
    down.transport.drop(CloseCode.helloTimeout);
    expect(down.client.status.value).toBe('reconnecting');
    up = true;
    await connect(down.transport);
    expect(down.client.status.value).toBe('connected');
    expect(down.client.connection.problem.value).toBeNull();
  });

  it('the revive alarm and the heartbeat ask the transport to connect now while it is down', async () => {
    const { transport, client } = setup();
    transport.open();
    transport.drop();
    client.connection.revive();
    expect(transport.reconnects).toBe(1);
    client.heartbeat();
    expect(transport.reconnects).toBe(2);
    await connect(transport);
    client.connection.revive();
    expect(transport.reconnects).toBe(2);
  });

  it('heartbeat pings, and reconnects when a ping went unanswered', async () => {
    const { transport, client } = setup();
    transport.open();
    await vi.advanceTimersByTimeAsync(0);
    transport.push(welcome());
    client.heartbeat();
    expect(transport.last()).toEqual({ type: 'ping' });
    transport.push({ type: 'pong' });
    client.heartbeat();
    expect(transport.reconnects).toBe(0);
    client.heartbeat();
    expect(transport.reconnects).toBe(1);
  });
});
