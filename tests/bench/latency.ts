import { WebSocketServer } from 'ws';
import WS from 'ws';
import { claimedChats, fmt, percentiles, sleep, type RawClient } from './lib';
import type { TestServer } from '../helpers/server';
import { freePort } from '../helpers/server';

let counter = 0;
const mid = () => `b${(counter++).toString(36).padStart(10, '0')}`;

/** Sends `rounds` messages each way per chat at a steady rate; returns delivery latencies (send → other side). */
export async function measureRoom(chats: { visitor: RawClient; agent: RawClient }[], rounds: number, intervalMs: number) {
  const v2a: number[] = [];
  const a2v: number[] = [];
  const sentAt = new Map<string, number>();
  for (const { visitor, agent } of chats) {
    agent.onFrame = (f) => {
      if (f.type !== 'entries') return;
      for (const e of f.entries) if (e.from === 'visitor' && sentAt.has(e.id)) v2a.push(performance.now() - sentAt.get(e.id)!);
    };
    visitor.onFrame = (f) => {
      if (f.type !== 'entries') return;
      for (const e of f.entries) if (e.from === 'agent' && sentAt.has(e.id)) a2v.push(performance.now() - sentAt.get(e.id)!);
    };
  }
  // Spread the chats over the interval so the load is steady, not bursts.
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < chats.length; i++) {
      const { visitor, agent } = chats[i]!;
      const target = start + (i / chats.length) * intervalMs;
      const wait = target - performance.now();
      if (wait > 1) await sleep(wait);
      const useVisitor = (r + i) % 2 === 0;
      const id = mid();
      sentAt.set(id, performance.now());
      (useVisitor ? visitor : agent).send({ type: 'send', id, text: `round ${r}` });
    }
  }
  await sleep(1_000);
  return { v2a: percentiles(v2a), a2v: percentiles(a2v), expected: rounds * chats.length };
}

/** The floor: a bare `ws` relay that forwards each frame to the pair's other socket, nothing else. */
export async function measureBareRelay(pairs: number, rounds: number, intervalMs: number) {
  const port = await freePort();
  const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
  const rooms = new Map<string, Set<WS>>();
  wss.on('connection', (socket, req) => {
    const room = req.url ?? '/';
    const peers = rooms.get(room) ?? new Set();
    rooms.set(room, peers);
    peers.add(socket);
    socket.on('message', (data) => {
      for (const p of peers) if (p !== socket) p.send(String(data));
    });
  });
  const open = (room: string) =>
    new Promise<WS>((resolve) => {
      const s = new WS(`ws://127.0.0.1:${port}/${room}`, { perMessageDeflate: false });
      s.once('open', () => resolve(s));
    });
  const samples: number[] = [];
  const socks: [WS, WS][] = [];
  for (let i = 0; i < pairs; i++) socks.push([await open(`r${i}`), await open(`r${i}`)]);
  for (const [a, b] of socks) for (const s of [a, b]) s.on('message', (d) => samples.push(performance.now() - JSON.parse(String(d)).t));
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < socks.length; i++) {
      const wait = start + (i / socks.length) * intervalMs - performance.now();
      if (wait > 1) await sleep(wait);
      socks[i]![(r + i) % 2]!.send(JSON.stringify({ type: 'send', id: mid(), text: `round ${r}`, t: performance.now() }));
    }
  }
  await sleep(1_000);
  for (const [a, b] of socks) (a.terminate(), b.terminate());
  wss.close();
  return percentiles(samples);
}

export async function latency(server: TestServer, n: number, rounds = 10, intervalMs = 1_000) {
  const ws = await claimedChats(server, n);
  const room = await measureRoom(ws.chats, rounds, intervalMs);
  const bare = await measureBareRelay(n, rounds, intervalMs);
  for (const c of ws.chats) (c.visitor.close(), c.agent.close());
  ws.admin.close();
  return { room, bare };
}

export function printLatency(n: number, r: Awaited<ReturnType<typeof latency>>) {
  const row = (name: string, p: ReturnType<typeof percentiles>) =>
    `  ${name.padEnd(22)} n=${String(p.n).padStart(6)}  p50 ${fmt(p.p50).padStart(10)}  p95 ${fmt(p.p95).padStart(10)}  p99 ${fmt(p.p99).padStart(10)}`;
  console.log(`Latency, ${n} chats (each a visitor and an agent socket), steady rate:`);
  console.log(row('visitor → agent', r.room.v2a));
  console.log(row('agent → visitor', r.room.a2v));
  console.log(row('bare ws relay', r.bare));
  console.log(`  ratio to bare relay     p50 ×${(r.room.v2a.p50 / r.bare.p50).toFixed(2)}  p99 ×${(r.room.v2a.p99 / r.bare.p99).toFixed(2)} (visitor → agent)`);
}
