import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  BatonError,
  ConversationServerMessage,
  decodeValue,
  defaultNotificationSettings,
  ErrorFrame,
  errorFrame,
  liveChatTemplate,
  PROTOCOL_VERSION,
  visibleToVisitor,
  WorkspaceServerMessage,
  type Entry,
} from '../../../protocol';
import { alice, bob, context, details, expectRoundTrip, refusal, summary } from './fixtures';

const entries: Entry[] = [
  { kind: 'message', seq: 1, id: 'msg-00001', from: 'visitor', text: 'Hi', at: 1_700_000_000_001 },
  { kind: 'message', seq: 2, id: 'msg-00002', from: 'agent', authorName: 'Alice', agentId: alice.id, text: 'Hello', at: 1_700_000_000_002 },
  { kind: 'message', seq: 3, id: 'bot-1', from: 'bot', authorName: 'Baton bot', text: 'Welcome', at: 1_700_000_000_000 },
  { kind: 'event', seq: 4, id: 'ev-1', event: 'joined', at: 1_700_000_000_003, agent: alice },
  { kind: 'event', seq: 5, id: 'ev-2', event: 'reassigned', at: 1_700_000_000_004, by: alice, agent: bob },
  { kind: 'event', seq: 6, id: 'ev-3', event: 'deal-created', at: 1_700_000_000_005, by: bob, record: { kind: 'deal', id: 'd', title: 'Deal' } },
  { kind: 'event', seq: 7, id: 'ev-4', event: 'missed', at: 1_700_000_000_006, reason: 'Nobody claimed it in time' },
];
const visitorView = { id: 'conv-1', status: 'active', agentName: 'Alice', closedAt: null, lastSeq: 7, seenByAgent: 1 };
const agentView = {
  ...summary, workspaceId: 'ws', context, answers: { topic: 'sales' }, waitUntil: null, lastSeq: 7, seen: { visitor: 2, agent: 1 },
};

const conversationFrames: Record<string, object> = {
  'welcome (visitor)': { type: 'welcome', role: 'visitor', v: PROTOCOL_VERSION, conversation: visitorView, entries: entries.filter(visibleToVisitor) },
  'welcome (agent)': { type: 'welcome', role: 'agent', v: PROTOCOL_VERSION, conversation: agentView, entries, details },
  entries: { type: 'entries', entries },
  ack: { type: 'ack', id: 'msg-00001', seq: 1 },
  ok: { type: 'ok', ref: 'r1' },
  'state (visitor)': { type: 'state', role: 'visitor', conversation: { ...visitorView, status: 'closed', closedAt: 1_700_000_000_009 } },
  'state (agent)': { type: 'state', role: 'agent', conversation: { ...agentView, status: 'unassigned', assignee: null } },
  typing: { type: 'typing', from: 'agent', name: 'Alice', typing: true },
  seen: { type: 'seen', side: 'visitor', seq: 3 },
  details: { type: 'details', details },
  pong: { type: 'pong' },
  error: { type: 'error', code: 'already-claimed', message: 'Bob got there first', ref: 'r1', winner: bob },
  'error with fields': { type: 'error', code: 'invalid-field', message: 'x', fields: { 'person.email': 'Enter a valid email address' } },
};

const stored = { ...liveChatTemplate('pb-1'), installedAt: null, updatedAt: 1_700_000_000_005 };
const me = { ...alice, email: 'alice@example.com', role: 'admin', manageLiveChat: true, online: true, status: 'online', revoked: false };
const workspaceFrames: Record<string, object> = {
  welcome: {
    type: 'welcome', v: PROTOCOL_VERSION, workspaceId: 'ws', me, agents: [me], conversations: [summary], replies: [], repliesMore: true,
    playbooks: [stored, { ...stored, id: 'pb-2', installedAt: 1_700_000_000_003 }], settings: defaultNotificationSettings(),
    routing: { hours: null, defaultMaxChats: 3, teams: [{ id: 'sales', name: 'Sales' }] },
  },
  conversation: { type: 'conversation', conversation: { ...summary, status: 'closed', closedAt: 1_700_000_000_008 } },
  'conversation-removed': { type: 'conversation-removed', id: 'conv-1' },
  'notify new-unassigned': { type: 'notify', event: 'new-unassigned', conversation: { ...summary, status: 'waiting', assignee: null } },
  'notify assigned-to-you': { type: 'notify', event: 'assigned-to-you', conversation: summary },
  'notify new-message': { type: 'notify', event: 'new-message', conversation: summary, text: 'Hello?' },
  agents: { type: 'agents', agents: [me, { ...me, id: 'b', role: 'agent', revoked: true }] },
  playbooks: { type: 'playbooks', playbooks: [] },
  replies: { type: 'replies', replies: [{ id: 'r-1', shortcut: 'price', text: 'From 49 €/month.', updatedAt: 1_700_000_000_005 }] },
  'replies (a page, more to come)': { type: 'replies', replies: [], more: true },
  'agent-created': { type: 'agent-created', ref: 'a1', agent: me, credential: 'secret' },
  settings: { type: 'settings', settings: defaultNotificationSettings() },
  ok: { type: 'ok', ref: 'r', id: 'pb-3' },
  pong: { type: 'pong' },
  error: { type: 'error', code: 'forbidden', message: 'Only admins may edit playbooks' },
};

describe.each([
  ['ConversationServerMessage', ConversationServerMessage, conversationFrames],
  ['WorkspaceServerMessage', WorkspaceServerMessage, workspaceFrames],
] as const)('%s', (_name, schema, frames) => {
  it.each(Object.entries(frames))('accepts %s', (_label, frame) => {
    expectRoundTrip(schema, frame);
  });

  it.each(Object.entries(frames))('refuses %s with an extra key', (_label, frame) => {
    expect(decodeValue(schema, { ...frame, leak: 'x' }).ok).toBe(false);
  });
});

describe('server frame details', () => {
  it('a visitor welcome carries no details and an agent welcome must', () => {
    const { details: _d, ...noDetails } = conversationFrames['welcome (agent)'] as Record<string, unknown>;
    refusal(decodeValue(ConversationServerMessage, noDetails), 'invalid-frame');
    refusal(decodeValue(ConversationServerMessage, { ...conversationFrames['welcome (visitor)'], details }), 'invalid-frame');
  });

  it('a visitor view never carries agent ids or visitor context', () => {
    refusal(decodeValue(ConversationServerMessage, { ...conversationFrames['state (visitor)'], conversation: agentView }), 'invalid-frame');
  });

  it('only visitor-facing events are shown to visitors', () => {
    expect(entries.filter(visibleToVisitor).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 7]);
  });

  it('refuses an unknown error code and an unknown notification event', () => {
    refusal(decodeValue(ConversationServerMessage, { type: 'error', code: 'oops', message: 'x' }), 'invalid-frame');
    refusal(decodeValue(WorkspaceServerMessage, { ...workspaceFrames['notify new-message'], event: 'mention' }), 'invalid-frame');
  });

  it('an unknown server frame type → unknown-type', () => {
    refusal(decodeValue(ConversationServerMessage, { type: 'history' }), 'unknown-type');
    refusal(decodeValue(WorkspaceServerMessage, { type: 'entries', entries: [] }), 'unknown-type');
  });

  it('BatonError.toFrame and errorFrame produce valid error frames', () => {
    const err = new BatonError('already-claimed', 'Bob won', { winner: bob });
    expect(err.toFrame('r9')).toEqual({ type: 'error', code: 'already-claimed', message: 'Bob won', winner: bob, ref: 'r9' });
    expect(err.toFrame()).toEqual({ type: 'error', code: 'already-claimed', message: 'Bob won', winner: bob });
    expect(v.is(ErrorFrame, err.toFrame('r9'))).toBe(true);
    expect(v.is(ErrorFrame, errorFrame('rate-limited', 'Slow down'))).toBe(true);
    expect(err).toBeInstanceOf(Error);
  });
});
