import * as v from 'valibot';
import { Limits } from '../../protocol';
import { htmlToText, isAutoReply, stripQuoted } from './reply-text';

/*
 * Postmark's inbound webhook JSON (postmarkapp.com/developer/webhooks/inbound-webhook) reduced to what a chat
 * needs: the reply token (from the `reply+<token>@` address), the sender, and the reply's own text. Or a typed
 * refusal, which the route turns into a status code (Postmark stops retrying on 403; 200 = accepted or ignored).
 */

/** Largest inbound body accepted (Postmark's JSON carries attachments base64: mail with any is refused). */
export const INBOUND_BODY_MAX = 256_000;

const Address = v.object({ Email: v.optional(v.string(), ''), Name: v.optional(v.string()), MailboxHash: v.optional(v.string()) });
export const PostmarkInbound = v.object({
  From: v.optional(v.string(), ''),
  FromFull: v.optional(Address),
  To: v.optional(v.string(), ''),
  ToFull: v.optional(v.array(Address), []),
  OriginalRecipient: v.optional(v.string(), ''),
  MailboxHash: v.optional(v.string(), ''),
  Subject: v.optional(v.string(), ''),
  MessageID: v.optional(v.string(), ''),
  TextBody: v.optional(v.string(), ''),
  HtmlBody: v.optional(v.string(), ''),
  StrippedTextReply: v.optional(v.string(), ''),
  Headers: v.optional(v.array(v.object({ Name: v.string(), Value: v.string() })), []),
});
export type PostmarkInbound = v.InferOutput<typeof PostmarkInbound>;

export type InboundReply = { token: string; from: string; text: string; messageId: string };
export type InboundRefusal =
  /** Not Postmark's JSON. */
  | { refused: 'malformed' }
  /** No reply token in any recipient. */
  | { refused: 'no-token' }
  /** An out-of-office, a bounce, a list: dropped. */
  | { refused: 'auto-reply' }
  /** Nothing left once the quotes are cut. */
  | { refused: 'empty' };

/** The token of a `reply+<token>@domain` address, if it is one. */
export function tokenOfAddress(address: string): string | null {
  const m = /^reply\+([a-z0-9-]{1,120})@/i.exec(address.trim().replace(/^.*</, '').replace(/>.*$/, ''));
  return m ? m[1]!.toLowerCase() : null;
}

export function parseInbound(value: unknown): InboundReply | InboundRefusal {
  const parsed = v.safeParse(PostmarkInbound, value);
  if (!parsed.success) return { refused: 'malformed' };
  const m = parsed.output;
  const candidates = [m.OriginalRecipient, ...m.ToFull.map((a) => a.Email), ...m.To.split(',')];
  const token = (m.MailboxHash && /^[a-z0-9-]{1,120}$/i.test(m.MailboxHash) ? m.MailboxHash.toLowerCase() : null) ?? candidates.map(tokenOfAddress).find((t) => t !== null) ?? null;
  if (!token) return { refused: 'no-token' };
  const from = (m.FromFull?.Email || m.From.replace(/^.*</, '').replace(/>.*$/, '')).trim().toLowerCase();
  if (isAutoReply(m.Headers.map((h) => ({ name: h.Name, value: h.Value })), from)) return { refused: 'auto-reply' };
  const raw = m.StrippedTextReply.trim() ? m.StrippedTextReply : m.TextBody.trim() ? m.TextBody : htmlToText(m.HtmlBody);
  let text = stripQuoted(raw);
  if (text.length > Limits.messageChars) text = `${text.slice(0, Limits.messageChars - 1)}…`;
  if (!text.trim()) return { refused: 'empty' };
  return { token, from, text, messageId: m.MessageID.slice(0, 200) };
}
