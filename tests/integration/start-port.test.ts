import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/server';

// `PORT=<n> npm start` on a checkout that already ran on another port (issue 12): the real script, twice, on one
// storage folder; the demo site's origin must be allowed on the second port too, and the output must say so.
const state = mkdtempSync(join(tmpdir(), 'baton-start-'));
let running: ChildProcess | null = null;

afterAll(async () => {
  if (running) await stop(running);
  rmSync(state, { recursive: true, force: true });
});

type Started = { child: ChildProcess; out: string; err: () => string; server: string; workspace: string; mail: string };

/** `npm start` without the build, until it prints its summary (the demo site's line). */
function start(port: number, demoPort: number, mail: { smtp: number; web: number }): Promise<Started> {
  const child = spawn('node', ['scripts/start.mjs'], {
    env: { ...process.env, SKIP_BUILD: '1', PORT: String(port), DEMO_PORT: String(demoPort), MAIL_SMTP_PORT: String(mail.smtp), MAIL_WEB_PORT: String(mail.web), BATON_STATE_DIR: state, VERBOSE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no summary in 45 s:\n${out}\n${err}`)), 45_000);
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${out}\n${err}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      if (!/^Demo site: /m.test(out)) return;
      clearTimeout(timer);
      const line = (name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(out)![1]!;
      resolve({ child, out, err: () => err, server: line('Server'), workspace: line('Workspace'), mail: line('Mail') });
    });
  });
}

/** Ctrl-C: resolves once the script (which waits for partykit dev) has exited. */
function stop(child: ChildProcess): Promise<void> {
  running = null;
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** What the widget's config says to a page on `origin`: `origin-not-allowed` when the playbook does not allow it. */
async function reasonFor(s: Started, origin: string): Promise<string | undefined> {
  const res = await fetch(`${s.server}/parties/workspace/${s.workspace}/widget/demo`, { headers: { origin } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { reason?: string }).reason;
}

describe('npm start on another port', () => {
  it('moves the demo playbook’s Allowed sites to the new demo port, and says so', async () => {
    const [portA, demoA, portB, demoB] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const mail = { smtp: await freePort(), web: await freePort() };
    const first = await start(portA, demoA, mail);
    // The local mailbox (issue 15): its web inbox answers, and the demo workspace sends through it.
    expect(first.mail).toBe(`http://127.0.0.1:${mail.web}/`);
    expect((await fetch(`${first.mail}api/email`)).status).toBe(200);
    expect(first.err()).toContain(`the demo workspace sends email through the local mailbox (SMTP 127.0.0.1:${mail.smtp})`);
    expect(await reasonFor(first, `http://127.0.0.1:${demoA}`)).not.toBe('origin-not-allowed');
    expect(await reasonFor(first, `http://localhost:${demoA}`)).not.toBe('origin-not-allowed');
    expect(first.err()).not.toContain('Allowed sites are now');
    await stop(first.child);

    const second = await start(portB, demoB, mail);
    expect(second.workspace).toBe(first.workspace);
    expect(await reasonFor(second, `http://127.0.0.1:${demoB}`)).not.toBe('origin-not-allowed');
    expect(await reasonFor(second, `http://localhost:${demoB}`)).not.toBe('origin-not-allowed');
    expect(await reasonFor(second, `http://127.0.0.1:${demoA}`)).toBe('origin-not-allowed');
    expect(second.err()).toContain(`the server moved from http://127.0.0.1:${portA} to http://127.0.0.1:${portB}`);
    expect(second.err()).toContain(`the demo site moved to port ${demoB}: the demo playbook's Allowed sites are now http://127.0.0.1:${demoB}, http://localhost:${demoB}`);
    // The credential never appears in what the script says about it.
    expect(second.err()).not.toMatch(/bat_/);
    await stop(second.child);
  }, 120_000);
});
