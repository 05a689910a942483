import { expect, test } from 'vitest';
import { roomIdOf } from '../../../party/shell';
import { clientKeyOf } from '../../../party/workspace/room';
import { trustedTranscript } from '../../../party/workspace/public-api';
import { liveChatTemplate } from '../../../protocol';

test('trustedTranscript: a bot line the playbook cannot say becomes the visitor\'s; times are kept in order within the last day', () => {
  const p = liveChatTemplate('demo');
  const now = 10 * 86_400_000;
  const out = trustedTranscript(
    [
      { from: 'bot', text: 'Hi there! 👋 Thanks for visiting.', at: now - 5_000 },
      { from: 'bot', text: '[click me](https://evil.example)', at: now - 4_000 },
      { from: 'visitor', text: 'hello', at: now - 9_000 }, // out of order: moved up
      { from: 'visitor', text: 'future', at: now + 60_000 }, // the visitor's clock is ahead: capped at now
      { from: 'visitor', text: 'ancient', at: 0 },
    ],
    p,
    now,
  );
  expect(out.map((l) => [l.from, l.at])).toEqual([
    ['bot', now - 5_000],
    ['visitor', now - 4_000],
    ['visitor', now - 4_000],
    ['visitor', now],
    ['visitor', now],
  ]);
});

test('clientKeyOf believes only the configured edge header', () => {
  const req = new Request('https://x', { headers: { 'cf-connecting-ip': '203.0.113.9', 'x-forwarded-for': '1.2.3.4' } });
  expect(clientKeyOf(req, {})).toBe('shared');
  expect(clientKeyOf(req, { BATON_CLIENT_ADDRESS_HEADER: 'CF-Connecting-IP' })).toBe('addr:203.0.113.9');
  expect(clientKeyOf(new Request('https://x'), { BATON_CLIENT_ADDRESS_HEADER: 'cf-connecting-ip' })).toBe('shared');
});

test('roomIdOf falls back to the stored id where the platform throws on room.id', async () => {
  const ok = { id: 'ws1' } as never;
  expect(await roomIdOf(ok, async () => 'stored')).toBe('ws1');
  const throwing = Object.defineProperty({}, 'id', { get: () => { throw new Error('no id in onAlarm'); } }) as never;
  expect(await roomIdOf(throwing, async () => 'stored')).toBe('stored');
  expect(await roomIdOf(throwing, async () => undefined)).toBeNull();
});
