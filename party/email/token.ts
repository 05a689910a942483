import { b64url, fromB64url, safeEqual } from '../auth';

/*
 * The tokens an email carries, bound to one conversation of one workspace by an HMAC of the server secret with
 * a purpose label (so a reply token is never a stop token, nor an auth token):
 *   reply token, in the Reply-To local part: `reply+<token>@<reply domain>`;
 *   stop token, in the unsubscribe link: `…/email/stop?t=<token>`.
 * A token is `<conversation>-<expiry day>-<mac>`, all lower-case (relays may fold the local part's case):
 * the conversation's random part in base32, the expiry in days since 1970 in base 36, 120 bits of HMAC in base32.
 * The workspace is not in the token: it is the room that checks it, and it is in the MAC.
 */

export type TokenPurpose = 'email-reply' | 'email-stop';
export const DAY_MS = 86_400_000;
/** How long a reply token is good for (a visitor may answer weeks later), and an unsubscribe link. */
export const TOKEN_DAYS: Record<TokenPurpose, number> = { 'email-reply': 90, 'email-stop': 400 };

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function fromBase32(s: string): Uint8Array | null {
  if (!/^[a-z2-7]*$/.test(s)) return null;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of s) {
    value = (value << 5) | ALPHABET.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const bytes = new Uint8Array(out);
  // One spelling only: re-encoding must give the same text.
  return base32(bytes) === s ? bytes : null;
}

const enc = new TextEncoder();
async function mac(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base32(new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(data))).slice(0, 15));
}

/** The token of `conversationId` (`<workspace>.<random>`) for `purpose`, or null when the id can't be put in one. */
export async function signEmailToken(secret: string, purpose: TokenPurpose, workspaceId: string, conversationId: string, now: number): Promise<string | null> {
  if (!conversationId.startsWith(`${workspaceId}.`)) return null;
  const bytes = fromB64url(conversationId.slice(workspaceId.length + 1));
  if (!bytes || bytes.length === 0 || bytes.length > 24) return null;
  const exp = (Math.floor(now / DAY_MS) + TOKEN_DAYS[purpose]).toString(36);
  const conv = base32(bytes);
  return `${conv}-${exp}-${await mac(secret, `${purpose}|${workspaceId}|${conversationId}|${exp}`)}`;
}

/** The conversation a token names, when it is this workspace's, for this purpose, and not expired; else null. */
export async function verifyEmailToken(secret: string, purpose: TokenPurpose, workspaceId: string, token: string, now: number): Promise<string | null> {
  const m = /^([a-z2-7]{1,40})-([0-9a-z]{1,8})-([a-z2-7]{24})$/.exec(token.toLowerCase());
  if (!m) return null;
  const [, conv, exp, sig] = m as unknown as [string, string, string, string];
  const bytes = fromBase32(conv);
  if (!bytes || bytes.length === 0) return null;
  const conversationId = `${workspaceId}.${b64url(bytes)}`;
  const good = await mac(secret, `${purpose}|${workspaceId}|${conversationId}|${exp}`);
  if (!safeEqual(good, sig)) return null;
  if (parseInt(exp, 36) < Math.floor(now / DAY_MS)) return null;
  return conversationId;
}
