import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, setupWorkspace, startConversation, clientId } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server?.stop(); });

test('smoke', async () => {
  const { ws, adminToken, playbookId } = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', ws);
  const welcome = await admin.open(adminToken);
  expect(welcome.type).toBe('welcome');
  admin.send({ type: 'set-online', online: true });
  await admin.next((f) => f.type === 'agents' && f.agents.some((a: any) => a.online));
  const created = await startConversation(server, ws, playbookId);
  expect(created.status).toBe(201);
  const visitor = new Client(server, 'conversation', created.body.conversationId);
  const vw = await visitor.open(created.body.visitorToken);
  expect(vw.type).toBe('welcome');
  const agent = new Client(server, 'conversation', created.body.conversationId);
  const aw = await agent.open(adminToken);
  expect(aw.type).toBe('welcome');
  expect((await agent.request({ type: 'claim' })).type).toBe('ok');
  const id = clientId();
  visitor.send({ type: 'send', id, text: 'hello' });
  const ack = await visitor.next((f) => f.type === 'ack');
  expect(ack.id).toBe(id);
  await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.id === id));
  visitor.close(); agent.close(); admin.close();
}, 60_000);
