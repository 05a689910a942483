import { describe, expect, it } from 'vitest';
import { AgentClaims, RecoverRequest, RedeemResponse, WorkspaceClientMessage, WorkspaceServerMessage, decode, decodeValue } from '../../../protocol';

// Issue 17: the onboarding frames, HTTP bodies and the token's credential generation, as the wire has them.
const invite = { id: '0123456789abcdef', name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: false, createdAt: 1_700_000_000_000, expiresAt: 1_700_604_800_000, by: { id: 'a1', name: 'Ada' } };
const CODE = `inv_0123456789abcdef_${'A'.repeat(32)}`;

describe('onboarding frames', () => {
  it('an admin\'s invite-create is agent-create\'s fields, checked the same way', () => {
    expect(decode(WorkspaceClientMessage, JSON.stringify({ type: 'invite-create', ref: 'r', name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: false })).ok).toBe(true);
    const bad = decode(WorkspaceClientMessage, JSON.stringify({ type: 'invite-create', name: '', email: 'nope', role: 'agent', manageLiveChat: false }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.extra.problems).toMatchObject({ name: { code: 'name-required' }, email: { code: 'invalid-email' } });
  });

  it.each([{ type: 'invite-revoke', id: invite.id }, { type: 'onboarding-get' }, { type: 'agent-reissue', id: 'a2' }])('decodes %j, and refuses an extra key', (frame) => {
    expect(decode(WorkspaceClientMessage, JSON.stringify(frame)).ok).toBe(true);
    expect(decode(WorkspaceClientMessage, JSON.stringify({ ...frame, code: CODE })).ok).toBe(false);
  });

  it('invite-created carries the code once; a pending invite as listed never carries a code or its hash', () => {
    expect(decodeValue(WorkspaceServerMessage, { type: 'invite-created', ref: 'r', invite, code: CODE }).ok).toBe(true);
    expect(decodeValue(WorkspaceServerMessage, { type: 'onboarding', invites: [invite], events: [{ id: 'e1', kind: 'admin-recovered', at: 1_700_000_000_000, agent: { id: 'a1', name: 'Ada' } }] }).ok).toBe(true);
    for (const leak of [{ codeHash: 'h' }, { code: CODE }]) expect(decodeValue(WorkspaceServerMessage, { type: 'onboarding', invites: [{ ...invite, ...leak }], events: [] }).ok).toBe(false);
    expect(decodeValue(WorkspaceServerMessage, { type: 'onboarding', invites: [], events: [{ id: 'e1', kind: 'something-else', at: 1_700_000_000_000, agent: { id: 'a1', name: 'Ada' } }] }).ok).toBe(false);
  });

  it('HTTP: recover wants a real email (a name is optional); redeem answers the workspace, the agent and the credential', () => {
    expect(decodeValue(RecoverRequest, { email: 'ada@example.com' }).ok).toBe(true);
    expect(decodeValue(RecoverRequest, { email: 'ada' }).ok).toBe(false);
    expect(decodeValue(RecoverRequest, { email: 'ada@example.com', role: 'admin' }).ok).toBe(false);
    const agent = { id: 'a2', name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: false, online: false, status: 'offline', revoked: false };
    expect(decodeValue(RedeemResponse, { workspace: 'acme', agent, credential: 'bat_x' }).ok).toBe(true);
    expect(decodeValue(RedeemResponse, { workspace: 'acme', agent: { ...agent, gen: 2 }, credential: 'bat_x' }).ok).toBe(true);
  });

  it('a session token says its credential generation when there is one (older tokens, without it, still decode)', () => {
    const claims = { kind: 'agent', ws: 'w', sub: 'a', name: 'Ada', role: 'admin', manageLiveChat: true, exp: 1_700_000_000_000 };
    expect(decodeValue(AgentClaims, claims).ok).toBe(true);
    expect(decodeValue(AgentClaims, { ...claims, gen: 3 }).ok).toBe(true);
    expect(decodeValue(AgentClaims, { ...claims, gen: 0 }).ok).toBe(false);
  });
});
