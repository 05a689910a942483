// `npm run bench gate`: workerd's output gates in `partykit dev`, measured. A tiny party (tests/bench/gate-party/)
// answers each message with one frame, sent before, while or after a storage write; the client times the frame.
// Storage on tmpfs, on disk, and on disk with every fsync delayed 300 ms by `strace` fault injection; then workerd
// is killed with SIGKILL 1.2 s into a 3 s fsync, and restarted on the same storage: did the client get the frame
// before the kill, and is the write there after? Numbers printed, never asserted; every process started here is
// stopped here. workerd's SQLite storage commits in an evalLater under `outputGate.lockWhile`, and the commit
// (fsync included) runs on the thread of every room: a frame sent once put() is called waits for the gate, one sent
// just before it in the same turn for the commit to leave the thread, and a frame of another room waits too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import WS from 'ws';
import { freePort, groupPids } from '../helpers/server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The orderings compared, as the party names them, with how the table names them. */
const ORDERINGS = [
  ['none', 'no write'],
  ['sendThenPut', 'send, then put'],
  ['putSendAwait', 'put, send, then await'],
  ['awaitThenSend', 'await put, then send'],
] as const;
/** Control for the kill: a frame that leaves before the write starts. */
const LATER_PUT = ['sendThenLaterPut', 'control: send, put 100 ms later'] as const;
const OTHER_ROOM = 'other room, no write, 20 ms into a put';

/** Process groups started here and not yet stopped: killed on Ctrl-C too. */
const liveGroups = new Set<number>();
const liveTracers = new Set<ChildProcess>();
const onInterrupt = () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const t of liveTracers) t.kill('SIGKILL');
  process.exit(130);
};

type Dev = { port: number; pgid: number; workerd: () => number | undefined; stop: () => Promise<void> };

/** `partykit dev` of the gate party on a free port with `persistDir` as storage, in its own process group. */
async function startDev(persistDir: string): Promise<Dev> {
  const port = await freePort();
  const root = process.cwd();
  const bin = join(root, 'node_modules/.bin/partykit');
  const args = ['dev', '--port', String(port), '--persist', persistDir, '--no-hotkeys', '--disable-request-cf-fetch'];
  const child = existsSync(bin)
    ? spawn(bin, args, { cwd: join(root, 'tests/bench/gate-party'), stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: '1' } })
    : spawn('npx', ['partykit', ...args], { cwd: join(root, 'tests/bench/gate-party'), stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: '1' } });
  const pgid = child.pid!;
  liveGroups.add(pgid);
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const stop = async () => {
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pgid, sig);
      } catch {
        /* already gone */
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + 10_000;
    let killed = false;
    while (groupPids(pgid).length > 0 && Date.now() < deadline) {
      if (!killed && Date.now() > deadline - 7_000) {
        signal('SIGKILL');
        killed = true;
      }
      await sleep(50);
    }
    liveGroups.delete(pgid);
  };
  const workerd = () =>
    groupPids(pgid).find((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmd.includes('workerd') && cmd.includes(`entry=0.0.0.0:${port}`);
      } catch {
        return false;
      }
    });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/parties/main/probe?n=0`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200 && workerd()) return { port, pgid, workerd, stop };
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  await stop();
  throw new Error(`partykit dev (gate party) did not start on ${port}:\n${log}`);
}

/** One socket to a room of the gate party; `ask` times a message's frame, `onFrame` sees every frame. */
async function openClient(port: number, room: string) {
  const ws = new WS(`ws://127.0.0.1:${port}/parties/main/${room}`, { perMessageDeflate: false });
  const waiting = new Map<number, () => void>();
  const seen = new Set<number>();
  ws.on('message', (d) => {
    const f = JSON.parse(String(d));
    if (f.type !== 'r') return;
    seen.add(f.n);
    waiting.get(f.n)?.();
  });
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve()); // hello
    ws.once('error', reject);
  });
  return {
    send: (mode: string, n: number) => ws.send(JSON.stringify({ mode, n })),
    seen: (n: number) => seen.has(n),
    ask: (mode: string, n: number) =>
      new Promise<number>((resolve, reject) => {
        const t0 = process.hrtime.bigint();
        const timer = setTimeout(() => reject(new Error(`no frame for ${mode} in 20 s`)), 20_000);
        waiting.set(n, () => {
          clearTimeout(timer);
          waiting.delete(n);
          resolve(Number(process.hrtime.bigint() - t0) / 1e6);
        });
        ws.send(JSON.stringify({ mode, n }));
      }),
    close: () => ws.terminate(),
  };
}

let nextN = 1;

/** Median frame latency per mode, the modes taken in turn `rounds` times (after 3 rounds of warm-up). */
async function medians(port: number, modes: readonly string[], rounds: number): Promise<Map<string, number>> {
  const c = await openClient(port, `lat-${Date.now()}`);
  const lat = new Map<string, number[]>(modes.map((m) => [m, []]));
  try {
    for (let r = -3; r < rounds; r++) {
      for (const mode of modes) {
        const ms = await c.ask(mode, nextN++);
        if (r >= 0) lat.get(mode)!.push(ms);
      }
    }
  } finally {
    c.close();
  }
  return new Map([...lat].map(([m, l]) => [m, l.sort((a, b) => a - b)[l.length >> 1]!]));
}

/** Median latency of a no-write frame in another room, sent 20 ms after a put in a first room. */
async function otherRoomMedian(port: number, rounds: number): Promise<number> {
  const a = await openClient(port, `busy-${Date.now()}`);
  const b = await openClient(port, `idle-${Date.now()}`);
  const lat: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const put = a.ask('putSendAwait', nextN++);
      await sleep(20);
      lat.push(await b.ask('none', nextN++));
      await put;
    }
  } finally {
    a.close();
    b.close();
  }
  return lat.sort((x, y) => x - y)[lat.length >> 1]!;
}

function hasStrace(): boolean {
  const r = spawnSync('strace', ['-V'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** `strace` attached to every thread of `pid`, delaying the end of each fsync/fdatasync by `delayMs`. */
async function slowFsync(pid: number, delayMs: number) {
  const t = spawn('strace', ['-f', '-p', String(pid), '-e', 'trace=fsync,fdatasync', '-e', `inject=fsync,fdatasync:delay_exit=${delayMs * 1000}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  liveTracers.add(t);
  let out = '';
  t.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => t.once('exit', () => r()));
  const deadline = Date.now() + 5_000;
  while (!/attached/.test(out) && t.exitCode === null && Date.now() < deadline) await sleep(20);
  if (!/attached/.test(out)) {
    t.kill('SIGKILL');
    liveTracers.delete(t);
    throw new Error(`strace did not attach to ${pid}: ${out.trim()}`);
  }
  await sleep(300); // the other threads
  return {
    /** fsync/fdatasync calls that have started so far. */
    fsyncs: () => (out.match(/\b(fsync|fdatasync)\(/g) ?? []).length,
    stop: async () => {
      if (t.exitCode === null) t.kill('SIGTERM'); // strace detaches and lets the process run on
      await Promise.race([exited, sleep(3_000)]);
      if (t.exitCode === null) t.kill('SIGKILL');
      liveTracers.delete(t);
    },
  };
}

const fmt = (ms: number | undefined) => (ms === undefined ? '—' : ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`);

export async function outputGate(log: (s: string) => void): Promise<void> {
  process.once('SIGINT', onInterrupt);
  mkdirSync('.tmp', { recursive: true });
  const dirs: { label: string; dir: string }[] = [];
  if (existsSync('/dev/shm')) dirs.push({ label: 'tmpfs', dir: mkdtempSync('/dev/shm/baton-gate-') });
  const diskDir = mkdtempSync(join(process.cwd(), '.tmp', 'gate-disk-'));
  dirs.push({ label: 'disk', dir: diskDir });
  const fsType = (dir: string) => spawnSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' }).stdout?.trim() || '?';
  const strace = hasStrace();
  const rounds = Number(process.env.GATE_ROUNDS ?? 40);
  const slowRounds = Number(process.env.GATE_SLOW_ROUNDS ?? 8);
  const devs: Dev[] = [];
  const t0 = Date.now();
  try {
    log(`Output gates in partykit dev (workerd), the gate party of tests/bench/gate-party/: one message, one frame back.`);
    log(`Storage: ${dirs.map((d) => `${d.label} ${d.dir} (${fsType(d.dir)})`).join(', ')}`);
    const modes = ORDERINGS.map((o) => o[0]);
    const columns: { title: string; medians: Map<string, number> }[] = [];
    let diskDev: Dev | undefined;
    for (const { label, dir } of dirs) {
      const dev = await startDev(dir);
      devs.push(dev);
      columns.push({ title: label, medians: await medians(dev.port, modes, rounds) });
      if (label === 'disk') diskDev = dev;
      else {
        await dev.stop();
        devs.splice(devs.indexOf(dev), 1);
      }
    }
    if (strace) {
      const tracer = await slowFsync(diskDev!.workerd()!, 300);
      try {
        const slow = await medians(diskDev!.port, modes, slowRounds);
        slow.set(OTHER_ROOM, await otherRoomMedian(diskDev!.port, slowRounds));
        columns.push({ title: 'disk, fsync +300 ms', medians: slow });
      } finally {
        await tracer.stop();
      }
    }
    log(`Median client-observed latency of the frame (message sent → frame received; ${rounds} each${strace ? `, ${slowRounds} with fsync delayed` : ''}):`);
    const w = 40;
    log(`  ${'ordering'.padEnd(w)}${columns.map((c) => c.title.padStart(21)).join('')}`);
    for (const [mode, title] of [...ORDERINGS, [OTHER_ROOM, OTHER_ROOM] as const]) log(`  ${title.padEnd(w)}${columns.map((c) => fmt(c.medians.get(mode)).padStart(21)).join('')}`);
    if (strace) {
      log(`  (workerd commits, fsync included, on the one thread that runs every room: the last row is that stall, not the`);
      log(`  output gate; a frame sent before put() in the same turn waits for the same reason: the commit runs before the send)`);
    }
    if (!strace) {
      log('strace is not on the PATH: the delayed-fsync latencies and the kill -9 check are skipped.');
      return;
    }

    // kill -9 during a 3 s fsync, one ordering per kill; the restart that follows serves the next ordering.
    log(`kill -9 of workerd 1.2 s after the message, the fsync delayed 3 s; then partykit dev restarted on the same disk storage:`);
    log(`  ${'ordering'.padEnd(w)}${'fsyncs started'.padStart(16)}${'frame before kill'.padStart(19)}${'write in storage after restart'.padStart(32)}`);
    let dev = diskDev!;
    for (const [mode, title] of [...ORDERINGS, LATER_PUT]) {
      const room = `kill-${mode}`;
      const c = await openClient(dev.port, room);
      const tracer = await slowFsync(dev.workerd()!, 3_000);
      const n = nextN++;
      c.send(mode, n);
      await sleep(1_200);
      const frame = c.seen(n);
      const fsyncs = tracer.fsyncs();
      process.kill(dev.workerd()!, 'SIGKILL');
      await tracer.stop();
      c.close();
      await dev.stop();
      devs.splice(devs.indexOf(dev), 1);
      dev = await startDev(diskDir);
      devs.push(dev);
      const res = await fetch(`http://127.0.0.1:${dev.port}/parties/main/${room}?n=${n}`);
      const { stored } = (await res.json()) as { stored: boolean };
      log(`  ${title.padEnd(w)}${String(fsyncs).padStart(16)}${(frame ? 'yes' : 'no').padStart(19)}${(mode === 'none' ? `${stored ? 'yes' : 'no'} (no write)` : stored ? 'yes' : 'NO').padStart(32)}`);
    }
    log(`  (kill -9 keeps what workerd wrote in the page cache: "in storage" shows what the server kept, not what a power cut would)`);
  } finally {
    for (const dev of devs) await dev.stop();
    for (const { dir } of dirs) rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', onInterrupt);
    log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
}
