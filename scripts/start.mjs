// `npm start`: the whole demo on this machine. Builds the widget and the extension, runs `partykit dev`
// with persistent storage, creates the demo workspace once, serves the demo site, prints what to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { configureDemoEmail, demoOrigins, fetchIdentitySecret, syncDemoPlaybook } from './demo-origins.mjs';
import { createServer } from 'node:net';

const PORT = Number(process.env.PORT ?? 1999);
const DEMO_PORT = Number(process.env.DEMO_PORT ?? PORT + 1);
// The local mailbox (maildev): SMTP and its web inbox, on these ports or the next free ones.
const MAIL_SMTP_PORT = Number(process.env.MAIL_SMTP_PORT ?? 1025);
const MAIL_WEB_PORT = Number(process.env.MAIL_WEB_PORT ?? 1080);
const HOST = '127.0.0.1';
const SERVER = `http://${HOST}:${PORT}`;
// BATON_STATE_DIR: another folder for the storage and the dev secrets (the tests run `npm start` in a temporary one).
const STATE = resolve(process.env.BATON_STATE_DIR ?? '.partykit');
const CONFIG = resolve(STATE, 'baton-dev.json');
const log = (...a) => console.error('[baton]', ...a);

// Dev-only secrets, made once per clone and kept beside the local storage (gitignored). Production sets
// BATON_SECRET and BATON_SETUP_KEY with `partykit env add` (README "Deploy").
mkdirSync(STATE, { recursive: true });
const config = existsSync(CONFIG) ? JSON.parse(readFileSync(CONFIG, 'utf8')) : {};
config.secret ??= randomBytes(32).toString('base64url');
config.setupKey ??= randomBytes(16).toString('base64url');
config.workspace ??= `demo-${randomBytes(4).toString('hex')}`;
writeFileSync(CONFIG, JSON.stringify(config, null, 2), { mode: 0o600 });

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}
if (!process.env.SKIP_BUILD) {
  log('building the widget and the extension…');
  run('node', ['scripts/build-widget.mjs']);
  run('npx', ['wxt', 'build']);
}

const children = [];
let stopping = false;

/** `port` if nothing listens on it, else the next free one (a few tries). */
async function freeFrom(port, avoid = []) {
  for (let p = port; p < port + 50; p++) {
    if (avoid.includes(p)) continue;
    const free = await new Promise((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(p, HOST, () => srv.close(() => resolve(true)));
    });
    if (free) return p;
  }
  throw new Error(`no free port from ${port}`);
}

// maildev: the demo's real mailbox. Every email the server sends lands in its web inbox.
let mail = null;
if (existsSync('node_modules/maildev/dist/bin/maildev.js')) {
  const smtp = await freeFrom(MAIL_SMTP_PORT, [PORT, DEMO_PORT]);
  const web = await freeFrom(MAIL_WEB_PORT, [PORT, DEMO_PORT, smtp]);
  const md = spawn(process.execPath, ['node_modules/maildev/dist/bin/maildev.js', '--smtp', String(smtp), '--web', String(web), '--ip', HOST, '--web-ip', HOST, '--silent'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  children.push(md);
  md.stderr.on('data', (d) => process.env.VERBOSE && process.stderr.write(d));
  md.on('exit', (code) => !stopping && log(`maildev exited (${code}): no local mailbox`));
  mail = { smtp, web };
} else log('maildev is not installed (npm install): no local mailbox');
const party = spawn(
  'npx',
  ['partykit', 'dev', '--port', String(PORT), '--persist', resolve(STATE, 'state'), '--no-hotkeys', '--disable-request-cf-fetch',
    '--var', `BATON_SECRET=${config.secret}`, '--var', `BATON_SETUP_KEY=${config.setupKey}`,
    // Where rooms call each other when the platform gives no stub (alarms): configuration, never a request header.
    '--var', `BATON_PUBLIC_URL=http://127.0.0.1:${PORT}`],
  { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
);
children.push(party);
party.stdout.on('data', (d) => process.env.VERBOSE && process.stderr.write(d));
party.stderr.on('data', (d) => process.stderr.write(d));
party.on('exit', (code) => {
  if (stopping) process.exit(0);
  log(`partykit dev exited (${code})`);
  process.exit(code ?? 1);
});

async function waitUp() {
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`${SERVER}/`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`partykit dev did not answer on ${SERVER}`);
}
await waitUp();

const origins = demoOrigins(DEMO_PORT);
if (!config.credential) {
  const res = await fetch(`${SERVER}/parties/workspace/${config.workspace}/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-baton-setup-key': config.setupKey },
    body: JSON.stringify({ name: 'Demo Admin', email: 'admin@example.com', demoPlaybook: true, allowedOrigins: origins }),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`could not create the demo workspace: ${JSON.stringify(body)}`);
  config.credential = body.credential;
  config.playbookId = body.playbookId;
} else if (config.playbookId) {
  // Started before, maybe on another port: the demo playbook's Allowed sites follow the demo site.
  try {
    const r = await syncDemoPlaybook({ server: SERVER, workspace: config.workspace, credential: config.credential, playbookId: config.playbookId, current: origins, previous: config.demoOrigins });
    if (r.missing) log(`the demo playbook is gone (deleted in the options page?): the demo site's chat will not show. Remove ${STATE} to start afresh.`);
    else if (r.changed) log(`the demo site moved to port ${DEMO_PORT}: the demo playbook's Allowed sites are now ${r.after.join(', ')} (were ${r.before.join(', ') || 'none'})`);
  } catch (e) {
    log(`could not make the demo playbook allow ${origins.join(' and ')} (${e.message}): add them in the options page, Playbooks › Allowed sites, or the demo chat stays offline`);
  }
}
if (mail) {
  try {
    const r = await configureDemoEmail({ server: SERVER, workspace: config.workspace, credential: config.credential, smtpPort: mail.smtp });
    if (r.changed) log(`the demo workspace sends email through the local mailbox (SMTP 127.0.0.1:${mail.smtp})`);
  } catch (e) {
    log(`could not point the demo workspace's email at the local mailbox (${e.message}): set it in the options page, Email`);
  }
}
config.demoOrigins = origins;
// The extension keeps the Server it was connected with: an earlier start's port would no longer answer.
if (config.server && config.server !== SERVER) log(`the server moved from ${config.server} to ${SERVER}: connect the extension again in its options page, with the Server below`);
config.server = SERVER;
writeFileSync(CONFIG, JSON.stringify(config, null, 2), { mode: 0o600 });

let demoUrl = null;
if (existsSync('scripts/demo-site.mjs')) {
  const { serveDemoSite } = await import('./demo-site.mjs');
  // account.html's user is signed like a site's server would: with the workspace's identity secret, read as the admin.
  let secret = null;
  const identitySecret = async () => (secret ??= fetchIdentitySecret({ server: SERVER, workspace: config.workspace, credential: config.credential }).catch(() => (secret = null)));
  const site = await serveDemoSite({ port: DEMO_PORT, serverUrl: SERVER, workspace: config.workspace, playbook: config.playbookId, identitySecret });
  demoUrl = site.url;
}

console.log(`Server: ${SERVER}`);
console.log(`Workspace: ${config.workspace}`);
console.log(`Admin credential: ${config.credential}`);
if (mail) console.log(`Mail: http://${HOST}:${mail.web}/`);
if (demoUrl) console.log(`Demo site: ${demoUrl}/`);
console.log(`Extension: ${resolve('.output/chrome-mv3')}`);
log('load the extension unpacked (chrome://extensions → Developer mode → Load unpacked), open its options page,');
log('connect with the Server, Workspace and Admin credential above, go Online in the side panel, then open the demo site.');

// Exits once partykit dev has (its storage is free for the next start), or after 5 s whatever happens.
const stop = () => {
  stopping = true;
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
