import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, TEST_SETUP_KEY, type TestServer } from '../helpers/server';
import { Client, post, setupWorkspace } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

test('two setups of one workspace at once: exactly one admin is created', async () => {
  const ws = `race-${Date.now().toString(36)}`;
  const body = { name: 'First', email: 'first@example.com' };
  const results = await Promise.all(Array.from({ length: 5 }, () => post(server, `/parties/workspace/${ws}/setup`, body, { 'x-baton-setup-key': TEST_SETUP_KEY })));
  expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
});

test('two agents with the same email created at once: exactly one', async () => {
  const { ws, adminToken } = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', ws);
  await admin.open(adminToken);
  const frame = { type: 'agent-create', name: 'Twin', email: 'twin@example.com', role: 'agent', manageLiveChat: false };
  const answers = await Promise.all([admin.request({ ...frame }), admin.request({ ...frame }), admin.request({ ...frame })]);
  expect(answers.filter((a) => a.type === 'agent-created')).toHaveLength(1);
  expect(answers.filter((a) => a.type === 'error').map((a) => a.code)).toEqual(['conflict', 'conflict']);
  admin.close();
});
