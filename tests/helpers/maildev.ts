import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './server';

/** One mail as maildev 3's REST API gives it (GET /api/email). */
export type Mail = {
  id: string;
  subject: string;
  from: { address: string; name: string }[];
  to: { address: string; name: string }[];
  headers: Record<string, string>;
  text: string;
  html?: string;
  time: string;
};

export type Maildev = {
  smtpPort: number;
  webPort: number;
  /** The web inbox. */
  url: string;
  /** Every mail received (newest last), or those to `to`. */
  list(to?: string): Promise<Mail[]>;
  /** Polls the inbox until `pred` holds for the mails to `to` (bounded: a wait on an event, not a fixed sleep). */
  waitFor(to: string, pred: (mails: Mail[]) => boolean, timeoutMs?: number): Promise<Mail[]>;
  stop(): Promise<void>;
  /** Starts it again on the same ports (after `stop`: "the SMTP server is back"). */
  start(): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.end(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

/** A mail's raw header block, unfolded, by lower-case name (maildev's parsed `headers` leave some out, e.g. Reply-To). */
export async function rawHeaders(webUrl: string, id: string): Promise<Record<string, string>> {
  const res = await fetch(`${webUrl}/api/email/${id}/source`);
  if (!res.ok) throw new Error(`maildev source answered ${res.status}`);
  const raw = await res.text();
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const out: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

/** Starts maildev 3 (npm devDependency) on free loopback ports, mail kept in memory. */
/** Reading a maildev's inbox through its REST API: the mail to one address, and waiting until it holds what a test expects. */
function inbox(url: string) {
  const list = async (to?: string): Promise<Mail[]> => {
    const res = await fetch(`${url}/api/email`);
    if (!res.ok) throw new Error(`maildev answered ${res.status}`);
    const all = (await res.json()) as Mail[];
    return to ? all.filter((m) => m.to.some((t) => t.address.toLowerCase() === to.toLowerCase())) : all;
  };
  const waitFor = async (to: string, pred: (mails: Mail[]) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: Mail[] = [];
    while (Date.now() < deadline) {
      last = await list(to);
      if (pred(last)) return last;
      await sleep(100);
    }
    throw new Error(`timed out waiting for mail to ${to}; have: ${JSON.stringify(last.map((m) => m.subject))}`);
  };
  return { list, waitFor };
}

export async function startMaildev(ports: { smtp?: number; web?: number } = {}): Promise<Maildev> {
  const smtpPort = ports.smtp ?? (await freePort());
  const webPort = ports.web ?? (await freePort());
  const url = `http://127.0.0.1:${webPort}`;
  let child: ChildProcess | null = null;
  let log = '';

  const start = async () => {
    log = '';
    child = spawn(process.execPath, ['node_modules/maildev/dist/bin/maildev.js', '--smtp', String(smtpPort), '--web', String(webPort), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--silent'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`maildev exited early:\n${log}`);
      try {
        const res = await fetch(`${url}/api/email`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok && (await portOpen(smtpPort))) return;
      } catch {
        /* not up yet */
      }
      await sleep(100);
    }
    throw new Error(`maildev did not start:\n${log}`);
  };

  const stop = async () => {
    const c = child as ChildProcess | null;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    if (c.exitCode === null) c.kill('SIGKILL');
    while (await portOpen(smtpPort)) await sleep(50);
  };

  const { list, waitFor } = inbox(url);

  await start();
  return { smtpPort, webPort, url, list, waitFor, stop, start };
}

/** The project's shared maildev (tests/helpers/maildev-setup.ts): read-only, it is never stopped by a file. */
export async function sharedMaildev(): Promise<Pick<Maildev, 'smtpPort' | 'webPort' | 'url' | 'list' | 'waitFor'>> {
  const { inject } = await import('vitest');
  const { smtpPort, webPort } = inject('maildev');
  const url = `http://127.0.0.1:${webPort}`;
  return { smtpPort, webPort, url, ...inbox(url) };
}
