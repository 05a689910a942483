import * as v from 'valibot';
import { TokenClaims, type AgentClaims, type VisitorClaims } from '../protocol';

const enc = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keyCache.set(secret, key);
  }
  return key;
}

export function b64url(bytes: ArrayBuffer | Uint8Array): string {
  const arr = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const b of arr) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url, as `b64url` writes it: only `A-Z a-z 0-9 - _`, no padding, and the one canonical spelling
 * (unused low bits zero). `+`, `/`, `=` or a second spelling of the same bytes are refused (null), so a token
 * or a signature has exactly one accepted form.
 */
export function fromB64url(s: string): Uint8Array<ArrayBuffer> | null {
  if (!B64URL.test(s) || s.length % 4 === 1) return null;
  let bin: string;
  try {
    bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return b64url(bytes) === s ? bytes : null;
}

export async function hmac(secret: string, data: string): Promise<string> {
  return b64url(await crypto.subtle.sign('HMAC', await hmacKey(secret), enc.encode(data)));
}

async function hmacVerify(secret: string, data: string, sig: string): Promise<boolean> {
  const bytes = fromB64url(sig);
  if (!bytes) return false;
  try {
    return await crypto.subtle.verify('HMAC', await hmacKey(secret), bytes, enc.encode(data));
  } catch {
    return false;
  }
}

/** `base64url(json).base64url(hmac)`: verified by any room with the secret, no round trip. */
export async function signToken(secret: string, claims: AgentClaims | VisitorClaims): Promise<string> {
  const body = b64url(enc.encode(JSON.stringify(claims)));
  return `${body}.${await hmac(secret, body)}`;
}

export async function verifyToken(secret: string, token: string, now = Date.now()): Promise<TokenClaims | null> {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const bytes = fromB64url(body);
  if (!bytes || !(await hmacVerify(secret, body, sig))) return null;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  const parsed = v.safeParse(TokenClaims, json);
  if (!parsed.success) return null;
  if (parsed.output.kind === 'agent' && parsed.output.exp <= now) return null;
  return parsed.output;
}

export function randomId(bytes = 12): string {
  return b64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Credentials are 32 random bytes, so a plain SHA-256 is enough (no dictionary to attack). */
export async function sha256(s: string): Promise<string> {
  return b64url(await crypto.subtle.digest('SHA-256', enc.encode(s)));
}

/** Constant-time compare for equal-length strings. */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Room-to-room requests carry an HMAC over the room they are for, when they were signed and their body, so
 * the public can't forge them, and a captured one can't be replayed to another room or after a few minutes.
 */
export const SIGNATURE_HEADER = 'x-baton-signature';
export const SIGNED_AT_HEADER = 'x-baton-signed-at';
/** How old (or how far ahead, clocks differ) a signed room-to-room request may be. */
export const SIGNED_MAX_AGE_MS = 5 * 60_000;
export type RoomAddress = { party: 'conversation' | 'workspace'; id: string };
const signedText = (to: RoomAddress, at: string, body: string) => `internal:${to.party}:${to.id}:${at}:${body}`;

/** A signed room-to-room POST of `body` (JSON) to the room `to`, for a stub's or a public URL's fetch. */
export async function signedPost(secret: string, to: RoomAddress, body: unknown, now = Date.now()) {
  const raw = JSON.stringify(body);
  const at = String(now);
  return {
    method: 'POST',
    body: raw,
    headers: { 'content-type': 'application/json', [SIGNED_AT_HEADER]: at, [SIGNATURE_HEADER]: await hmac(secret, signedText(to, at, raw)) },
  };
}

/** True when `raw` was signed with `secret` for this very room, within SIGNED_MAX_AGE_MS of now. */
export async function verifyBody(secret: string, raw: string, headers: { get(name: string): string | null }, to: RoomAddress, now = Date.now()): Promise<boolean> {
  const sig = headers.get(SIGNATURE_HEADER);
  const at = headers.get(SIGNED_AT_HEADER);
  if (!sig || !at || !/^\d{1,15}$/.test(at) || Math.abs(now - Number(at)) > SIGNED_MAX_AGE_MS) return false;
  return hmacVerify(secret, signedText(to, at, raw), sig);
}

export function secretOf(env: Record<string, unknown>): string {
  const s = env.BATON_SECRET;
  if (typeof s !== 'string' || s.length < 32) {
    throw new Error('BATON_SECRET is not set (at least 32 characters); see README "Deploy"');
  }
  return s;
}

export function hexId(bytes = 8): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
