import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, onlineWorkspace, post, visitorContext } from '../helpers/clients';

// What the visitor gave the bot's capture cards starts the agent's details panel (each field only if valid).
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

const captureCards = [
  { id: 'ask-name', type: 'capture', text: 'Your name?', field: 'name', saveAs: 'full_name', required: true },
  { id: 'ask-mail', type: 'capture', text: 'Your email?', field: 'email', saveAs: 'mail', required: false },
  { id: 'ask-phone', type: 'capture', text: 'Your phone?', field: 'phone', saveAs: 'tel', required: false },
  { id: 'ask-org', type: 'capture', text: 'Your company?', field: 'company', saveAs: 'org', required: false },
];

async function playbookWithCapture(w: Awaited<ReturnType<typeof onlineWorkspace>>) {
  const welcome = w.admin.frames.find((f) => f.type === 'welcome')!;
  const { installedAt: _i, updatedAt: _u, ...input } = welcome.playbooks.find((p: any) => p.id === w.playbookId);
  const live = input.cards.findIndex((c: any) => c.type === 'live-chat');
  const cards = [...input.cards.slice(0, live), ...captureCards, ...input.cards.slice(live)];
  expect((await w.admin.request({ type: 'playbook-save', playbook: { ...input, cards } })).type).toBe('ok');
}

const start = (server: TestServer, ws: string, playbookId: string, answers: Record<string, string>) =>
  post(server, `/parties/workspace/${ws}/conversations`, { playbookId, transcript: [{ from: 'bot', text: 'Your name?', at: Date.now() }], answers, context: visitorContext }, { origin: DEMO_ORIGIN });

test('name, email, phone and company captured by the bot fill the details panel and name the visitor', async () => {
  const w = await onlineWorkspace(server);
  await playbookWithCapture(w);
  const created = await start(server, w.ws, w.playbookId, { topic: 'sales', full_name: ' Zoé Martin ', mail: 'zoe@example.fr', tel: '+33 6 12 34 56 78', org: 'Martin & Fils' });
  expect(created.status).toBe(201);
  const agent = new Client(server, 'conversation', created.body.conversationId);
  const welcome = await agent.open(w.adminToken);
  expect(welcome.details.person).toEqual({ name: 'Zoé Martin', email: 'zoe@example.fr', phone: '+33 6 12 34 56 78' });
  expect(welcome.details.organization.name).toBe('Martin & Fils');
  expect(welcome.conversation.visitorName).toBe('Zoé Martin');
  const listed = await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === created.body.conversationId);
  expect(listed.conversation.visitorName).toBe('Zoé Martin');
  for (const c of [agent, w.admin]) c.close();
});

test('an invalid captured email is left empty; the other fields are kept; nothing captured gives empty details', async () => {
  const w = await onlineWorkspace(server);
  await playbookWithCapture(w);
  const bad = await start(server, w.ws, w.playbookId, { full_name: 'Bad Mail', mail: 'not-an-email', tel: '12' });
  const agent = new Client(server, 'conversation', bad.body.conversationId);
  const welcome = await agent.open(w.adminToken);
  expect(welcome.details.person).toEqual({ name: 'Bad Mail', email: '', phone: '' });

  const none = await start(server, w.ws, w.playbookId, { topic: 'support' });
  const agent2 = new Client(server, 'conversation', none.body.conversationId);
  const welcome2 = await agent2.open(w.adminToken);
  expect(welcome2.details.person).toEqual({ name: '', email: '', phone: '' });
  expect(welcome2.conversation.visitorName).toMatch(/\S/); // a generated name
  for (const c of [agent, agent2, w.admin]) c.close();
});
