import { describe, expect, test } from 'vitest';
import { Peers, type Agent } from '../../../party/conversation/peers';
import { emptyDetails } from '../../../protocol';
import { MemorySocket } from '../../helpers/memory-room';

const claims = { kind: 'agent' as const, ws: 'ws', sub: 'alice', name: 'Alice', role: 'agent' as const, manageLiveChat: false, exp: 0 };
const alice: Agent = { role: 'agent', agent: { id: 'alice', name: 'Alice' }, claims };

function room() {
  const peers = new Peers();
  const v1 = new MemorySocket('v1');
  const v2 = new MemorySocket('v2');
  const a = new MemorySocket('a');
  peers.join(v1, { role: 'visitor' });
  peers.join(v2, { role: 'visitor' });
  peers.join(a, alice);
  return { peers, v1, v2, a };
}

describe('Peers', () => {
  test('agent-only frames go to agents only; visitor frames to visitors only', () => {
    const { peers, v1, v2, a } = room();
    peers.toAgents({ type: 'details', details: emptyDetails() });
    peers.toAgents({ type: 'presence', visitor: 'here', since: 1 });
    peers.toVisitors({ type: 'state', role: 'visitor', conversation: { id: 'c', status: 'waiting', agentName: null, closedAt: null, lastSeq: 1, seenByAgent: 0 } });
    expect(a.frames.map((f) => f.type)).toEqual(['details', 'presence']);
    for (const v of [v1, v2]) expect(v.frames).toEqual([{ type: 'state', role: 'visitor', conversation: expect.objectContaining({ id: 'c' }) }]);
  });

  test('toOthers skips the sender; toAll reaches everyone; each frame is encoded once', () => {
    const { peers, v1, v2, a } = room();
    peers.toOthers({ type: 'typing', from: 'visitor', typing: true }, 'v1');
    expect([v1.sent.length, v2.sent.length, a.sent.length]).toEqual([0, 1, 1]);
    peers.toAll({ type: 'pong' });
    expect([v1.sent.length, v2.sent.length, a.sent.length]).toEqual([1, 2, 2]);
    expect(a.sent[1]).toBe(v1.sent[0]);
  });

  test('membership: join, get, leave (answers who left), counts', () => {
    const { peers } = room();
    expect(peers.visitorCount()).toBe(2);
    expect([...peers.agents()].map((x) => x.member.agent.id)).toEqual(['alice']);
    expect(peers.leave('v1')).toEqual({ role: 'visitor' });
    expect(peers.leave('v1')).toBeUndefined();
    expect(peers.has('v1')).toBe(false);
    expect(peers.get('a')).toBe(alice);
    expect(peers.visitorCount()).toBe(1);
  });

  test('replies go to the one socket', () => {
    const { peers, v1, v2, a } = room();
    peers.reply(v2, { type: 'ack', id: 'x', seq: 3 });
    peers.toAgent(a, { type: 'pong' });
    peers.toVisitor(v1, { type: 'entries', entries: [] });
    expect([v1.frames, v2.frames, a.frames]).toEqual([[{ type: 'entries', entries: [] }], [{ type: 'ack', id: 'x', seq: 3 }], [{ type: 'pong' }]]);
  });
});
