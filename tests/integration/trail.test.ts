import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, onlineWorkspace, post, visitorContext } from '../helpers/clients';

// The page trail against a real `partykit dev`: the widget's batches reach the agents, bounded and filtered.
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

test('page views reach the agent as the trail (own site only, times clamped); the visit start rides in the context', async () => {
  const w = await onlineWorkspace(server);
  const visit = { landingPage: `${DEMO_ORIGIN}/?utm_source=news`, referrer: 'https://search.example/', at: Date.now() - 60_000, utm: { source: 'news' } };
  const created = await post(
    server,
    `/parties/workspace/${w.ws}/conversations`,
    { playbookId: w.playbookId, transcript: [], answers: { topic: 'sales' }, context: { ...visitorContext, visit } },
    { origin: DEMO_ORIGIN },
  );
  expect(created.status).toBe(201);
  const id = created.body.conversationId as string;
  const agent = new Client(server, 'conversation', id);
  const welcome = await agent.open(w.adminToken);
  expect(welcome.conversation.context.visit).toEqual(visit);

  const visitor = new Client(server, 'conversation', id);
  expect((await visitor.open(created.body.visitorToken)).type).toBe('welcome');
  const start = Date.now();
  visitor.send({
    type: 'pages',
    pages: [
      { url: `${DEMO_ORIGIN}/pricing`, title: 'Pricing', at: start },
      { url: 'https://elsewhere.example/phish', title: 'Not the site', at: start },
      { url: `${DEMO_ORIGIN}/pricing#plans`, at: start + 10 * 365 * 24 * 3600_000 },
    ],
  });
  const trail = await agent.next((f) => f.type === 'trail');
  expect(trail.pages.map((p: { url: string }) => p.url)).toEqual([`${DEMO_ORIGIN}/pricing`, `${DEMO_ORIGIN}/pricing#plans`]);
  expect(trail.pages[0].title).toBe('Pricing');
  expect(trail.pages[1].at).toBeLessThanOrEqual(Date.now()); // the visitor's future time, clamped to the room's now

  // The visitor never gets the trail; an agent may not report pages.
  await visitor.roundTrip();
  expect(visitor.frames.some((f) => f.type === 'trail')).toBe(false);
  const from = agent.frames.length;
  agent.send({ type: 'pages', pages: [{ url: `${DEMO_ORIGIN}/x`, at: start }] });
  expect((await agent.next((f) => f.type === 'error', 10_000, from)).code).toBe('forbidden');

  // An agent who opens the chat later gets the trail after the welcome; an oversized batch is refused whole.
  const late = new Client(server, 'conversation', id);
  await late.open(w.adminToken);
  expect((await late.next((f) => f.type === 'trail')).pages).toHaveLength(2);
  visitor.send({ type: 'pages', pages: Array.from({ length: 21 }, (_, i) => ({ url: `${DEMO_ORIGIN}/p${i}`, at: start })) });
  expect((await visitor.next((f) => f.type === 'error')).code).toBe('invalid-frame');
  for (const c of [agent, visitor, late, w.admin]) c.close();
});
