import { expect } from 'vitest';
import * as v from 'valibot';
import {
  decode,
  emptyDetails,
  liveChatTemplate,
  PROTOCOL_VERSION,
  type ConversationSummary,
  type Decoded,
  type ErrorCode,
  type VisitorContext,
} from '../../../protocol';

/** Unwraps a refusal and checks its stable code (the thing clients switch on). */
export function refusal<T>(result: Decoded<T>, code: ErrorCode) {
  expect(result.ok, `expected a ${code} refusal`).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  return result.error;
}

/** Sends `value` through the wire (JSON text) and expects the very same value back. */
export function expectRoundTrip(schema: v.GenericSchema, value: unknown) {
  const result = decode(schema, JSON.stringify(value));
  if (!result.ok) throw new Error(`refused ${JSON.stringify(value)}: ${result.error.code} ${result.error.message}`);
  expect(result.value).toEqual(value);
}

export const context: VisitorContext = {
  pageUrl: 'https://shop.example.com/pricing',
  referrer: 'https://www.google.com/',
  language: 'en-GB',
  userAgent: 'Mozilla/5.0',
  timezone: 'Europe/Berlin',
  title: 'Pricing',
};

export const alice = { id: 'agent-alice', name: 'Alice' };
export const bob = { id: 'agent-bob', name: 'Bob' };

export const summary: ConversationSummary = {
  id: 'conv-1',
  playbookId: 'pb-1',
  status: 'active',
  assignee: alice,
  visitorName: 'Visitor 42',
  lastMessage: { from: 'visitor', text: 'Hello', at: 1_700_000_000_000 },
  unread: 2,
  createdAt: 1_700_000_000_000,
  lastActivityAt: 1_700_000_100_000,
  closedAt: null,
};

export const details = {
  ...emptyDetails('EUR'),
  value: { amount: 1200.5, currency: 'EUR' },
  expectedCloseDate: '2026-03-31',
  person: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
};

const hello = { type: 'hello', v: PROTOCOL_VERSION, token: 'tok.en', lastSeq: 0 };

/** One valid frame per client frame type, as a visitor sends them. */
export const visitorFrames: Record<string, object> = {
  hello,
  send: { type: 'send', id: 'msg_0001-abc', text: 'Hi, I need a quote' },
  typing: { type: 'typing', typing: true },
  seen: { type: 'seen', seq: 12 },
  ping: { type: 'ping' },
};

/** The agent-only frames of a conversation socket. */
export const agentOnlyFrames: Record<string, object> = {
  claim: { type: 'claim', ref: 'r1' },
  'claim-no-ref': { type: 'claim' },
  reassign: { type: 'reassign', ref: 'r2', to: 'agent-bob' },
  'reassign-unassigned': { type: 'reassign', to: null },
  close: { type: 'close', ref: 'r3' },
  'update-details': {
    type: 'update-details',
    ref: 'r4',
    patch: { value: { amount: 99, currency: 'USD' }, person: { email: 'ada@example.com' }, expectedCloseDate: '2024-02-29' },
  },
  'update-details-clear': { type: 'update-details', patch: { value: { amount: null }, notes: '' } },
  'create-record': { type: 'create-record', ref: 'r5', kind: 'deal' },
};

export const workspaceFrames: Record<string, object> = {
  hello: { ...hello, lastSeq: 7 },
  ping: { type: 'ping' },
  'set-online': { type: 'set-online', online: false },
  'playbook-create': { type: 'playbook-create', ref: 'c1', name: 'Sales', template: 'live-chat' },
  'playbook-create-blank': { type: 'playbook-create', name: 'Empty', template: 'blank' },
  'playbook-save': { type: 'playbook-save', ref: 's1', playbook: liveChatTemplate('pb-1') },
  'playbook-delete': { type: 'playbook-delete', ref: 'd1', id: 'pb-1' },
  'agent-create': { type: 'agent-create', ref: 'a1', name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: true },
  'agent-update': { type: 'agent-update', id: 'agent-bob', name: 'Robert', role: 'admin', manageLiveChat: false },
  'agent-update-min': { type: 'agent-update', id: 'agent-bob' },
  'agent-revoke': { type: 'agent-revoke', ref: 'x', id: 'agent-bob' },
  'settings-save': {
    type: 'settings-save',
    notifications: { enabled: true, newUnassigned: false, assignedToMe: true, newMessage: false, sound: true },
  },
  'reply-save': { type: 'reply-save', ref: 'rs1', reply: { id: 'r-1', shortcut: 'price', text: 'From 49 €/month.' } },
  'reply-save-new': { type: 'reply-save', reply: { shortcut: 'follow-up_2', text: 'Any news?' } },
  'reply-delete': { type: 'reply-delete', ref: 'rd1', id: 'r-1' },
};
