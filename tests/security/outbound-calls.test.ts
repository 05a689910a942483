import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort, startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, onlineWorkspace, post, visitorContext } from '../helpers/clients';
import { flakyProxy, foreignHost, until } from './lib';

// Issue 11 item 1: where a room calls is configuration (BATON_PUBLIC_URL), never a request header; every
// outbound call has a timeout and a failed or refused report is retried.
// The server's BATON_PUBLIC_URL is a pass-through proxy to itself, so the tests can see (and break) the
// calls rooms make over HTTP; a second local listener plays the attacker's host and counts what reaches it.
let server: TestServer;
let foreign: Awaited<ReturnType<typeof foreignHost>>;
let proxy: Awaited<ReturnType<typeof flakyProxy>>;

beforeAll(async () => {
  foreign = await foreignHost();
  const port = await freePort();
  proxy = await flakyProxy(() => port);
  // A one-second wait time: the wait-time alarm (the call that can't use a stub) fires at once.
  server = await startServer({ port, vars: { BATON_WAIT_SECONDS_OVERRIDE: '1', BATON_PUBLIC_URL: proxy.url, BATON_ROOM_CALL_TIMEOUT_MS: '2000' } });
});
afterAll(async () => {
  await server?.stop();
  await foreign?.close();
  await proxy?.close();
});

const body = (playbookId: string) => ({
  playbookId,
  transcript: [{ from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 }],
  answers: { topic: 'sales', name: 'Vera Visitor' },
  context: visitorContext,
});

/** A conversation created with extra (forged) request headers; the inbox must still see it missed. */
async function missedDespite(headers: Record<string, string>) {
  const w = await onlineWorkspace(server);
  const created = await post(server, `/parties/workspace/${w.ws}/conversations`, body(w.playbookId), { origin: DEMO_ORIGIN, ...headers });
  expect(created.status).toBe(201);
  const id = created.body.conversationId as string;
  // The wait-time alarm reports "missed" to the workspace: the real inbox must hear it. Stop waiting early if
  // the forged host is called instead (the report went there).
  const isMissed = (f: any) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'missed';
  const calls = foreign.requests.length;
  await until(() => w.admin.frames.some(isMissed) || foreign.requests.length > calls, 'the missed report or a call to the forged host', 20_000).catch(() => undefined);
  if (!w.admin.frames.some(isMissed)) await w.admin.next(isMissed, 1_000).catch(() => undefined);
  return { w, id, missed: w.admin.frames.find(isMissed) ?? null };
}

describe('a forged host header never chooses where a room calls', () => {
  const forged = (): [string, () => Record<string, string>][] => [
    ['Host', () => ({ host: foreign.host })],
    ['X-Forwarded-Host', () => ({ 'x-forwarded-host': foreign.host, 'x-forwarded-proto': 'http' })],
    ['Forwarded', () => ({ forwarded: `for=203.0.113.9;host=${foreign.host};proto=http` })],
    ['X-Original-Host and X-Forwarded-Server', () => ({ 'x-original-host': foreign.host, 'x-forwarded-server': foreign.host, 'x-host': foreign.host })],
    ['all of them at once', () => ({ host: foreign.host, 'x-forwarded-host': foreign.host, forwarded: `host=${foreign.host}` })],
  ];
  for (const [name, headers] of forged()) {
    test(`${name}: the wait-time report reaches the real inbox, nothing reaches the forged host`, async () => {
      const before = foreign.requests.length;
      const { w, id, missed } = await missedDespite(headers());
      const reached = foreign.requests.slice(before).map((r) => `${r.method} ${r.url}`);
      expect(reached, 'calls that reached the forged host').toEqual([]);
      expect(missed, 'the inbox never saw the chat missed (its report went elsewhere)').not.toBeNull();
      // Agent checks made by that room after its alarm are still answered by the real workspace.
      const agent = new Client(server, 'conversation', id);
      const welcome = await agent.open(w.adminToken);
      expect(welcome).toMatchObject({ type: 'welcome', role: 'agent' });
      for (const c of [agent, w.admin]) c.close();
    });
  }
});

describe('room-to-room calls over HTTP go to BATON_PUBLIC_URL, time out, and are retried', () => {
  test('a refused wait-time report (500) is retried until the inbox has it', async () => {
    const w = await onlineWorkspace(server);
    proxy.setMode(w.ws, 'refuse-first');
    const created = await post(server, `/parties/workspace/${w.ws}/conversations`, body(w.playbookId), { origin: DEMO_ORIGIN });
    const id = created.body.conversationId as string;
    const missed = await w.admin
      .next((f) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'missed', 40_000)
      .catch(() => null);
    expect(proxy.internalCalls(w.ws), 'report calls through BATON_PUBLIC_URL (refused first, then retried)').toBeGreaterThanOrEqual(2);
    expect(missed, 'the inbox never saw the chat missed').not.toBeNull();
    w.admin.close();
  });

  test('a report that is never answered times out and is retried until the inbox has it', async () => {
    const w = await onlineWorkspace(server);
    proxy.setMode(w.ws, 'hang-first');
    const created = await post(server, `/parties/workspace/${w.ws}/conversations`, body(w.playbookId), { origin: DEMO_ORIGIN });
    const id = created.body.conversationId as string;
    const missed = await w.admin
      .next((f) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'missed', 50_000)
      .catch(() => null);
    expect(proxy.internalCalls(w.ws), 'report calls through BATON_PUBLIC_URL (the first hung, then a retry)').toBeGreaterThanOrEqual(2);
    expect(missed, 'the inbox never saw the chat missed: the hung report was never given up and retried').not.toBeNull();
    w.admin.close();
  }, 60_000);
});
