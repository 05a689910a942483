import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, addAgent, clientId, setupWorkspace, startConversation } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  if (process.env.SHOW_LOGS) console.log(server.logs());
  await server?.stop();
});

test("the seed's whole story at protocol level", async () => {
  const { ws, adminToken, playbookId } = await setupWorkspace(server);
  const ada = new Client(server, 'workspace', ws);
  await ada.open(adminToken);
  const bob = await addAgent(server, ws, ada, 'Bob Agent');
  const bobWs = new Client(server, 'workspace', ws);
  await bobWs.open(bob.token);
  ada.send({ type: 'set-online', online: true });
  bobWs.send({ type: 'set-online', online: true });
  await ada.next((f) => f.type === 'agents' && f.agents.filter((a: any) => a.online).length === 2);

  // Visitor reaches the live chat card: the conversation lands in Unassigned and both online agents are notified.
  const created = await startConversation(server, ws, playbookId);
  expect(created.status).toBe(201);
  const convId: string = created.body.conversationId;
  for (const agent of [ada, bobWs]) {
    const n = await agent.next((f) => f.type === 'notify' && f.conversation.id === convId);
    expect(n.event).toBe('new-unassigned');
    expect(n.conversation.status).toBe('waiting');
    expect(n.conversation.visitorName).toBe('Vera Visitor');
  }

  const visitor = new Client(server, 'conversation', convId);
  const vWelcome = await visitor.open(created.body.visitorToken);
  expect(vWelcome.conversation.status).toBe('waiting');
  expect(vWelcome.entries.map((e: any) => e.text ?? e.event)).toEqual(['Hi there! 👋 Thanks for visiting.', 'Talk to sales']);

  // Ada claims; the visitor is told her name.
  const adaConv = new Client(server, 'conversation', convId);
  const aWelcome = await adaConv.open(adminToken);
  expect(aWelcome.conversation.context.pageUrl).toBe('http://site.test/pricing');
  expect(aWelcome.entries.some((e: any) => e.event === 'created')).toBe(true);
  expect((await adaConv.request({ type: 'claim' })).type).toBe('ok');
  const vState = await visitor.next((f) => f.type === 'state' && f.conversation.status === 'active');
  expect(vState.conversation.agentName).toBe('Ada Admin');
  const joined = await visitor.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'joined'));
  expect(joined.entries[0].agent.name).toBe('Ada Admin');
  expect(joined.entries[0].by).toBeUndefined(); // visitors get no agent ids
  await bobWs.next((f) => f.type === 'conversation-removed' && f.id === convId);

  // Messages both ways.
  const v1 = clientId('v');
  visitor.send({ type: 'send', id: v1, text: 'Do you ship to Lyon?' });
  await adaConv.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.id === v1));
  const newMsg = await ada.next((f) => f.type === 'notify' && f.event === 'new-message');
  expect(newMsg.text).toBe('Do you ship to Lyon?');
  const a1 = clientId('a');
  adaConv.send({ type: 'send', id: a1, text: 'We do, next day.' });
  const got = await visitor.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.id === a1));
  expect(got.entries[0].authorName).toBe('Ada Admin');
  expect(got.entries[0].agentId).toBeUndefined();

  // Reassign to Bob: Bob is told, Ada loses it at once.
  expect((await adaConv.request({ type: 'reassign', to: bob.id })).type).toBe('ok');
  const assigned = await bobWs.next((f) => f.type === 'notify' && f.event === 'assigned-to-you');
  expect(assigned.conversation.assignee.id).toBe(bob.id);
  await ada.next((f) => f.type === 'conversation-removed' && f.id === convId);
  await adaConv.next((f) => f.type === 'error' && f.code === 'forbidden' && f.message.includes('Bob Agent'));
  expect((await adaConv.whenClosed()).code).toBe(4003);
  expect((await visitor.next((f) => f.type === 'state' && f.conversation.agentName === 'Bob Agent')).conversation.status).toBe('active');

  // Bob puts it back in Unassigned; Ada claims it again.
  const bobConv = new Client(server, 'conversation', convId);
  await bobConv.open(bob.token);
  expect((await bobConv.request({ type: 'reassign', to: null })).type).toBe('ok');
  const back = await ada.next((f) => f.type === 'conversation' && f.conversation.id === convId && f.conversation.status === 'unassigned');
  expect(back.conversation.assignee).toBeNull();
  const adaConv2 = new Client(server, 'conversation', convId);
  await adaConv2.open(adminToken);
  expect((await adaConv2.request({ type: 'claim' })).type).toBe('ok');

  // Close: in Closed with its time; messages refused; details still editable.
  expect((await adaConv2.request({ type: 'close' })).type).toBe('ok');
  const closed = await ada.next((f) => f.type === 'conversation' && f.conversation.status === 'closed');
  expect(closed.conversation.closedAt).toBeGreaterThan(0);
  await bobWs.next((f) => f.type === 'conversation' && f.conversation.status === 'closed'); // closed chats are visible to all
  const refused = clientId('v');
  visitor.send({ type: 'send', id: refused, text: 'still there?' });
  const err = await visitor.next((f) => f.type === 'error' && f.ref === refused);
  expect(err.code).toBe('conversation-closed');
  expect((await adaConv2.request({ type: 'claim' })).code).toBe('conversation-closed');
  const saved = await adaConv2.request({ type: 'update-details', patch: { person: { email: 'vera@example.com' }, value: { amount: 1200, currency: 'EUR' } } });
  expect(saved.type).toBe('ok');
  const again = new Client(server, 'conversation', convId);
  const w = await again.open(adminToken);
  expect(w.details.person.email).toBe('vera@example.com');
  expect(w.details.value).toEqual({ amount: 1200, currency: 'EUR' });
  expect(w.entries.filter((e: any) => e.kind === 'event').map((e: any) => e.event)).toEqual(['created', 'joined', 'reassigned', 'unassigned', 'joined', 'closed']);
  expect(w.entries.filter((e: any) => e.kind === 'event').every((e: any) => e.at > 0)).toBe(true);
  expect(w.entries.some((e: any) => e.id === refused)).toBe(false);

  for (const c of [ada, bobWs, visitor, bobConv, adaConv2, again]) c.close();
});
