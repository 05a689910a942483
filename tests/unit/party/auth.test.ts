import { describe, expect, it } from 'vitest';
import { b64url, fromB64url, SIGNATURE_HEADER, signedPost, signToken, verifyBody, verifyToken } from '../../../party/auth';

const secret = 's'.repeat(40);
const claims = { kind: 'visitor', ws: 'ws-1', conv: 'ws-1.abc' } as const;
const headersOf = (h: Record<string, string>) => new Headers(h);

/** The standard-alphabet spelling of a base64url string: what `atob` also accepted before. */
const standard = (s: string) => s.replace(/-/g, '+').replace(/_/g, '/');
/** Same bytes, another last character: the lowest unused bit set (b64url leaves it zero). */
function nonCanonical(s: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  if (s.length % 4 < 2) throw new Error('no unused bits');
  return s.slice(0, -1) + alphabet[alphabet.indexOf(s.at(-1)!) ^ 1]!;
}

/** A token whose body and signature both hold a `-` or `_`, so the standard alphabet spells them differently. */
async function tokenWithUrlChars(): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const token = await signToken(secret, { ...claims, conv: `ws-1.c${i}??>>` });
    const [body, sig] = token.split('.') as [string, string];
    if (/[-_]/.test(body) && /[-_]/.test(sig)) return token;
  }
  throw new Error('no token with - or _ found');
}

describe('strict base64url', () => {
  it('round-trips what b64url writes', () => {
    for (const n of [0, 1, 2, 3, 31, 32, 33]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      expect([...fromB64url(b64url(bytes))!]).toEqual([...bytes]);
    }
  });

  it.each([
    ['a +', 'ab+d'],
    ['a /', 'ab/d'],
    ['padding', 'abc='],
    ['double padding', 'ab=='],
    ['a space', 'ab d'],
    ['a length that is never valid', 'abcde'],
  ])('refuses %s', (_label, s) => {
    expect(fromB64url(s)).toBeNull();
  });

  it('refuses a second spelling of the same bytes (unused bits set)', () => {
    const s = b64url(new Uint8Array([1, 2, 3, 4]));
    const other = nonCanonical(s);
    expect(other).not.toBe(s);
    expect(atob(standard(other))).toBe(atob(standard(s)));
    expect(fromB64url(other)).toBeNull();
  });
});

describe('tokens', () => {
  it('a token as signed verifies', async () => {
    const token = await tokenWithUrlChars();
    expect(await verifyToken(secret, token)).toMatchObject({ kind: 'visitor', ws: 'ws-1' });
  });

  it('the same token in the standard alphabet (+ and /) is refused', async () => {
    const token = await tokenWithUrlChars();
    const [body, sig] = token.split('.') as [string, string];
    expect(await verifyToken(secret, `${body}.${standard(sig)}`)).toBeNull();
    expect(await verifyToken(secret, `${standard(body)}.${sig}`)).toBeNull();
  });

  it('a padded signature or body (=) is refused', async () => {
    const token = await signToken(secret, claims);
    const [body, sig] = token.split('.') as [string, string];
    const pad = (s: string) => s + '='.repeat((4 - (s.length % 4)) % 4 || 4);
    expect(await verifyToken(secret, `${body}.${pad(sig)}`)).toBeNull();
    expect(await verifyToken(secret, `${pad(body)}.${sig}`)).toBeNull();
  });

  it('a signature with its unused bits set (same bytes) is refused', async () => {
    const token = await signToken(secret, claims);
    const [body, sig] = token.split('.') as [string, string];
    expect(await verifyToken(secret, `${body}.${nonCanonical(sig)}`)).toBeNull();
  });
});

describe('room-to-room signatures', () => {
  const to = { party: 'workspace', id: 'ws-1' } as const;

  it('verify as signed, and not in the standard alphabet, padded or re-spelled', async () => {
    const now = Date.now();
    let post = await signedPost(secret, to, { type: 'wake', n: 0 }, now);
    for (let n = 1; !/[-_]/.test(post.headers[SIGNATURE_HEADER]); n++) post = await signedPost(secret, to, { type: 'wake', n }, now);
    const sig = post.headers[SIGNATURE_HEADER];
    const h = (s: string) => headersOf({ ...post.headers, [SIGNATURE_HEADER]: s });
    expect(await verifyBody(secret, post.body, h(sig), to, now)).toBe(true);
    expect(await verifyBody(secret, post.body, h(standard(sig)), to, now)).toBe(false);
    expect(await verifyBody(secret, post.body, h(`${sig}=`), to, now)).toBe(false);
    expect(await verifyBody(secret, post.body, h(nonCanonical(sig)), to, now)).toBe(false);
  });
});
