import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, addAgent, setupWorkspace, startConversation } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_CONVERSATIONS_PER_MINUTE: '1000' } });
});
afterAll(async () => {
  await server?.stop();
});

test('two agents claiming the same chat at once, 50 times: exactly one winner each round', async () => {
  const { ws, adminToken, playbookId } = await setupWorkspace(server);
  const ada = new Client(server, 'workspace', ws);
  await ada.open(adminToken);
  ada.send({ type: 'set-online', online: true });
  const bob = await addAgent(server, ws, ada, 'Bob Agent');
  await ada.next((f) => f.type === 'agents' && f.agents.some((a: any) => a.online));

  const wins = { ada: 0, bob: 0 };
  for (let round = 0; round < 50; round++) {
    const created = await startConversation(server, ws, playbookId);
    expect(created.status).toBe(201);
    const id = created.body.conversationId;
    const a = new Client(server, 'conversation', id);
    const b = new Client(server, 'conversation', id);
    await Promise.all([a.open(adminToken), b.open(bob.token)]);
    const [ra, rb] = await Promise.all([a.request({ type: 'claim' }), b.request({ type: 'claim' })]);
    const results = [ra, rb];
    expect(results.filter((r) => r.type === 'ok')).toHaveLength(1);
    const loser = results.find((r) => r.type === 'error')!;
    expect(loser.code).toBe('already-claimed');
    const winnerName = ra.type === 'ok' ? 'Ada Admin' : 'Bob Agent';
    expect(loser.winner.name).toBe(winnerName);
    expect(loser.message).toContain(winnerName);
    wins[ra.type === 'ok' ? 'ada' : 'bob']++;
    // The log holds exactly one "joined".
    const check = new Client(server, 'conversation', id);
    const w = await check.open(ra.type === 'ok' ? adminToken : bob.token);
    expect(w.entries.filter((e: any) => e.event === 'joined')).toHaveLength(1);
    for (const c of [a, b, check]) c.close();
  }
  expect(wins.ada + wins.bob).toBe(50);
  ada.close();
});
