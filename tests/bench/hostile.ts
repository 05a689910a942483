import WS from 'ws';
import { setupWorkspace, startConversation } from '../helpers/clients';
import type { TestServer } from '../helpers/server';
import { RawClient, percentiles, roomUrl, sleep } from './lib';

/** A workspace whose admin is online (a raw socket, no vitest here). */
async function onlineWorkspace(server: TestServer) {
  const w = await setupWorkspace(server);
  const admin = new RawClient(roomUrl(server, 'workspace', w.ws), w.adminToken);
  await admin.open();
  admin.send({ type: 'set-online', online: true });
  await admin.wait((f) => f.type === 'agents' && f.agents.some((a: any) => a.online));
  return { ...w, admin };
}

/**
 * What one hostile visitor can make the server do (issue 11): with one visitor token, open as many sockets as
 * it lets you and send the largest messages as fast as the sockets take them for `seconds`; count what was
 * stored. Before the caps: 50 sockets, 1,500 messages of 3,900 characters (5.8 MB) in 7 s.
 */
export async function hostileVisitor(server: TestServer, seconds = 10) {
  const w = await onlineWorkspace(server);
  const created = await startConversation(server, w.ws, w.playbookId);
  const id = created.body.conversationId as string;
  const token = created.body.visitorToken as string;
  const sockets: RawClient[] = [];
  let socketsRefused = 0;
  for (let i = 0; i < 50; i++) {
    const c = new RawClient(roomUrl(server, 'conversation', id), token);
    const welcome = await c.open();
    if (welcome.type === 'welcome') sockets.push(c);
    else (socketsRefused++, c.close());
  }
  const refused: Record<string, number> = {};
  let acked = 0;
  let storedChars = 0;
  const text = 'x'.repeat(3_900);
  for (const s of sockets) {
    s.onFrame = (f) => {
      if (f.type === 'ack') (acked++, (storedChars += text.length));
      if (f.type === 'error') refused[f.code] = (refused[f.code] ?? 0) + 1;
    };
  }
  const end = Date.now() + seconds * 1_000;
  let sent = 0;
  let n = 0;
  while (Date.now() < end) {
    for (const s of sockets) {
      if (s.ws.readyState !== WS.OPEN || s.ws.bufferedAmount > 1_000_000) continue;
      s.send({ type: 'send', id: `flood-${String(n++).padStart(8, '0')}`, text });
      sent++;
    }
    await sleep(5);
  }
  await sleep(500);
  // What an agent opening that chat receives.
  const agent = new RawClient(roomUrl(server, 'conversation', id), w.adminToken);
  let pages = 0;
  agent.onFrame = (f) => {
    if (f.type === 'welcome' || f.type === 'entries') pages++;
  };
  const welcome = await agent.open();
  await sleep(300);
  for (const s of sockets) s.close();
  agent.close();
  w.admin.close();
  return { sockets: sockets.length, socketsRefused, sent, acked, storedChars, refused, agentFrames: pages, entries: welcome.conversation?.lastSeq ?? 0 };
}

/** Each flooding socket sends a 256,000-character frame this often (30 sockets: ~150 MB/s of frames). */
const FLOOD_EVERY_MS = 50;

/**
 * An admin's ping round trip on the workspace socket, alone and while `flooders` sockets that never say hello
 * send a 255,000-character JSON frame every 50 ms to the same room (reconnecting whenever they are closed). Before the pre-hello
 * cap: median 1.6 ms alone, 2.1 s with 30 such sockets.
 */
export async function preHelloFlood(server: TestServer, flooders = 30, pings = 60) {
  const w = await onlineWorkspace(server);
  const admin = new RawClient(roomUrl(server, 'workspace', w.ws), w.adminToken);
  await admin.open();
  const ping = async () => {
    const t = performance.now();
    admin.send({ type: 'ping' });
    await admin.wait((f) => f.type === 'pong');
    return performance.now() - t;
  };
  const measure = async () => {
    const rtts: number[] = [];
    // 8 pings a second: within a socket's 10 frames/s, so none is refused for rate.
    for (let i = 0; i < pings; i++) (rtts.push(await ping()), await sleep(125));
    return percentiles(rtts);
  };
  const alone = await measure();
  // Valid JSON just under the workspace socket's frame cap, so a server that looks at it must parse it all.
  const big = JSON.stringify({ type: 'ping', pad: 'x'.repeat(255_000) });
  let stop = false;
  let framesSent = 0;
  let closedByServer = 0;
  const flood = async () => {
    while (!stop) {
      const s = new WS(roomUrl(server, 'workspace', w.ws), { perMessageDeflate: false });
      await new Promise<void>((resolve) => {
        s.on('open', () => {
          const pump = () => {
            if (stop || s.readyState !== WS.OPEN) return;
            if (s.bufferedAmount < 1_000_000) (s.send(big), framesSent++);
            setTimeout(pump, FLOOD_EVERY_MS);
          };
          pump();
        });
        s.on('close', () => (closedByServer++, resolve()));
        s.on('error', () => resolve());
      });
      if (!stop) await sleep(5);
    }
  };
  const floods = Array.from({ length: flooders }, () => flood());
  await sleep(500);
  const flooded = await measure();
  stop = true;
  await Promise.race([Promise.all(floods), sleep(3_000)]);
  admin.close();
  w.admin.close();
  return { alone, flooded, framesSent, closedByServer };
}

