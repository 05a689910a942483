import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  ConversationChanged,
  CreateConversationRequest,
  CreateConversationResponse,
  decode,
  decodeValue,
  ConversationInternal,
  InitConversation,
  liveChatTemplate,
  OfflineResult,
  OfflineSubmission,
  PublicPlaybook,
  RecordCreated,
  SessionRequest,
  SessionResponse,
  SetupRequest,
  SetupResponse,
  WidgetConfig,
  WorkspaceInternal,
} from '../../../protocol';
import { alice, context, details, expectRoundTrip, refusal, summary } from './fixtures';

const agent = { ...alice, email: 'alice@example.com', role: 'admin', manageLiveChat: true, online: true, status: 'online', revoked: false };
const transcript = [
  { from: 'bot', text: 'What can we help you with?', at: 1_700_000_000_001 },
  { from: 'visitor', text: 'Talk to sales', at: 1_700_000_000_002 },
];
const { allowedOrigins: _o, revision: _r, ...publicPlaybook } = liveChatTemplate('pb-1');

const bodies: [string, v.GenericSchema, Record<string, unknown>][] = [
  ['CreateConversationRequest', CreateConversationRequest, { playbookId: 'pb-1', transcript, answers: { topic: 'sales' }, context }],
  ['CreateConversationResponse', CreateConversationResponse, { conversationId: 'c1', visitorToken: 'v.t', waitUntil: 1_700_000_000_005 }],
  ['OfflineSubmission', OfflineSubmission, {
    playbookId: 'pb-1', submissionId: 'sub_000001', conversationId: 'c1',
    contact: { name: 'Ada', email: 'ada@example.com', phone: '+44 1', company: 'Analytical' },
    qualified: true, create: ['lead', 'activity'], transcript, answers: {}, context,
  }],
  ['OfflineResult', OfflineResult, { ok: true, accepted: 2 }],
  ['SessionRequest', SessionRequest, { credential: 'cred_abc' }],
  ['SessionResponse', SessionResponse, { token: 't', expiresAt: 1_700_000_000_009, agent }],
  ['SetupRequest', SetupRequest, { name: 'Admin', email: 'admin@example.com', demoPlaybook: true, allowedOrigins: ['http://127.0.0.1:5173'] }],
  ['SetupResponse', SetupResponse, { agent, credential: 'c', playbookId: 'pb-1' }],
  ['WidgetConfig', WidgetConfig, { playbook: publicPlaybook, available: false, reason: 'origin-not-allowed', hours: { open: true } }],
  ['WidgetConfig (closed)', WidgetConfig, { playbook: publicPlaybook, available: false, reason: 'closed', hours: { open: false, back: 1_700_000_000_000 } }],
  ['PublicPlaybook', PublicPlaybook, publicPlaybook],
  ['InitConversation', InitConversation, {
    type: 'init', conversationId: 'c1', workspaceId: 'ws', playbookId: 'pb-1', botName: 'Bot', transcript,
    answers: { topic: 'sales' }, context, waitSeconds: 120, offlineMessage: 'Bye', createdAt: 1_700_000_000_001,
  }],
  ['WakeConversation', ConversationInternal, { type: 'wake' }],
  ['ConversationChanged', WorkspaceInternal, { type: 'conversation-changed', conversation: summary, visitorMessage: 'Hi', actorId: 'a' }],
  ['AgentLookup', WorkspaceInternal, { type: 'agent-lookup', agentId: 'agent-bob' }],
  ['RecordCreate', WorkspaceInternal, { type: 'record-create', conversationId: 'c1', kind: 'lead', details, visitorName: 'V' }],
  ['RecordCreated', RecordCreated, { record: { kind: 'deal', id: 'd1', title: 'Deal', url: 'https://crm.example.com/d/1' } }],
];

describe.each(bodies)('%s', (_name, schema, body) => {
  it('round-trips through JSON', () => {
    expectRoundTrip(schema, body);
    expect(decodeValue(schema, structuredClone(body))).toEqual({ ok: true, value: body });
  });

  it('refuses an extra key', () => {
    refusal(decodeValue(schema, { ...body, extra: 1 }), 'invalid-frame');
  });

  it('refuses __proto__ and constructor keys', () => {
    const raw = JSON.stringify(body).slice(1);
    refusal(decode(schema, `{"__proto__":{"x":1},${raw}`), 'invalid-frame');
    refusal(decode(schema, `{"constructor":{"x":1},${raw}`), 'invalid-frame');
  });

  it('refuses a body that is not an object', () => {
    for (const raw of ['null', '[]', '"x"', '1']) expect(decode(schema, raw).ok).toBe(false);
  });
});

describe('widget bodies', () => {
  const create = bodies[0]![2];

  // Top-level and structural problems are malformed frames; a bad value one level down is a field problem.
  it.each([
    ['a malformed playbook id', { playbookId: '../x' }, 'invalid-frame'],
    ['101 transcript lines', { transcript: Array.from({ length: 101 }, () => transcript[0]) }, 'invalid-frame'],
    ['a transcript line from an agent', { transcript: [{ from: 'agent', text: 'x', at: 1_700_000_000_001 }] }, 'invalid-field'],
    ['an answer key with capitals', { answers: { Topic: 'x' } }, 'invalid-field'],
    ['a 501-character answer', { answers: { topic: 'x'.repeat(501) } }, 'invalid-field'],
    ['51 answers', { answers: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, 'x'])) }, 'invalid-frame'],
    ['a 2,001-character page URL', { context: { ...context, pageUrl: 'x'.repeat(2_001) } }, 'invalid-field'],
    ['a context without user agent', { context: { pageUrl: '', referrer: '', language: 'en' } }, 'invalid-frame'],
  ] as const)('CreateConversationRequest refuses %s', (_label, change, code) => {
    refusal(decodeValue(CreateConversationRequest, { ...create, ...change }), code);
  });

  it('refuses an answer key that smuggles a forbidden name', () => {
    const raw = JSON.stringify(create).replace('"topic":"sales"', '"__proto__":"sales"');
    refusal(decode(CreateConversationRequest, raw), 'invalid-frame');
  });

  const offline = bodies[2]![2];
  it.each([
    ['a short submission id', { submissionId: 'abc' }, 'invalid-frame'],
    ['an unknown CRM item', { create: ['person'] }, 'invalid-field'],
    ['an unknown contact field', { contact: { fax: '1' } }, 'invalid-frame'],
    ['a 41-character phone', { contact: { phone: '1'.repeat(41) } }, 'invalid-field'],
  ] as const)('OfflineSubmission refuses %s', (_label, change, code) => {
    refusal(decodeValue(OfflineSubmission, { ...offline, ...change }), code);
  });

  it('WidgetConfig only knows four reasons, and always says the hours', () => {
    for (const reason of ['nobody-online', 'origin-not-allowed', 'not-installed', 'closed']) {
      expect(decodeValue(WidgetConfig, { playbook: publicPlaybook, available: false, reason, hours: { open: true } }).ok).toBe(true);
    }
    refusal(decodeValue(WidgetConfig, { playbook: publicPlaybook, available: false, reason: 'holiday', hours: { open: true } }), 'invalid-frame');
    refusal(decodeValue(WidgetConfig, { playbook: publicPlaybook, available: true }), 'invalid-frame');
    refusal(decodeValue(WidgetConfig, { playbook: publicPlaybook, available: true, hours: { open: true, back: 1_700_000_000_000 } }), 'invalid-frame');
  });

  it('the public playbook leaks no allow list or revision', () => {
    refusal(decodeValue(PublicPlaybook, { ...publicPlaybook, allowedOrigins: [] }), 'invalid-frame');
    refusal(decodeValue(PublicPlaybook, { ...publicPlaybook, revision: 0 }), 'invalid-frame');
  });
});

describe('session and setup bodies', () => {
  it('refuses a credential over 200 characters or not a string', () => {
    refusal(decodeValue(SessionRequest, { credential: 'c'.repeat(201) }), 'invalid-frame');
    refusal(decodeValue(SessionRequest, { credential: 5 }), 'invalid-frame');
    refusal(decodeValue(SessionRequest, {}), 'invalid-frame');
  });

  it.each([
    ['an empty name', { name: '' }, 'name', 'invalid-frame'],
    ['a bad email', { email: 'admin' }, 'email', 'invalid-frame'],
    ['an origin with a path', { allowedOrigins: ['https://example.com/shop'] }, 'allowedOrigins.0', 'invalid-field'],
    ['a non-http origin', { allowedOrigins: ['ftp://example.com'] }, 'allowedOrigins.0', 'invalid-field'],
    ['21 origins', { allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example.com`) }, 'allowedOrigins', 'invalid-frame'],
  ] as const)('SetupRequest refuses %s', (_label, change, field, code) => {
    const error = refusal(decodeValue(SetupRequest, { name: 'Admin', email: 'a@example.com', ...change }), code);
    expect(Object.keys(error.extra.fields ?? {})).toEqual([field]);
  });

  it('never carries a credential hash in an agent', () => {
    refusal(decodeValue(SessionResponse, { token: 't', expiresAt: 1_700_000_000_001, agent: { ...agent, credentialHash: 'h' } }), 'invalid-frame');
  });
});

describe('room ↔ room bodies', () => {
  it('ConversationChanged is also usable on its own', () => {
    expectRoundTrip(ConversationChanged, { type: 'conversation-changed', conversation: summary });
  });

  it('InitConversation carries no URL: where rooms call is configuration (BATON_PUBLIC_URL), never a request', () => {
    const init = bodies.find(([n]) => n === 'InitConversation')![2];
    refusal(decodeValue(ConversationInternal, { ...init, workspaceUrl: 'http://evil.example/parties/workspace/ws' }), 'invalid-frame');
  });

  it('an unknown internal type → unknown-type', () => {
    refusal(decodeValue(WorkspaceInternal, { type: 'drop-tables' }), 'unknown-type');
    refusal(decodeValue(ConversationInternal, { type: 'drop-tables' }), 'unknown-type');
  });

  it('a summary with an unknown status is refused', () => {
    const body = { type: 'conversation-changed', conversation: { ...summary, status: 'archived' } };
    const error = refusal(decodeValue(WorkspaceInternal, body), 'invalid-field');
    expect(error.extra.fields).toEqual({ 'conversation.status': expect.any(String) });
  });
});
