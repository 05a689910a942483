import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, clientId, post, sessionToken, visitorContext } from '../helpers/clients';
import { freePort, type TestServer } from '../helpers/server';

// `npm run serve`: the same rooms on workerd alone (no partykit dev), Durable Objects on local disk. A chat is
// opened end to end, its wait-time alarm fires, and the workspace is still there after a restart.
const SECRET = randomBytes(32).toString('base64url');
const SETUP_KEY = randomBytes(24).toString('base64url');
const data = mkdtempSync(join(tmpdir(), 'baton-serve-'));
let port: number;
let running: ChildProcess | null = null;
let output = '';

function serve(extra: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn('node', ['scripts/serve.mjs', '--port', String(port), '--data-dir', data, '--skip-build'], {
    env: { ...process.env, BATON_SECRET: SECRET, BATON_SETUP_KEY: SETUP_KEY, BATON_PUBLIC_URL: `http://127.0.0.1:${port}`, BATON_WAIT_SECONDS_OVERRIDE: '3', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running = child;
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${output}`)));
    child.stdout!.on('data', (d) => {
      output += d;
      if (/^Server: /m.test(output)) resolve(child);
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  running = null;
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGTERM');
  });
}

beforeAll(async () => {
  if (!existsSync('public/widget.js')) spawnSync('node', ['scripts/build-widget.mjs'], { stdio: 'ignore' });
  port = await freePort();
});
afterAll(async () => {
  if (running) await stop(running);
  rmSync(data, { recursive: true, force: true });
});

describe('npm run serve (workerd, local-disk Durable Objects)', () => {
  it('serves the widget, opens a chat end to end, fires its alarm, and keeps the workspace across a restart', async () => {
    let child = await serve();
    const server = { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, host: `127.0.0.1:${port}` } as TestServer;
    const widget = await fetch(`${server.url}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);

    const ws = `serve-${Date.now().toString(36)}`;
    const setup = await post(server, `/parties/workspace/${ws}/setup`, { name: 'Ada Admin', email: 'ada@example.com', demoPlaybook: true, allowedOrigins: ['http://site.test'] }, { 'x-baton-setup-key': SETUP_KEY });
    expect(setup.status).toBe(201);
    const token = await sessionToken(server, ws, setup.body.credential);
    const admin = new Client(server, 'workspace', ws);
    expect((await admin.open(token)).type).toBe('welcome');
    expect((await admin.request({ type: 'set-online', online: true })).type).toBe('ok');

    const start = () =>
      post(server, `/parties/workspace/${ws}/conversations`, { playbookId: setup.body.playbookId, transcript: [], answers: { topic: 'sales', name: 'Vera' }, context: visitorContext }, { origin: 'http://site.test' });
    const created = await start();
    expect(created.status).toBe(201);
    const visitor = new Client(server, 'conversation', created.body.conversationId);
    expect((await visitor.open(created.body.visitorToken)).type).toBe('welcome');
    visitor.send({ type: 'send', id: clientId(), text: 'Hello from workerd' });
    await visitor.next((f) => f.type === 'ack');
    // The workspace heard of it through the room-to-room stub.
    await admin.next((f) => f.type === 'conversation' && f.conversation.id === created.body.conversationId && f.conversation.lastMessage?.text === 'Hello from workerd');
    // Nobody takes it: the wait time (3 s here) runs out by the room's alarm, and the visitor is told.
    await visitor.next((f) => f.type === 'state' && f.conversation.status === 'missed', 20_000);
    expect(readdirSync(data).some((d) => d.includes('workspaceDO'))).toBe(true);

    // Another chat, and the server stops before its wait time is up: workerd keeps alarms in memory, so the
    // restarted server wakes the workspace (BATON_WORKSPACES), which wakes the chat, whose overdue alarm then fires.
    const second = await start();
    expect(second.status).toBe(201);
    for (const c of [visitor, admin]) c.close();
    await stop(child);
    const restartedAt = output.length;
    child = await serve({ BATON_WORKSPACES: ws });
    await expect.poll(() => output.slice(restartedAt).includes(`"room":"conversation","conv":"${second.body.conversationId}"`), { timeout: 20_000 }).toBe(true);
    const late = new Client(server, 'conversation', second.body.conversationId);
    const hello = await late.open(second.body.visitorToken);
    if (hello.conversation.status !== 'missed') await late.next((f) => f.type === 'state' && f.conversation.status === 'missed', 20_000);
    late.close();
    // Stored on disk: the admin's credential still opens a session, and the chat is still in the inbox.
    const again = new Client(server, 'workspace', ws);
    const welcome = await again.open(await sessionToken(server, ws, setup.body.credential));
    expect(welcome.conversations.map((c: { id: string }) => c.id)).toContain(created.body.conversationId);
    again.close();
    expect(output).not.toContain(SECRET);
    await stop(child);
  }, 90_000);
});
