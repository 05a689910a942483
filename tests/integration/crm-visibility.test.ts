import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, addAgent, setupWorkspace } from '../helpers/clients';
import { ask } from '../fakes/crm-helpers';

let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
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

test('crm-save and crm-test refusals name the form’s fields, from the schema and from the room alike', async () => {
  const { ws, adminToken } = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', ws);
  await admin.open(adminToken);
  const fieldsOf = async (frame: { type: string; [k: string]: unknown }) => {
    const answer = await admin.request(frame);
    expect(answer).toMatchObject({ type: 'error', code: 'invalid-field' });
    return answer.fields;
  };
  expect(Object.keys(await fieldsOf({ type: 'crm-save', settings: { kind: 'pipedrive', domain: 'not a domain!', apiToken: 'pd0123456789abcdef0123' } }))).toEqual(['domain']);
  expect(await fieldsOf({ type: 'crm-save', settings: { kind: 'pipedrive', domain: 'acme' } })).toEqual({ apiToken: 'Required' });
  expect(Object.keys(await fieldsOf({ type: 'crm-save', settings: { kind: 'webhook', url: 'http://crm.example.com/in', secret: 'x'.repeat(32) } }))).toEqual(['url']);
  expect(Object.keys(await fieldsOf({ type: 'crm-save', settings: { kind: 'webhook', url: 'https://crm.example.com/in', secret: 'short' } }))).toEqual(['secret']);
  expect(Object.keys(await fieldsOf({ type: 'crm-test', settings: { kind: 'webhook', url: 'nope' } }))).toEqual(['url']);
  expect(await ask(admin, { type: 'crm-get' })).toMatchObject({ type: 'crm-settings', settings: { kind: 'builtin' } }); // nothing was saved
  admin.close();
});
