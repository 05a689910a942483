import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { post } from '../helpers/clients';

// Issue 11 item 11: a setup key shorter than 16 characters is refused: setup answers 503 `unavailable`
// ("setup key too short") even when the key sent matches it.
const keys = { one: 'k', fifteen: 'k'.repeat(15), sixteen: 's'.repeat(16) };
const servers: Partial<Record<keyof typeof keys, TestServer>> = {};
beforeAll(async () => {
  for (const [name, key] of Object.entries(keys) as [keyof typeof keys, string][]) servers[name] = await startServer({ vars: { BATON_SETUP_KEY: key } });
});
afterAll(async () => {
  for (const s of Object.values(servers)) await s?.stop();
});

const setup = (server: TestServer, key: string) =>
  post(server, `/parties/workspace/ws-key-${Date.now().toString(36)}/setup`, { name: 'Ada Admin', email: 'ada@example.com' }, { 'x-baton-setup-key': key });

for (const name of ['one', 'fifteen'] as const) {
  test(`a ${keys[name].length}-character setup key is refused: 503 unavailable "setup key too short", nothing set up`, async () => {
    const res = await setup(servers[name]!, keys[name]);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ type: 'error', code: 'unavailable' });
    expect(res.body.message).toMatch(/setup key too short/i);
  });
}

test('a 16-character setup key works (the boundary), and a wrong key is still 401', async () => {
  expect((await setup(servers.sixteen!, keys.sixteen)).status).toBe(201);
  expect((await setup(servers.sixteen!, 't'.repeat(16))).status).toBe(401);
});
