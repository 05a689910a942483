import { expect, test } from 'vitest';
import { AgentSockets } from '../../../party/workspace/sockets';
import { MemorySocket } from '../../helpers/memory-room';

test('agents are connected while one of their sockets is; frames reach the chosen agents', () => {
  const s = new AgentSockets();
  const a1 = new MemorySocket('a1');
  const a2 = new MemorySocket('a2');
  const b = new MemorySocket('b');
  s.add(a1, 'alice', 1);
  s.add(a2, 'alice', 1);
  s.add(b, 'bob', 1);
  expect(s.agentIds()).toEqual(new Set(['alice', 'bob']));
  expect(s.agentOf('a2')).toBe('alice');
  s.toAgent('alice', { type: 'pong' });
  expect([a1.sent.length, a2.sent.length, b.sent.length]).toEqual([1, 1, 0]);
  s.toSome((id) => id === 'bob', { type: 'pong' });
  expect([a1.sent.length, a2.sent.length, b.sent.length]).toEqual([1, 1, 1]);
  s.toAll({ type: 'agents', agents: [] });
  expect(b.last()).toEqual({ type: 'agents', agents: [] });
  expect(s.remove('a1')).toBe('alice');
  expect(s.connected('alice')).toBe(true);
  expect(s.remove('a2')).toBe('alice');
  expect(s.connected('alice')).toBe(false);
  expect(s.remove('a2')).toBeUndefined();
  expect([...s.all()].map((x) => x.agentId)).toEqual(['bob']);
});
