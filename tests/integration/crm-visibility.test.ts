import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, addAgent, setupWorkspace } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

test('a webhook URL (often a capability) reaches admins whole and other agents as its origin only', async () => {
  const { ws, adminToken } = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', ws);
  await admin.open(adminToken);
  const dana = await addAgent(server, ws, admin, 'Dana Agent');
  const danaWs = new Client(server, 'workspace', ws);
  await danaWs.open(dana.token);
  const url = 'https://hooks.example.com/catch/123456/abcdef-secret-path';
  const saved = await admin.request({ type: 'crm-save', settings: { kind: 'webhook', url, secret: 'x'.repeat(32) } });
  expect(saved.type).toBe('ok');
  const pushedToDana = await danaWs.next((f) => f.type === 'crm-settings');
  const pushedToAdmin = await admin.next((f) => f.type === 'crm-settings');
  expect(pushedToAdmin.settings.url).toBe(url);
  expect(pushedToDana.settings.url).toBe('https://hooks.example.com');
  danaWs.send({ type: 'crm-get', ref: 'g1' });
  const got = await danaWs.next((f) => f.type === 'crm-settings' && f.ref === 'g1');
  expect(got.settings).toEqual({ kind: 'webhook', url: 'https://hooks.example.com', secretSet: true });
  expect(JSON.stringify(danaWs.frames)).not.toContain('abcdef-secret-path');
  for (const c of [admin, danaWs]) c.close();
});
