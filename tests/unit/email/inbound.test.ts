import { describe, expect, test } from 'vitest';
import { parseInbound, tokenOfAddress } from '../../../party/email/inbound';
import { Limits } from '../../../protocol';

// Postmark's inbound webhook JSON (postmarkapp.com/developer/webhooks/inbound-webhook), trimmed to what matters.
const mail = (over: Record<string, unknown> = {}) => ({
  From: 'Vera <vera@example.com>',
  FromFull: { Email: 'Vera@Example.com', Name: 'Vera', MailboxHash: '' },
  To: 'reply+abc-def-ghi@reply.acme.example',
  ToFull: [{ Email: 'reply+abc-def-ghi@reply.acme.example', Name: '', MailboxHash: 'abc-def-ghi' }],
  OriginalRecipient: 'reply+abc-def-ghi@reply.acme.example',
  MailboxHash: 'abc-def-ghi',
  Subject: 'Re: New reply from Acme',
  MessageID: '73e6d360-66eb-11e1-8e72-a8904824019b',
  TextBody: 'Yes please\n\nOn Mon, Acme <x@y.z> wrote:\n> old',
  HtmlBody: '<p>Yes please</p>',
  StrippedTextReply: '',
  Headers: [{ Name: 'X-Spam-Status', Value: 'No' }],
  Attachments: [],
  ...over,
});

describe('parseInbound', () => {
  test("Postmark's mail: the token (MailboxHash), the sender lower-cased, the reply's own text", () => {
    expect(parseInbound(mail())).toEqual({ token: 'abc-def-ghi', from: 'vera@example.com', text: 'Yes please', messageId: '73e6d360-66eb-11e1-8e72-a8904824019b' });
  });
  test('the token from the recipient when there is no MailboxHash', () => {
    expect(parseInbound(mail({ MailboxHash: '' }))).toMatchObject({ token: 'abc-def-ghi' });
    expect(tokenOfAddress('Acme <reply+Tok-1@r.example>')).toBe('tok-1');
    expect(tokenOfAddress('sales@r.example')).toBeNull();
  });
  test("Postmark's StrippedTextReply first; HTML when there is no text", () => {
    expect(parseInbound(mail({ StrippedTextReply: 'Stripped' }))).toMatchObject({ text: 'Stripped' });
    expect(parseInbound(mail({ TextBody: '' }))).toMatchObject({ text: 'Yes please' });
  });
  test('refusals: not the JSON, no token, an auto-reply, nothing left', () => {
    expect(parseInbound('nope')).toEqual({ refused: 'malformed' });
    expect(parseInbound(mail({ MailboxHash: '', To: 'sales@acme.example', ToFull: [], OriginalRecipient: '' }))).toEqual({ refused: 'no-token' });
    expect(parseInbound(mail({ Headers: [{ Name: 'Auto-Submitted', Value: 'auto-replied' }] }))).toEqual({ refused: 'auto-reply' });
    expect(parseInbound(mail({ TextBody: '> only quoted', HtmlBody: '' }))).toEqual({ refused: 'empty' });
  });
  test('a long reply is cut to a chat message', () => {
    const r = parseInbound(mail({ TextBody: 'x'.repeat(Limits.messageChars + 50) }));
    expect('text' in r && r.text.length).toBe(Limits.messageChars);
  });
});
