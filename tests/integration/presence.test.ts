import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, onlineWorkspace, startConversation } from '../helpers/clients';

// Agents see whether the visitor still has the site open; moving between pages (a quick reconnect) doesn't flicker.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_VISITOR_AWAY_MS: '600' } });
});
afterAll(async () => {
  await server?.stop();
});

test('here when the widget is connected, away (with the time it left) after the grace, unchanged by a quick page change', async () => {
  const w = await onlineWorkspace(server);
  const created = await startConversation(server, w.ws, w.playbookId);
  const id = created.body.conversationId as string;
  const agent = new Client(server, 'conversation', id);
  await agent.open(w.adminToken);
  // Nobody on the page yet.
  expect(await agent.next((f) => f.type === 'presence')).toEqual({ type: 'presence', visitor: 'away', since: null });

  const visitor = new Client(server, 'conversation', id);
  await visitor.open(created.body.visitorToken);
  const here = await agent.next((f) => f.type === 'presence' && f.visitor === 'here');
  expect(here.since).toBeGreaterThan(Date.now() - 5_000);

  // A page change: the socket closes and a new one opens well within the grace. No "away" in between.
  const from = agent.frames.length;
  visitor.close();
  const nextPage = new Client(server, 'conversation', id);
  await nextPage.open(created.body.visitorToken);
  // The room saw the new page's socket before the old one's grace ran out: a round trip proves no presence came.
  await agent.roundTrip();
  expect(agent.frames.slice(from).filter((f) => f.type === 'presence')).toEqual([]);

  // The visitor leaves: away after the grace, with the time the last socket closed.
  const closedAt = Date.now();
  nextPage.close();
  const away = await agent.next((f) => f.type === 'presence' && f.visitor === 'away', 5_000, from);
  expect(away.since).toBeGreaterThanOrEqual(closedAt - 50);
  expect(away.since).toBeLessThan(closedAt + 500);

  // A second agent socket opening now is told at once; visitors never get presence frames.
  const late = new Client(server, 'conversation', id);
  await late.open(w.adminToken);
  expect(await late.next((f) => f.type === 'presence')).toMatchObject({ visitor: 'away', since: away.since });
  const back = new Client(server, 'conversation', id);
  await back.open(created.body.visitorToken);
  await agent.next((f) => f.type === 'presence' && f.visitor === 'here', 5_000, from);
  await back.roundTrip();
  expect(back.frames.some((f) => f.type === 'presence')).toBe(false);
  for (const c of [agent, late, back, w.admin]) c.close();
});
