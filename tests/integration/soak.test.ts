import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { soak } from '../bench/soak';

// The short version of `npm run soak`: 60 fault cycles over 4 chats with one server restart.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_CONVERSATIONS_PER_MINUTE: '1000' } });
});
afterAll(async () => {
  await server?.stop();
});

test('fault-injection soak: every message stored exactly once and shown exactly once, in order', async () => {
  const r = await soak(server, { chats: 4, cycles: 60, restartEvery: 30 });
  expect(r.sent).toBeGreaterThan(60);
  expect(r.faults['server-restart']).toBe(1);
  expect(Object.keys(r.faults).length).toBeGreaterThanOrEqual(4);
  expect({ lost: r.lost, storedTwice: r.storedTwice, shownTwice: r.shownTwice, shownMissing: r.shownMissing, outOfOrder: r.outOfOrder }).toEqual({
    lost: 0,
    storedTwice: 0,
    shownTwice: 0,
    shownMissing: 0,
    outOfOrder: 0,
  });
  expect(r.stored).toBe(r.sent);
}, 180_000);
