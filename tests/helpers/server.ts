import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export const TEST_SECRET = 'test-secret-' + 'x'.repeat(32);
export const TEST_SETUP_KEY = 'test-setup-key-0123456789';

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

/** Live processes of one process group (partykit CLI, esbuild, workerd…). */
export function groupPids(pgid: number | undefined): number[] {
  if (!pgid) return [];
  const pids: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is the state (Z = zombie, already dead), fields[2] the process group.
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(pid));
    } catch {
      /* process ended */
    }
  }
  return pids;
}

function groupRss(pgid: number | undefined): number {
  let total = 0;
  for (const pid of groupPids(pgid)) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      /* process ended */
    }
  }
  return total;
}

/** True when nothing listens on the port any more (workerd binds 0.0.0.0, so try exactly that). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

export type ServerOptions = {
  vars?: Record<string, string>;
  persistDir?: string;
  port?: number;
  /** Called with everything the server prints, as it prints it. */
  onOutput?: (chunk: string) => void;
  /** Another partykit.json (scripts/storage-fixtures.ts runs an older version's rooms through one). */
  config?: string;
};

/** Starts a real `partykit dev` on a free loopback port with its own storage folder. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const port = options.port ?? (await freePort());
  const persistDir = options.persistDir ?? mkdtempSync(join(tmpdir(), 'baton-pk-'));
  const vars = { BATON_SECRET: TEST_SECRET, BATON_SETUP_KEY: TEST_SETUP_KEY, BATON_PUBLIC_URL: `http://127.0.0.1:${port}`, ...options.vars };
  let child: ChildProcess | null = null;
  let log = '';

  const launchOnce = async (): Promise<'up' | 'port-busy'> => {
    const args = ['partykit', 'dev', '--port', String(port), '--persist', persistDir, '--no-hotkeys', '--disable-request-cf-fetch', ...(options.config ? ['--config', options.config] : [])];
    for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}=${v}`);
    const logStart = log.length;
    child = spawn('npx', args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: '1' } });
    const take = (d: Buffer) => {
      log += d;
      options.onOutput?.(String(d));
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      // partykit dev does not exit when the port is taken: it prints this and waits.
      if (log.slice(logStart).includes('Address already in use')) return 'port-busy';
      try {
        // Bounded: whatever still holds the port may accept and never answer.
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
        if (res.status < 500) return 'up';
      } catch {
        /* not up yet */
      }
      if (child.exitCode !== null) throw new Error(`partykit dev exited early:\n${log}`);
      await sleep(100);
    }
    throw new Error(`partykit dev did not start on ${port}:\n${log}`);
  };

  /** Starts the server; if the port is still held (a previous workerd not yet gone), stops and tries again. */
  const launch = async () => {
    for (let attempt = 1; ; attempt++) {
      if ((await launchOnce()) === 'up') return;
      await kill();
      if (attempt >= 5) throw new Error(`partykit dev: port ${port} stayed in use:\n${log}`);
      await sleep(500 * attempt);
    }
  };

  /** Stops the whole process group and waits until every process in it is gone and the port is free. */
  const kill = async () => {
    const c = child as ChildProcess | null;
    if (!c?.pid) return;
    const pgid = c.pid;
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
        signal('SIGKILL'); // still alive 3 s after SIGTERM
        killed = true;
      }
      await sleep(50);
    }
    for (let i = 0; i < 100 && !(await portIsFree(port)); i++) await sleep(100);
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

/**
 * The project's shared `partykit dev` (tests/helpers/shared-server-setup.ts), for files that need the default
 * settings and neither restart it nor read its logs: `stop` leaves it running for the others.
 */
export async function sharedServer(): Promise<TestServer> {
  const { inject } = await import('vitest');
  const s = inject('sharedServer');
  return {
    ...s,
    logs: () => {
      throw new Error('the shared server has no logs of its own: start one with startServer()');
    },
    memory: () => 0,
    restart: () => Promise.reject(new Error('the shared server is not restarted: start one with startServer()')),
    stop: async () => {},
  };
}
