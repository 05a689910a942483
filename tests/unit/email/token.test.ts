import { describe, expect, test } from 'vitest';
import { DAY_MS, base32, fromBase32, signEmailToken, verifyEmailToken } from '../../../party/email/token';
import { randomId } from '../../../party/auth';

const SECRET = 'unit-secret-' + 'x'.repeat(32);
const NOW = Date.UTC(2026, 0, 10);
const WS = 'ws-acme';
const CID = `${WS}.${randomId(12)}`;

describe('email tokens', () => {
  test('a reply token names its conversation, lower-case and short enough for an address local part', async () => {
    const t = (await signEmailToken(SECRET, 'email-reply', WS, CID, NOW))!;
    expect(t).toMatch(/^[a-z2-7]+-[0-9a-z]+-[a-z2-7]{24}$/);
    expect(`reply+${t}`.length).toBeLessThanOrEqual(64);
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, t, NOW)).toBe(CID);
    // A relay that upper-cases the local part.
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, t.toUpperCase(), NOW)).toBe(CID);
  });

  test('forged: another mac, another conversation, another secret', async () => {
    const t = (await signEmailToken(SECRET, 'email-reply', WS, CID, NOW))!;
    const [conv, exp, mac] = t.split('-') as [string, string, string];
    const flipped = `${conv}-${exp}-${mac.slice(0, -1)}${mac.endsWith('a') ? 'b' : 'a'}`;
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, flipped, NOW)).toBeNull();
    const other = (await signEmailToken(SECRET, 'email-reply', WS, `${WS}.${randomId(12)}`, NOW))!;
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, `${other.split('-')[0]}-${exp}-${mac}`, NOW)).toBeNull();
    expect(await verifyEmailToken('another-secret-' + 'y'.repeat(32), 'email-reply', WS, t, NOW)).toBeNull();
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, `${conv}-zzzz-${mac}`, NOW)).toBeNull();
  });

  test('a token of another workspace is refused at this one', async () => {
    const t = (await signEmailToken(SECRET, 'email-reply', 'ws-other', `ws-other.${randomId(12)}`, NOW))!;
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, t, NOW)).toBeNull();
  });

  test('a reply token is not a stop token, nor the other way round', async () => {
    const reply = (await signEmailToken(SECRET, 'email-reply', WS, CID, NOW))!;
    const stop = (await signEmailToken(SECRET, 'email-stop', WS, CID, NOW))!;
    expect(await verifyEmailToken(SECRET, 'email-stop', WS, reply, NOW)).toBeNull();
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, stop, NOW)).toBeNull();
  });

  test('expired after its days', async () => {
    const t = (await signEmailToken(SECRET, 'email-reply', WS, CID, NOW))!;
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, t, NOW + 90 * DAY_MS)).toBe(CID);
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, t, NOW + 91 * DAY_MS)).toBeNull();
  });

  test('ids that cannot be put in a token get none', async () => {
    expect(await signEmailToken(SECRET, 'email-reply', WS, 'other.abc', NOW)).toBeNull();
    expect(await signEmailToken(SECRET, 'email-reply', WS, `${WS}.not base64!`, NOW)).toBeNull();
    expect(await verifyEmailToken(SECRET, 'email-reply', WS, 'garbage', NOW)).toBeNull();
  });

  test('base32 round trip, one spelling only', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 7, 9]);
    expect(fromBase32(base32(bytes))).toEqual(bytes);
    expect(fromBase32('abc1')).toBeNull();
  });
});
