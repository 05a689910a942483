import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BatonError, type VisitorIdentity } from '../../../protocol';
import { nextIdentity } from '../../../party/conversation/contact';
import { decideIdentity, hmacHex, IdentityConfig, newIdentitySecret, verifyUserHash } from '../../../party/workspace/identity';
import { MemoryStorage } from '../../helpers/memory-storage';

describe('userHash = HMAC-SHA256(secret, id), hex', () => {
  it('RFC 4231 test case 2 (key "Jefe")', async () => {
    expect(await hmacHex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it("agrees with node:crypto's createHmac, as a site's server computes it", async () => {
    const secret = newIdentitySecret();
    const id = 'user-42 é 👋';
    const expected = createHmac('sha256', secret).update(id).digest('hex');
    expect(await hmacHex(secret, id)).toBe(expected);
    expect(await verifyUserHash(secret, id, expected)).toBe(true);
    expect(await verifyUserHash(secret, id, expected.toUpperCase())).toBe(true);
  });

  it('refuses a hash one digit off, of another id, of another secret, or of another length', async () => {
    const secret = newIdentitySecret();
    const good = await hmacHex(secret, 'u1');
    const flipped = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`;
    expect(await verifyUserHash(secret, 'u1', flipped)).toBe(false);
    expect(await verifyUserHash(secret, 'u2', good)).toBe(false);
    expect(await verifyUserHash(newIdentitySecret(), 'u1', good)).toBe(false);
    expect(await verifyUserHash(secret, 'u1', good.slice(0, 62))).toBe(false);
  });

  it('a secret is 32 random bytes in hex', () => {
    const a = newIdentitySecret();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newIdentitySecret()).not.toBe(a);
  });
});

describe('what an identify makes of the visitor', () => {
  const settings = { secret: 'a'.repeat(64), requireVerification: false };
  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(BatonError);
    return { code: (e as BatonError).code, problem: (e as BatonError).extra.problem };
  };

  it('verified when the hash matches; the hash itself is not kept', async () => {
    const userHash = await hmacHex(settings.secret, 'u1');
    expect(await decideIdentity({ id: 'u1', name: 'Ada', userHash }, settings)).toEqual({ verified: true, id: 'u1', name: 'Ada' });
  });

  it('no hash: the visitor’s own claim; refused where verification is required', async () => {
    expect(await decideIdentity({ id: 'u1', email: 'ada@example.com' }, settings)).toEqual({ verified: false, id: 'u1', email: 'ada@example.com' });
    expect(await refusal(decideIdentity({ id: 'u1' }, { ...settings, requireVerification: true }))).toEqual({ code: 'forbidden', problem: { code: 'identity-required' } });
  });

  it('a forged hash, or a hash without an id, is refused (never downgraded to a claim)', async () => {
    const forged = { code: 'forbidden', problem: { code: 'identity-mismatch' } };
    expect(await refusal(decideIdentity({ id: 'u1', userHash: 'f'.repeat(64) }, settings))).toEqual(forged);
    expect(await refusal(decideIdentity({ name: 'Ada', userHash: await hmacHex(settings.secret, 'u1') }, settings))).toEqual(forged);
  });
});

describe('identity merge rules (one conversation)', () => {
  const verified: VisitorIdentity = { verified: true, id: 'u1', name: 'Ada' };
  const claim: VisitorIdentity = { verified: false, id: 'u1', name: 'Someone else' };
  it('a claim never replaces a verified identity, nor does another verified id', () => {
    expect(nextIdentity(verified, claim)).toBeNull();
    expect(nextIdentity(verified, { verified: true, id: 'u2' })).toBeNull();
  });
  it('a verified identify replaces a claim; the same verified id may update its details; nothing new is no change', () => {
    expect(nextIdentity(claim, verified)).toEqual(verified);
    expect(nextIdentity(verified, { ...verified, email: 'ada@example.com' })).toEqual({ ...verified, email: 'ada@example.com' });
    expect(nextIdentity(verified, { ...verified })).toBeNull();
    expect(nextIdentity(undefined, claim)).toEqual(claim);
    expect(nextIdentity(claim, { ...claim, name: 'Another claim' })).toEqual({ ...claim, name: 'Another claim' });
  });
});

describe('the identity settings', () => {
  it('a secret is made once, kept, rotated on demand; Require verification is stored', async () => {
    const storage = new MemoryStorage();
    const config = new IdentityConfig(storage.asStorage());
    const [a, b] = await Promise.all([config.get(), config.get()]);
    expect(a).toBe(b);
    expect(a.requireVerification).toBe(false);
    expect((await new IdentityConfig(storage.asStorage()).get()).secret).toBe(a.secret);
    const rotated = await config.rotate();
    expect(rotated.secret).not.toBe(a.secret);
    expect(await config.setRequire(true)).toEqual({ secret: rotated.secret, requireVerification: true });
    expect(await new IdentityConfig(storage.asStorage()).get()).toEqual({ secret: rotated.secret, requireVerification: true });
  });
});
