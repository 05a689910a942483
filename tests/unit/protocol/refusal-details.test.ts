import { describe, expect, it } from 'vitest';
import { AgentConversationClientMessage, decode, VisitorClientMessage } from '../../../protocol';
import { refusal } from './fixtures';

describe('what a refusal tells the sender', () => {
  it('echoes the command ref, or the message id, so the sender knows which one failed', () => {
    const claim = refusal(decode(AgentConversationClientMessage, '{"type":"claim","ref":"r-7","extra":1}'), 'invalid-frame');
    expect(claim.extra.ref).toBe('r-7');
    expect(claim.toFrame()).toMatchObject({ type: 'error', ref: 'r-7' });
    const send = refusal(decode(VisitorClientMessage, '{"type":"send","id":"msg-00042","text":" "}'), 'invalid-field');
    expect(send.extra.ref).toBe('msg-00042');
  });

  it('does not echo a ref that is not a short string', () => {
    const long = refusal(decode(AgentConversationClientMessage, JSON.stringify({ type: 'claim', ref: 'r'.repeat(65) })), 'invalid-frame');
    expect(long.extra.ref).toBeUndefined();
    const num = refusal(decode(AgentConversationClientMessage, '{"type":"claim","ref":5}'), 'invalid-frame');
    expect(num.extra.ref).toBeUndefined();
  });

  it('lists every bad field, first message per field, so a form can mark them all', () => {
    const raw = JSON.stringify({
      type: 'update-details',
      ref: 'd1',
      patch: { value: { amount: -1, currency: 'eur' }, person: { email: 'x@', phone: 'no' }, expectedCloseDate: '2026-02-30' },
    });
    const error = refusal(decode(AgentConversationClientMessage, raw), 'invalid-field');
    expect(error.extra.fields).toEqual({
      'patch.value.amount': 'Amount cannot be negative',
      'patch.value.currency': 'Use an ISO 4217 currency code, e.g. EUR',
      'patch.person.email': 'Enter a valid email address',
      'patch.person.phone': 'Enter a valid phone number',
      'patch.expectedCloseDate': 'Enter a real date as YYYY-MM-DD',
    });
    expect(error.extra.ref).toBe('d1');
    expect(error.message).toBe('Invalid patch.value.amount: Amount cannot be negative');
  });

  it('an unknown key deep inside a frame is a malformed frame, not a field problem', () => {
    const raw = '{"type":"update-details","patch":{"person":{"email":"a@b.io","fax":"1"}}}';
    const error = refusal(decode(AgentConversationClientMessage, raw), 'invalid-frame');
    expect(error.extra.fields).toEqual({ 'patch.person.fax': expect.any(String) });
  });
});
