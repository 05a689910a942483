import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export const TEST_SECRET = 'test-secret-' + 'x'.repeat(32);
export const TEST_SETUP_KEY = 'test-setup-key';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function groupRss(pgid: number | undefined): number {
  if (!pgid) return 0;
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // field 5 of stat: process group
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      /* process ended */
    }
  }
  return total;
}

export type TestServer = {
  url: string;
  wsUrl: string;
  host: string;
  port: number;
  persistDir: string;
  /** Everything the server printed (stdout + stderr), for "no secret in logs" checks. */
  logs: () => string;
  /** Resident memory of the server's whole process group (partykit CLI + workerd), in bytes. */
  memory: () => number;
  restart: () => Promise<void>;
  stop: () => Promise<void>;
};

export type ServerOptions = { vars?: Record<string, string>; persistDir?: string; port?: number };

/** Starts a real `partykit dev` on a free loopback port with its own storage folder. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const port = options.port ?? (await freePort());
  const persistDir = options.persistDir ?? mkdtempSync(join(tmpdir(), 'baton-pk-'));
  const vars = { BATON_SECRET: TEST_SECRET, BATON_SETUP_KEY: TEST_SETUP_KEY, ...options.vars };
  let child: ChildProcess | null = null;
  let log = '';

  const launch = async () => {
    const args = ['partykit', 'dev', '--port', String(port), '--persist', persistDir, '--no-hotkeys', '--disable-request-cf-fetch'];
    for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}=${v}`);
    child = spawn('npx', args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: '1' } });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.status < 500) return;
      } catch {
        /* not up yet */
      }
      if (child.exitCode !== null) throw new Error(`partykit dev exited early:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`partykit dev did not start on ${port}:\n${log}`);
  };

  const kill = async () => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    try {
      process.kill(-c.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-c.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 3_000);
    await exited;
    clearTimeout(timer);
    // Wait until the port is really free again.
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/`);
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        break;
      }
    }
  };

  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    persistDir,
    logs: () => log,
    memory: () => groupRss(child?.pid),
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      if (!options.persistDir) rmSync(persistDir, { recursive: true, force: true });
    },
  };
}
