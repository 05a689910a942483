import { BatonError, type Identity, type IdentitySettings, type VisitorIdentity } from '../../protocol';
import { safeEqual } from '../auth';
import type { Storage } from '../ports';

/*
 * Identity verification. Each workspace has a secret (32 random bytes, hex) that only its admins and the site's
 * server know; the site signs its user's id with it, `userHash = HMAC-SHA256(secret, id)` in hex, and passes both
 * to `Baton('identify', …)`. The room computes the same and compares in constant time: a match makes the visitor
 * verified (their id keys them across devices and browsers, their details fill the agent's panel); no hash keeps
 * what they said as their own claim, or is refused where the workspace requires verification; a hash that does
 * not match is refused and changes nothing.
 */

const enc = new TextEncoder();
const hex = (bytes: ArrayBuffer | Uint8Array) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** HMAC-SHA256(key, data) in lower-case hex; the key is the secret's UTF-8 bytes, as Node's `createHmac('sha256', secret)`. */
export async function hmacHex(key: string, data: string): Promise<string> {
  const k = await crypto.subtle.importKey('raw', enc.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', k, enc.encode(data)));
}

/** Whether `userHash` is HMAC-SHA256(secret, id) in hex (either case), compared in constant time. */
export async function verifyUserHash(secret: string, id: string, userHash: string): Promise<boolean> {
  return safeEqual(await hmacHex(secret, id), userHash.toLowerCase());
}

/** A new identity secret: 32 random bytes, as 64 hex digits. */
export const newIdentitySecret = () => hex(crypto.getRandomValues(new Uint8Array(32)));

/**
 * What an identify call makes of the visitor: verified (the hash matched), or their own claim (no hash, and the
 * workspace does not require verification). Refused (`forbidden`, nothing changes): a hash that does not match,
 * a hash without an id, no hash where verification is required.
 */
export async function decideIdentity(identity: Identity, settings: IdentitySettings): Promise<VisitorIdentity> {
  const { userHash, ...claims } = identity;
  if (userHash !== undefined) {
    if (claims.id === undefined || !(await verifyUserHash(settings.secret, claims.id, userHash))) throw BatonError.of('forbidden', { code: 'identity-mismatch' });
    return { verified: true, ...claims };
  }
  if (settings.requireVerification) throw BatonError.of('forbidden', { code: 'identity-required' });
  return { verified: false, ...claims };
}

/** The workspace's identity settings, stored under `identity`; the secret is made on first use. */
export class IdentityConfig {
  private settings: Promise<IdentitySettings> | null = null;

  constructor(private storage: Storage) {}

  /** One read (and at most one new secret) however many calls wait on it. */
  get(): Promise<IdentitySettings> {
    this.settings ??= this.storage
      .get<IdentitySettings>('identity')
      .then((stored) => stored ?? this.save({ secret: newIdentitySecret(), requireVerification: false }))
      .catch((err: unknown) => {
        this.settings = null; // a failed read is tried again by the next call
        throw err;
      });
    return this.settings;
  }

  /** A new secret: hashes made with the old one stop matching at once. */
  async rotate(): Promise<IdentitySettings> {
    return this.save({ ...(await this.get()), secret: newIdentitySecret() });
  }

  async setRequire(requireVerification: boolean): Promise<IdentitySettings> {
    return this.save({ ...(await this.get()), requireVerification });
  }

  private async save(next: IdentitySettings): Promise<IdentitySettings> {
    await this.storage.put('identity', next);
    this.settings = Promise.resolve(next);
    return next;
  }
}
