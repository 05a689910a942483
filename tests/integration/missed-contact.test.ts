import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, onlineWorkspace, startConversation } from '../helpers/clients';
import { offlineSubmission, postOffline } from '../fakes/crm-helpers';

// A chat nobody claimed becomes missed; the visitor goes on with the offline flow and leaves contact details.
// Those must reach that chat (details panel + timeline), but only when the widget proves it is that visitor.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_WAIT_SECONDS_OVERRIDE: '1' } });
});
afterAll(async () => {
  await server?.stop();
});

async function missedChat() {
  const w = await onlineWorkspace(server);
  const created = await startConversation(server, w.ws, w.playbookId);
  const id = created.body.conversationId as string;
  await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'missed', 15_000);
  return { w, id, visitorToken: created.body.visitorToken as string };
}

test("the offline contact of a missed chat fills that chat's details, once, and the timeline says so", async () => {
  const { w, id, visitorToken } = await missedChat();
  const agent = new Client(server, 'conversation', id);
  await agent.open(w.adminToken);
  const body = { ...offlineSubmission(w.playbookId, 'sub-missed-0001', { name: 'Mia Missed', email: 'mia@example.com', phone: 'call me', company: 'Mia SAS' }, []), conversationId: id, visitorToken };
  expect((await postOffline(server, w.ws, body)).body).toEqual({ ok: true, accepted: 0 });
  const details = await agent.next((f) => f.type === 'details');
  expect(details.details.person).toEqual({ name: 'Mia Missed', email: 'mia@example.com', phone: '' }); // the invalid phone is left out
  expect(details.details.organization.name).toBe('Mia SAS');
  await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'contact-left'));
  // Resubmitted (the widget retries): nothing new.
  expect((await postOffline(server, w.ws, body)).status).toBe(200);
  const again = new Client(server, 'conversation', id);
  const welcome = await again.open(w.adminToken);
  expect(welcome.entries.filter((e: any) => e.event === 'contact-left')).toHaveLength(1);
  expect(welcome.conversation.visitorName).toBe('Vera Visitor'); // a real name from the bot is kept
  // Visitors never see agent-only events.
  const visitor = new Client(server, 'conversation', id);
  const vWelcome = await visitor.open(visitorToken);
  expect(vWelcome.entries.some((e: any) => e.event === 'contact-left')).toBe(false);
  for (const c of [agent, again, visitor, w.admin]) c.close();
});

test("without that chat's visitor token, or with another chat's, nothing reaches the chat", async () => {
  const a = await missedChat();
  const other = await startConversation(server, a.w.ws, a.w.playbookId);
  const agent = new Client(server, 'conversation', a.id);
  await agent.open(a.w.adminToken);
  const contact = { name: 'Eve Intruder', email: 'eve@example.com' };
  const noProof = { ...offlineSubmission(a.w.playbookId, 'sub-intrude-01', contact, []), conversationId: a.id };
  const wrongProof = { ...offlineSubmission(a.w.playbookId, 'sub-intrude-02', contact, []), conversationId: a.id, visitorToken: other.body.visitorToken };
  const forged = { ...offlineSubmission(a.w.playbookId, 'sub-intrude-03', contact, []), conversationId: a.id, visitorToken: 'x.y' };
  for (const b of [noProof, wrongProof, forged]) expect((await postOffline(server, a.w.ws, b)).status).toBe(200);
  const welcome = await new Client(server, 'conversation', a.id).open(a.w.adminToken);
  expect(welcome.entries.some((e: any) => e.event === 'contact-left')).toBe(false);
  expect(welcome.details.person.email).toBe('');
  for (const c of [agent, a.w.admin]) c.close();
});
