import type { TestServer } from '../helpers/server';
import { claimedChats, roomUrl, RawClient } from './lib';
import { SoakClient, type Stored } from './soak-client';

const FAULTS = ['kill-mid-send', 'ack-dropped', 'reload-with-unsent', 'two-tabs', 'simultaneous'] as const;
export type SoakResult = {
  cycles: number;
  faults: Record<string, number>;
  sent: number;
  stored: number;
  lost: number;
  storedTwice: number;
  shownTwice: number;
  shownMissing: number;
  outOfOrder: number;
};

/** Fault-injection soak: `cycles` cycles spread over `chats` conversations, a server restart every `restartEvery`. */
export async function soak(server: TestServer, opts: { chats: number; cycles: number; restartEvery: number; log?: (s: string) => void }): Promise<SoakResult> {
  const ws = await claimedChats(server, opts.chats);
  ws.admin.close();
  let n = 0;
  const mkId = () => `s${Date.now().toString(36)}${(n++).toString(36).padStart(6, '0')}`;
  const faults: Record<string, number> = { 'server-restart': 0 };
  const sent: Set<string>[] = [];
  const rooms = ws.chats.map((c, i) => {
    c.visitor.close();
    c.agent.close();
    const vStore = { value: null as Stored | null };
    const visitorUrl = roomUrl(server, 'conversation', c.id);
    sent[i] = new Set();
    return {
      id: c.id,
      visitorToken: c.visitorToken,
      vStore,
      visitors: [new SoakClient(visitorUrl, c.visitorToken, 'visitor', vStore, mkId)],
      agent: new SoakClient(visitorUrl, ws.adminToken, 'agent', { value: null }, mkId),
    };
  });
  await Promise.all(rooms.flatMap((r) => [r.agent.connect(), ...r.visitors.map((v) => v.connect())]));

  for (let cycle = 0; cycle < opts.cycles; cycle++) {
    if (opts.restartEvery > 0 && cycle > 0 && cycle % opts.restartEvery === 0) {
      faults['server-restart']!++;
      // Messages in flight while the server goes down.
      for (const [i, r] of rooms.entries()) sent[i]!.add(r.visitors[0]!.send(`before restart ${cycle}`));
      await server.restart();
    }
    const i = cycle % rooms.length;
    const r = rooms[i]!;
    const fault = FAULTS[Math.floor(Math.random() * FAULTS.length)]!;
    faults[fault] = (faults[fault] ?? 0) + 1;
    const v = r.visitors[r.visitors.length - 1]!;
    switch (fault) {
      case 'kill-mid-send':
        sent[i]!.add(v.send(`killed ${cycle}`));
        v.kill();
        await v.connect();
        break;
      case 'ack-dropped':
        r.agent.dropAcks = true;
        sent[i]!.add(r.agent.send(`ack dropped ${cycle}`));
        await new Promise((res) => setTimeout(res, 20));
        r.agent.kill();
        r.agent.dropAcks = false;
        await r.agent.connect();
        break;
      case 'reload-with-unsent': {
        v.kill();
        sent[i]!.add(v.send(`unsent a ${cycle}`));
        sent[i]!.add(v.send(`unsent b ${cycle}`));
        // The page reloads: a new client from what localStorage held.
        const reloaded = new SoakClient(v.url, v.token, 'visitor', r.vStore, mkId);
        r.visitors[r.visitors.length - 1] = reloaded;
        await reloaded.connect();
        break;
      }
      case 'two-tabs': {
        if (r.visitors.length < 2) {
          const tab = new SoakClient(v.url, v.token, 'visitor', r.vStore, mkId);
          r.visitors.push(tab);
          await tab.connect();
        }
        for (const tab of r.visitors) sent[i]!.add(tab.send(`tab ${cycle}`));
        break;
      }
      case 'simultaneous':
        sent[i]!.add(v.send(`same instant v ${cycle}`));
        sent[i]!.add(r.agent.send(`same instant a ${cycle}`));
        break;
    }
    if (cycle % 100 === 99) opts.log?.(`  ${cycle + 1} cycles…`);
  }

  // Settle: everyone reconnects, every outbox drains, everyone catches up.
  const result: SoakResult = { cycles: opts.cycles, faults, sent: 0, stored: 0, lost: 0, storedTwice: 0, shownTwice: 0, shownMissing: 0, outOfOrder: 0 };
  for (const [i, r] of rooms.entries()) {
    const roomLog = async () => {
      const probe = new RawClient(roomUrl(server, 'conversation', r.id), ws.adminToken);
      const w = await probe.open(0);
      probe.close();
      return w.entries as any[];
    };
    const lastSeq = async () => {
      const log = await roomLog();
      return log[log.length - 1]?.seq ?? 0;
    };
    for (const c of [r.agent, ...r.visitors]) await c.settle(lastSeq);
    const log = (await roomLog()).filter((e) => e.kind === 'message');
    const ids = log.map((e) => e.id);
    result.sent += sent[i]!.size;
    for (const id of sent[i]!) {
      const count = ids.filter((x) => x === id).length;
      if (count === 0) result.lost++;
      if (count === 1) result.stored++;
      if (count > 1) result.storedTwice++;
    }
    const seqs = log.map((e) => e.seq);
    if (seqs.some((s, k) => k > 0 && s <= seqs[k - 1]!)) result.outOfOrder++;
    for (const c of [r.agent, ...r.visitors]) {
      result.shownTwice += c.doubled.length;
      const shownIds = [...c.shown.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e.id);
      if (shownIds.join() !== ids.join()) result.shownMissing += Math.max(1, Math.abs(ids.length - shownIds.length));
      c.kill();
    }
  }
  return result;
}
