import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import { freePort, startServer } from '../helpers/server';

// CI once failed because a restarted `partykit dev` found its port still held by the previous workerd.
// The helper must wait that out instead of hanging on "Address already in use".
test('a server whose port is still held starts once the port is released', async () => {
  const port = await freePort();
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(port, '0.0.0.0', () => r()));
  // Like a dying workerd: accepts connections, never answers, and lets go of the port only once the new
  // server has found it taken (whatever the machine's load, the conflict really happens).
  const accepted: import('node:net').Socket[] = [];
  holder.on('connection', (s) => accepted.push(s));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const onOutput = (chunk: string) => {
    if (!chunk.includes('Address already in use') || !holder.listening) return;
    holder.close();
    for (const s of accepted) s.destroy();
    release();
  };
  const server = await startServer({ port, onOutput });
  try {
    await released;
    expect(server.logs()).toContain('Address already in use');
    const res = await fetch(`${server.url}/widget.js`);
    expect(res.status).toBe(200);
    await server.restart();
    expect((await fetch(`${server.url}/widget.js`)).status).toBe(200);
  } finally {
    await server.stop();
  }
}, 60_000);
