import { describe, expect, it } from 'vitest';
import {
  AGENT_ONLY_TYPES,
  AgentConversationClientMessage,
  decode,
  VisitorClientMessage,
  WorkspaceClientMessage,
} from '../../../protocol';
import { agentOnlyFrames, expectRoundTrip, refusal, visitorFrames, workspaceFrames } from './fixtures';

const agentFrames = { ...visitorFrames, ...agentOnlyFrames };
const sockets = [
  ['VisitorClientMessage', VisitorClientMessage, visitorFrames],
  ['AgentConversationClientMessage', AgentConversationClientMessage, agentFrames],
  ['WorkspaceClientMessage', WorkspaceClientMessage, workspaceFrames],
] as const;
const OPTIONAL = new Set(['claim.ref', 'reassign.ref', 'close.ref', 'update-details.ref', 'create-record.ref',
  'playbook-create.ref', 'playbook-save.ref', 'playbook-delete.ref', 'agent-create.ref', 'agent-update.ref',
  'agent-update.name', 'agent-update.role', 'agent-update.manageLiveChat', 'agent-revoke.ref', 'settings-save.ref',
  'reply-save.ref', 'reply-delete.ref']);

describe.each(sockets)('%s', (_name, schema, frames) => {
  const cases = Object.entries(frames);

  it.each(cases)('%s decodes to the same value', (_type, frame) => {
    expectRoundTrip(schema, frame);
  });

  it.each(cases)('%s with an extra key → invalid-frame', (_type, frame) => {
    const error = refusal(decode(schema, JSON.stringify({ ...frame, isAdmin: true })), 'invalid-frame');
    expect(error.extra.fields).toEqual({ isAdmin: expect.any(String) });
  });

  it.each(cases)('%s with a __proto__ or constructor key → invalid-frame', (_type, frame) => {
    const body = JSON.stringify(frame).slice(1);
    refusal(decode(schema, `{"__proto__":{"isAdmin":true},${body}`), 'invalid-frame');
    refusal(decode(schema, `{"constructor":{"prototype":{"isAdmin":true}},${body}`), 'invalid-frame');
  });

  it.each(cases)('%s with a missing field (other than type) → invalid-frame', (_type, frame) => {
    const type = (frame as { type: string }).type;
    const required = Object.keys(frame).filter((k) => k !== 'type' && !OPTIONAL.has(`${type}.${k}`));
    for (const key of required) {
      const copy: Record<string, unknown> = { ...frame };
      delete copy[key];
      const error = refusal(decode(schema, JSON.stringify(copy)), 'invalid-frame');
      expect(error.extra.fields).toHaveProperty(key);
    }
  });

  it.each(cases)('%s with a 65-character ref → invalid-frame', (_type, frame) => {
    if (!('ref' in frame)) return;
    refusal(decode(schema, JSON.stringify({ ...frame, ref: 'r'.repeat(65) })), 'invalid-frame');
    expectRoundTrip(schema, { ...frame, ref: 'r'.repeat(64) });
  });
});

describe('which socket accepts which frame', () => {
  it('lists exactly the agent-only conversation commands', () => {
    expect([...AGENT_ONLY_TYPES].sort()).toEqual(['claim', 'close', 'create-record', 'reassign', 'update-details']);
  });

  it.each(Object.entries(agentOnlyFrames))('a visitor sending %s gets unknown-type', (_type, frame) => {
    refusal(decode(VisitorClientMessage, JSON.stringify(frame)), 'unknown-type');
  });

  it.each(Object.entries(agentFrames))('the workspace socket does not take conversation frame %s', (_type, frame) => {
    if (['hello', 'ping'].includes((frame as { type: string }).type)) return;
    refusal(decode(WorkspaceClientMessage, JSON.stringify(frame)), 'unknown-type');
  });

  it.each(Object.entries(workspaceFrames))('the conversation socket does not take workspace frame %s', (_type, frame) => {
    if (['hello', 'ping'].includes((frame as { type: string }).type)) return;
    refusal(decode(AgentConversationClientMessage, JSON.stringify(frame)), 'unknown-type');
  });
});

describe('field rules of client frames', () => {
  it.each([
    ['a negative lastSeq', { type: 'hello', v: 1, token: 't', lastSeq: -1 }],
    ['a fractional lastSeq', { type: 'hello', v: 1, token: 't', lastSeq: 1.5 }],
    ['a string lastSeq', { type: 'hello', v: 1, token: 't', lastSeq: '3' }],
    ['a string version', { type: 'hello', v: '1', token: 't', lastSeq: 0 }],
    ['a 2,001-character token', { type: 'hello', v: 1, token: 't'.repeat(2_001), lastSeq: 0 }],
    ['a numeric token', { type: 'hello', v: 1, token: 42, lastSeq: 0 }],
    ['a string typing flag', { type: 'typing', typing: 'yes' }],
    ['a negative seen seq', { type: 'seen', seq: -3 }],
    ['a reassign without `to`', { type: 'reassign' }],
    ['a reassign to a malformed id', { type: 'reassign', to: 'bob smith' }],
    ['a reassign to an empty id', { type: 'reassign', to: '' }],
    ['a create-record of an unknown kind', { type: 'create-record', kind: 'person' }],
    ['an update-details without patch', { type: 'update-details' }],
    ['an update-details with an unknown field', { type: 'update-details', patch: { budget: 5 } }],
  ])('refuses %s', (_label, frame) => {
    refusal(decode(AgentConversationClientMessage, JSON.stringify(frame)), 'invalid-frame');
  });

  it.each([
    ['an empty playbook name', { type: 'playbook-create', name: '   ', template: 'blank' }],
    ['an unknown template', { type: 'playbook-create', name: 'x', template: 'sales' }],
    ['a 201-character playbook name', { type: 'playbook-create', name: 'n'.repeat(201), template: 'blank' }],
    ['a bad agent email', { type: 'agent-create', name: 'Bob', email: 'bob@', role: 'agent', manageLiveChat: false }],
    ['an empty agent name', { type: 'agent-create', name: ' ', email: 'b@x.io', role: 'agent', manageLiveChat: false }],
    ['an unknown role', { type: 'agent-create', name: 'Bob', email: 'b@x.io', role: 'owner', manageLiveChat: false }],
    ['agent-update changing the email', { type: 'agent-update', id: 'a', email: 'new@x.io' }],
    ['a malformed agent id', { type: 'agent-revoke', id: 'a/b' }],
    ['partial notification settings', { type: 'settings-save', notifications: { enabled: false } }],
    ['a string online flag', { type: 'set-online', online: 'true' }],
  ])('the workspace socket refuses %s', (_label, frame) => {
    refusal(decode(WorkspaceClientMessage, JSON.stringify(frame)), 'invalid-frame');
  });

  it('trims agent names and emails, and playbook names', () => {
    const created = decode(WorkspaceClientMessage, JSON.stringify({ type: 'agent-create', name: '  Bob ', email: ' b@x.io ', role: 'agent', manageLiveChat: false }));
    expect(created).toMatchObject({ ok: true, value: { name: 'Bob', email: 'b@x.io' } });
    const pb = decode(WorkspaceClientMessage, JSON.stringify({ type: 'playbook-create', name: ' Sales ', template: 'blank' }));
    expect(pb).toMatchObject({ ok: true, value: { name: 'Sales' } });
  });
});
