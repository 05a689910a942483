// The demo playbook's Allowed sites follow `npm start`'s port: the demo site is served on DEMO_PORT, and a
// widget on an origin the playbook does not allow shows nothing (the chat is offline-only, with no word).
// A checkout that ran on another port before is brought up to date on the next start, through the
// workspace socket, as an admin does it in the options page. Plain JS, so `node scripts/start.mjs` runs it.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

/** The origins the demo site is reached on, on this port. */
export function demoOrigins(demoPort) {
  return [`http://127.0.0.1:${demoPort}`, `http://localhost:${demoPort}`];
}

/** A loopback origin with a port: what an earlier `npm start` put there (for checkouts that did not record it). */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost):\d+$/;

/**
 * The playbook's Allowed sites after a start on this port: the demo origins set before (`previous`; unknown:
 * every loopback origin) give way to this port's, any other site stays. Null when nothing changes.
 * @param {readonly string[]} allowed
 * @param {readonly string[] | undefined} previous
 * @param {readonly string[]} current
 * @returns {string[] | null}
 */
export function followPort(allowed, previous, current) {
  const old = (o) => (previous ? previous.includes(o) : LOOPBACK.test(o));
  const next = allowed.filter((o) => current.includes(o) || !old(o));
  for (const o of current) if (!next.includes(o)) next.push(o);
  return next.length === allowed.length && next.every((o, i) => o === allowed[i]) ? null : next;
}

const PROTOCOL_VERSION = Number(/PROTOCOL_VERSION\s*=\s*(\d+)/.exec(readFileSync(new URL('../protocol/version.ts', import.meta.url), 'utf8'))?.[1] ?? 1);

/**
 * An admin's workspace socket: a session for the credential, `hello`, the welcome. `next(pred, what)` waits for
 * a frame; `close()` ends it.
 * @param {{ server: string, workspace: string, credential: string, timeoutMs: number }} o
 */
async function adminSocket({ server, workspace, credential, timeoutMs }) {
  const base = `${server}/parties/workspace/${encodeURIComponent(workspace)}`;
  const res = await fetch(`${base}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credential }) });
  if (!res.ok) throw new Error(`the admin credential was refused (${res.status})`);
  const { token } = await res.json();
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}`);
  const frames = [];
  const waiters = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    const i = waiters.findIndex((w) => w.pred(frame));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(frame);
    else frames.push(frame);
  });
  const next = (pred, what) => {
    const seen = frames.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} from the workspace within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ pred, resolve: (f) => (clearTimeout(timer), resolve(f)) });
      ws.once('close', () => reject(new Error(`the workspace closed the socket before its ${what}`)));
    });
  };
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, token, lastSeq: 0 }));
    const welcome = await next((f) => f.type === 'welcome' || f.type === 'error', 'welcome');
    if (welcome.type !== 'welcome') throw new Error(`the workspace refused the admin: ${welcome.message ?? welcome.code}`);
    return { welcome, next, send: (frame) => ws.send(JSON.stringify(frame)), close: () => ws.close() };
  } catch (e) {
    ws.close();
    throw e;
  }
}

/**
 * The workspace's identity secret, as an admin reads it (`identity-get`): what the demo site's server signs
 * account.html's user with.
 * @param {{ server: string, workspace: string, credential: string, timeoutMs?: number }} o
 */
export async function fetchIdentitySecret({ server, workspace, credential, timeoutMs = 10_000 }) {
  const admin = await adminSocket({ server, workspace, credential, timeoutMs });
  try {
    admin.send({ type: 'identity-get', ref: 'demo-identity' });
    return (await admin.next((f) => f.type === 'identity' || (f.type === 'error' && f.ref === 'demo-identity'), 'identity')).identity?.secret;
  } finally {
    admin.close();
  }
}

/**
 * Saves the demo playbook's Allowed sites for this port when they differ: a session for the admin credential,
 * the workspace socket's welcome (which lists the playbooks), then `playbook-save`. Answers what it did:
 * `{ changed: false }`, `{ changed: true, before, after }`, or `{ missing: true }` when the playbook is gone.
 * @param {{ server: string, workspace: string, credential: string, playbookId: string, current: string[], previous?: string[], timeoutMs?: number }} o
 */
export async function syncDemoPlaybook({ server, workspace, credential, playbookId, current, previous, timeoutMs = 10_000 }) {
  const admin = await adminSocket({ server, workspace, credential, timeoutMs });
  const { welcome, next } = admin;
  try {
    const stored = welcome.playbooks.find((p) => p.id === playbookId);
    if (!stored) return { missing: true };
    const { installedAt: _i, updatedAt: _u, ...playbook } = stored;
    const after = followPort(playbook.allowedOrigins, previous, current);
    if (!after) return { changed: false };
    admin.send({ type: 'playbook-save', ref: 'demo-origins', playbook: { ...playbook, allowedOrigins: after } });
    const saved = await next((f) => f.ref === 'demo-origins', 'answer to playbook-save');
    if (saved.type !== 'ok') throw new Error(`the playbook was not saved: ${saved.message ?? saved.code}`);
    return { changed: true, before: playbook.allowedOrigins, after };
  } finally {
    admin.close();
  }
}

/**
 * Points the demo workspace's email at the local maildev (`npm start` runs it): SMTP on 127.0.0.1:`smtpPort`,
 * no TLS, no login. A workspace an admin set up with a real provider (another host) is left alone. Answers
 * `{ changed }`.
 * @param {{ server: string, workspace: string, credential: string, smtpPort: number, timeoutMs?: number }} o
 */
export async function configureDemoEmail({ server, workspace, credential, smtpPort, timeoutMs = 10_000 }) {
  const admin = await adminSocket({ server, workspace, credential, timeoutMs });
  try {
    admin.send({ type: 'email-settings-get', ref: 'demo-email-get' });
    const got = await admin.next((f) => f.type === 'email-settings' || (f.type === 'error' && f.ref === 'demo-email-get'), 'email settings');
    if (got.type !== 'email-settings') throw new Error(`the email settings were refused: ${got.message ?? got.code}`);
    const s = got.settings;
    if (s.host && s.host !== '127.0.0.1') return { changed: false };
    if (s.host === '127.0.0.1' && s.port === smtpPort) return { changed: false };
    const { passwordSet: _p, inboundUrl: _u, ...kept } = s;
    const settings = { ...kept, host: '127.0.0.1', port: smtpPort, tls: 'none', user: '', password: '', fromAddress: s.fromAddress || 'chat@demo.baton.test', fromName: s.fromName || 'Baton demo', replyDomain: s.replyDomain || 'reply.demo.baton.test', delayMinutes: s.host ? s.delayMinutes : 1 };
    admin.send({ type: 'email-settings-save', ref: 'demo-email', settings });
    const saved = await admin.next((f) => f.ref === 'demo-email', 'answer to email-settings-save');
    if (saved.type !== 'ok') throw new Error(`the email settings were not saved: ${saved.message ?? saved.code}`);
    return { changed: true };
  } finally {
    admin.close();
  }
}
