// `npm run bench` (and `npm run soak`): numbers printed, never asserted. Everything runs against a real
// `partykit dev` on loopback started here, and stops by itself.
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { cpus, totalmem } from 'node:os';
import { startServer } from '../helpers/server';
import { latency, printLatency } from './latency';
import { races } from './races';
import { routingLatency } from './routing';
import { scale } from './scale';
import { soak } from './soak';
import { widgetCost } from './widget-cost';
import { hostileVisitor, preHelloFlood } from './hostile';
import { sidepanelRender } from './sidepanel-render.mjs';
import { insightsRender } from './insights-render.mjs';
import { insightsBench } from './insights';

const mode = process.argv[2] ?? 'bench';
const only = process.env.BENCH_ONLY?.split(',');
const want = (name: string) => !only || only.includes(name);
const log = (s: string) => console.log(s);

function sizes() {
  log('Widget sizes (built by scripts/build-widget.mjs):');
  for (const file of ['public/widget.js', 'public/widget-chat.js', 'public/widget-extra.js', 'public/widget-chat.css']) {
    if (!existsSync(file)) continue;
    const buf = readFileSync(file);
    log(`  ${file.padEnd(24)} raw ${String(buf.length).padStart(7)} B  gzip ${String(gzipSync(buf, { level: 9 }).length).padStart(6)} B  brotli ${String(brotliCompressSync(buf).length).padStart(6)} B`);
  }
}

async function main() {
  log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  if (mode === 'gate') return (await import('./output-gate')).outputGate(log); // its own partykit dev, no Baton server
  // Storage on tmpfs by default: on this VM's disk every storage write of `partykit dev` waits for an fsync,
  // which caps a dev server near 100 messages/s (README, "Numbers"). BENCH_PERSIST=<dir> measures another disk.
  const persistDir = process.env.BENCH_PERSIST ?? (existsSync('/dev/shm') ? mkdtempSync('/dev/shm/baton-bench-') : undefined);
  log(`Server storage: ${persistDir ?? 'default temporary folder'}`);
  const server = await startServer({ ...(persistDir ? { persistDir } : {}), vars: { BATON_CONVERSATIONS_PER_MINUTE: '100000' } });
  try {
    if (mode === 'soak') {
      const cycles = Number(process.env.SOAK_CYCLES ?? 1000);
      log(`Soak: ${cycles} fault cycles over 20 chats, a server restart every 100 cycles`);
      const t0 = Date.now();
      const r = await soak(server, { chats: 20, cycles, restartEvery: 100, log });
      log(`  faults: ${Object.entries(r.faults).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      log(`  sent ${r.sent}, stored exactly once ${r.stored}, lost ${r.lost}, stored twice ${r.storedTwice}, shown twice ${r.shownTwice}, shown missing ${r.shownMissing}, out of order ${r.outOfOrder}`);
      log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      return;
    }
    if (want('sizes')) sizes();
    if (want('widget')) {
      const c = await widgetCost(server);
      log(`Widget main-thread cost on the demo page (Chromium script time, real widget.js minus an empty one, ${c.loader.n} runs):`);
      log(`  loader, at the load event     p50 ${c.loader.p50.toFixed(1)} ms  p95 ${c.loader.p95.toFixed(1)} ms`);
      log(`  + chat bundle loaded on idle   p50 ${c.withChatBundle.p50.toFixed(1)} ms  p95 ${c.withChatBundle.p95.toFixed(1)} ms`);
    }
    if (want('sidepanel')) await sidepanelRender({ log });
    if (want('insights')) {
      const n = Number(process.env.BENCH_INSIGHTS_CHATS ?? 100_000);
      const r = await insightsBench(n, 90);
      log(`Insights (in memory, party/workspace/insights.ts): ${r.conversations.toLocaleString('en')} conversations over ${r.days} days, ${r.events.toLocaleString('en')} reports folded:`);
      log(`  fold            ${r.foldUs.toFixed(1)} µs/event wall, ${r.foldCpuUs.toFixed(1)} µs CPU   storage writes ${r.writesPerEvent.toFixed(2)}/event (${r.changingEvents.toLocaleString('en')} batched puts; a report with the same figures writes nothing), ${r.keysPerWrite.toFixed(1)} keys per put`);
      log(`  insights-get    90 days: cold (after a restart) ${r.getColdMs.toFixed(1)} ms, warm ${r.getWarmMs.toFixed(1)} ms; frame ${(r.frameBytes / 1000).toFixed(0)} KB`);
    }
    // The options page's side: the section drawing those figures in Chromium.
    if (want('insights') || want('insights-render')) await insightsRender({ log });
    if (want('latency')) {
      const n = Number(process.env.BENCH_CHATS ?? 200);
      printLatency(n, await latency(server, n));
    }
    if (want('routing')) {
      const n = Number(process.env.BENCH_ROUTED ?? 50);
      log(`Routing: a chat's creation (the widget's POST leaving) to an agent's notify frame, 5 agents Online, Max chats 50, ${n} chats:`);
      for (const [what, p] of Object.entries(await routingLatency(server, n))) log(`  ${what.padEnd(28)} p50 ${p.p50.toFixed(2)} ms  p95 ${p.p95.toFixed(2)} ms  max ${p.max.toFixed(2)} ms`);
    }
    if (want('races')) {
      const r = await races(server, 200);
      log(`Races: ${r.rounds} rounds of two agents claiming one chat at once: exactly one winner in ${r.exactlyOne}, loser told the winner in ${r.loserToldWinner}`);
    }
    if (want('hostile')) {
      const v = await hostileVisitor(server);
      log('Hostile visitor: one visitor token, 50 sockets tried, 3,900-character messages as fast as they go for 10 s:');
      log(`  sockets accepted ${v.sockets} (refused ${v.socketsRefused}); sent ${v.sent}, stored ${v.acked} (${(v.storedChars / 1000).toFixed(0)} KB); refused ${Object.entries(v.refused).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
      log(`  the chat then holds ${v.entries} entries; an agent opening it gets ${v.agentFrames} frame(s)`);
      const f = await preHelloFlood(server);
      log('Pre-hello flood: an admin\'s ping while 30 sockets that never say hello send a 255,000-character JSON frame every 50 ms (reconnecting when closed):');
      log(`  alone     p50 ${f.alone.p50.toFixed(2)} ms  p99 ${f.alone.p99.toFixed(2)} ms`);
      log(`  flooded   p50 ${f.flooded.p50.toFixed(2)} ms  p99 ${f.flooded.p99.toFixed(2)} ms  (${f.framesSent} flood frames sent, ${f.closedByServer} flood sockets closed by the server)`);
    }
    if (want('scale')) {
      log('Scale: live conversations on one partykit dev (one visitor + one agent socket each), 3 rounds of messages per step');
      await scale(server, (process.env.SCALE_STEPS ?? '100,250,500,750,1000').split(',').map(Number), log);
    }
  } finally {
    await server.stop();
    if (persistDir && !process.env.BENCH_PERSIST) rmSync(persistDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
