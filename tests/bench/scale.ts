import type { TestServer } from '../helpers/server';
import { claimedChats } from './lib';
import { measureRoom } from './latency';

/** Ramps live conversations in steps; at each step measures delivery p99 and the server's memory. */
export async function scale(server: TestServer, steps: number[], log: (line: string) => void) {
  const all: Awaited<ReturnType<typeof claimedChats>>[] = [];
  let live = 0;
  const rows: { chats: number; sockets: number; p50: number; p99: number; delivered: number; expected: number; rssMb: number; error?: string }[] = [];
  for (const target of steps) {
    try {
      const more = await claimedChats(server, target - live);
      all.push(more);
      live = target;
      const chats = all.flatMap((w) => w.chats);
      const r = await measureRoom(chats, 3, 2_000);
      const delivered = r.v2a.n + r.a2v.n;
      const row = { chats: live, sockets: live * 2 + all.length, p50: Math.max(r.v2a.p50, r.a2v.p50), p99: Math.max(r.v2a.p99, r.a2v.p99), delivered, expected: r.expected, rssMb: server.memory() / 2 ** 20 };
      rows.push(row);
      log(`  ${String(row.chats).padStart(5)} chats  ${String(row.sockets).padStart(5)} sockets  p50 ${row.p50.toFixed(1).padStart(7)} ms  p99 ${row.p99.toFixed(1).padStart(8)} ms  delivered ${delivered}/${r.expected}  server RSS ${row.rssMb.toFixed(0)} MB`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      rows.push({ chats: target, sockets: 0, p50: NaN, p99: NaN, delivered: 0, expected: 0, rssMb: server.memory() / 2 ** 20, error });
      log(`  ${String(target).padStart(5)} chats  BROKE: ${error}`);
      // BENCH_LOGS=1: what the server said last (the cause of a break is usually there).
      if (process.env.BENCH_LOGS) log(server.logs().split('\n').filter((l) => /fail|error|exceed|limit/i.test(l)).slice(-15).join('\n'));
      break;
    }
  }
  for (const w of all) {
    for (const c of w.chats) (c.visitor.close(), c.agent.close());
    w.admin.close();
  }
  return rows;
}
