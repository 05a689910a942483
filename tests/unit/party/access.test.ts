import { describe, expect, test } from 'vitest';
import { CloseCode, type AgentClaims, type AgentPublic } from '../../../protocol';
import { admit, mayStay } from '../../../party/conversation/access';
import type { Meta } from '../../../party/conversation/state';

const NOW = Date.UTC(2026, 10, 30, 9);
const meta = (over: Partial<Meta> = {}): Meta => ({
  conversationId: 'ws.c1', workspaceId: 'ws', playbookId: 'pb', botName: 'Bot', status: 'active', assignee: { id: 'bob', name: 'Bob' },
  createdAt: NOW - 60_000, closedAt: null, waitUntil: null, offlineMessage: 'Bye', context: { pageUrl: '', referrer: '', language: 'en', userAgent: 'UA' },
  answers: {}, lastSeq: 3, seen: { visitor: 0, agent: 0 }, visitorName: 'Vera', records: {}, ...over,
});
const rules = { visitorTokenAfterCloseMs: 1_000, socketsPerVisitor: 2 };
const agentClaims = (sub: string, role: 'admin' | 'agent' = 'agent'): AgentClaims => ({ kind: 'agent', ws: 'ws', sub, name: sub, role, manageLiveChat: false, exp: NOW + 3_600_000 });
const record = (id: string, over: Partial<AgentPublic> = {}): AgentPublic => ({ id, name: id, email: `${id}@example.com`, role: 'agent', manageLiveChat: false, online: true, status: 'online', revoked: false, ...over });
const visitor = { kind: 'visitor' as const, ws: 'ws', conv: 'ws.c1' };

describe('admit: who a token lets into a conversation', () => {
  test('the chat\'s visitor, up to the socket cap, until a while after the chat closed', () => {
    expect(admit(visitor, meta(), undefined, 0, NOW, rules)).toEqual({ member: { role: 'visitor' } });
    expect(admit(visitor, meta(), undefined, 2, NOW, rules)).toMatchObject({ refusal: { code: CloseCode.tooManySockets, error: { code: 'rate-limited' } } });
    expect(admit(visitor, meta({ status: 'closed', closedAt: NOW - 500 }), undefined, 0, NOW, rules)).toEqual({ member: { role: 'visitor' } });
    expect(admit(visitor, meta({ status: 'closed', closedAt: NOW - 1_001 }), undefined, 0, NOW, rules)).toMatchObject({ refusal: { code: CloseCode.unauthorized } });
  });

  test('another chat\'s or workspace\'s token, or none, is refused', () => {
    for (const claims of [null, { ...visitor, conv: 'ws.c2' }, { ...visitor, ws: 'other' }, { ...agentClaims('bob'), ws: 'other' }]) {
      expect(admit(claims, meta(), record('bob'), 0, NOW, rules)).toMatchObject({ refusal: { code: CloseCode.unauthorized } });
    }
  });

  test('an agent: the assignee yes; another agent no; a revoked or unknown one no', () => {
    expect(admit(agentClaims('bob'), meta(), record('bob'), 0, NOW, rules)).toMatchObject({ member: { role: 'agent', agent: { id: 'bob' }, overseeing: false } });
    expect(admit(agentClaims('eve'), meta(), record('eve'), 0, NOW, rules)).toMatchObject({ refusal: { code: CloseCode.revoked, error: { code: 'forbidden' } } });
    expect(admit(agentClaims('bob'), meta(), record('bob', { revoked: true }), 0, NOW, rules)).toMatchObject({ refusal: { code: CloseCode.unauthorized } });
    expect(admit(agentClaims('bob'), meta(), null, 0, NOW, rules)).toMatchObject({ refusal: { code: CloseCode.unauthorized } });
  });

  test('the current role counts, not the token\'s: an admin oversees any chat; a demoted admin does not', () => {
    const ada = admit(agentClaims('ada', 'agent'), meta(), record('ada', { role: 'admin' }), 0, NOW, rules);
    expect(ada).toMatchObject({ member: { overseeing: true, claims: { role: 'admin' } } });
    expect(admit(agentClaims('ada', 'admin'), meta(), record('ada', { role: 'agent' }), 0, NOW, rules)).toMatchObject({ refusal: { error: { code: 'forbidden' } } });
  });

  test('mayStay: an overseeing admin stays when the chat moves; an agent who could see it and no longer can does not', () => {
    const admin = { role: 'agent' as const, agent: { id: 'ada', name: 'Ada' }, claims: agentClaims('ada', 'admin'), overseeing: true };
    const assigneeAdmin = { ...admin, overseeing: false };
    const moved = meta({ assignee: { id: 'carl', name: 'Carl' } });
    expect(mayStay(admin, moved)).toBe(true);
    expect(mayStay(assigneeAdmin, moved)).toBe(false);
    expect(mayStay({ ...admin, claims: agentClaims('ada', 'agent') }, moved)).toBe(false);
    expect(mayStay(assigneeAdmin, meta({ status: 'closed', assignee: { id: 'carl', name: 'Carl' } }))).toBe(true);
  });
});
