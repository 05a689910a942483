// `npm run serve`: Baton on one machine without PartyKit's platform — the same rooms, bundled the way
// `partykit deploy` bundles them, run by `workerd` (Cloudflare's open-source Workers runtime, installed with
// partykit) in production mode: no dev server, no file watcher, no inspector. Durable Object storage lives on
// local disk (BATON_DATA_DIR, default ./baton-data); the widget is served from public/. Put a reverse proxy
// with HTTPS in front (README "Self-hosting"). Secrets come from the environment, never from a file.
//
//   BATON_SECRET=… BATON_SETUP_KEY=… BATON_PUBLIC_URL=https://chat.example.com npm run serve
//
// Options: --port 8787 (PORT), --host 127.0.0.1 (HOST), --data-dir ./baton-data, --skip-build.
// BATON_WORKSPACES=acme,beta: workspaces to wake at start (see wake() below: alarms after a restart).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { checkSecrets } from './secrets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The vars the rooms read, passed to workerd from its environment (`fromEnvironment`), never written to disk. */
export const SERVE_VARS = ['BATON_SECRET', 'BATON_SETUP_KEY', 'BATON_PUBLIC_URL', 'BATON_CLIENT_ADDRESS_HEADER'];
/** Those plus any other BATON_* var set when serve starts (the Limits and test knobs of README "Limits"). */
export const varsOf = (env) => [...new Set([...SERVE_VARS, ...Object.keys(env).filter((k) => /^BATON_[A-Z0-9_]{1,60}$/.test(k) && k !== 'BATON_DATA_DIR' && k !== 'BATON_WORKSPACES')])].sort();

function arg(argv, name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

/** Bundles the rooms with PartyKit's own facade (node_modules/partykit/dist/generated.js), as `partykit deploy` does. */
export async function bundleRooms(outFile) {
  const config = JSON.parse(readFileSync(join(root, 'partykit.json'), 'utf8'));
  const facade = readFileSync(join(root, 'node_modules/partykit/dist/generated.js'), 'utf8');
  const parties = Object.entries(config.parties ?? {})
    .map(([name, file]) => `import ${name} from './${file}';\nexport const ${name}DO = createDurable(${name}, { name: "${name}" });\nWorkers["${name}"] = ${name};`)
    .join('\n');
  const contents = facade
    .replace('__WORKER__', `./${config.main}`)
    .replace('__R2_BINDINGS__', '[]')
    .replace('__KV_BINDINGS__', '[]')
    .replace('__PARTIES__', parties);
  await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    target: 'esnext',
    conditions: ['partykit', 'workerd', 'worker'],
    external: ['__STATIC_ASSETS_MANIFEST__', 'node:*', 'cloudflare:*'],
    // PARTYKIT_HOST only names the host in cron contexts (Baton has no crons); the API base is never called.
    define: { PARTYKIT_HOST: '"localhost"', PARTYKIT_API_BASE: '"http://localhost"' },
    outfile: outFile,
    logLevel: 'warning',
  });
  return { parties: Object.keys(config.parties ?? {}), compatibilityDate: config.compatibilityDate ?? '2024-07-01' };
}

/** The front worker: files of public/ (GET/HEAD, outside /parties/) from the disk service, everything else to the rooms. */
export const FRONT = `
const TYPES = { js: 'text/javascript; charset=utf-8', html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', json: 'application/json', svg: 'image/svg+xml', png: 'image/png', ico: 'image/x-icon', txt: 'text/plain; charset=utf-8', map: 'application/json' };
export default {
  async fetch(req, env) {
    const url = new URL(req.url);
    if ((req.method === 'GET' || req.method === 'HEAD') && !url.pathname.startsWith('/parties/') && !url.pathname.includes('..')) {
      const path = url.pathname.endsWith('/') ? url.pathname + 'index.html' : url.pathname;
      const file = await env.PUBLIC.fetch('http://public' + path, { method: req.method });
      if (file.status === 200) {
        const headers = new Headers(file.headers);
        headers.set('content-type', TYPES[path.split('.').pop()] ?? 'application/octet-stream');
        headers.set('access-control-allow-origin', '*');
        headers.set('cache-control', 'public, max-age=300');
        return new Response(file.body, { status: 200, headers });
      }
    }
    return env.ROOMS.fetch(req);
  },
};`;

const capnpString = (s) => JSON.stringify(s);

/** The workerd configuration (Cap'n Proto text): one socket, the front, the rooms with local-disk Durable Objects. */
export function workerdConfig({ address, dataDir, publicDir, parties, compatibilityDate, vars = SERVE_VARS }) {
  const classes = ['PartyKitDurable', ...parties.map((p) => `${p}DO`)];
  const bindings = [
    ...vars.map((name) => `(name = ${capnpString(`pkvar-${name}`)}, fromEnvironment = ${capnpString(name)})`),
    '(name = "PARTYKIT_CRONS", json = "{}")',
    '(name = "PARTYKIT_DURABLE", durableObjectNamespace = "PartyKitDurable")',
    ...parties.map((p) => `(name = ${capnpString(p)}, durableObjectNamespace = ${capnpString(`${p}DO`)})`),
  ];
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "front", worker = .front),
    (name = "rooms", worker = .rooms),
    (name = "public", disk = (path = ${capnpString(publicDir)}, writable = false)),
    (name = "storage", disk = (path = ${capnpString(dataDir)}, writable = true)),
  ],
  sockets = [ (name = "http", address = ${capnpString(address)}, http = (), service = "front") ],
);

const front :Workerd.Worker = (
  modules = [ (name = "front.js", esModule = embed "front.js") ],
  compatibilityDate = ${capnpString(compatibilityDate)},
  bindings = [ (name = "PUBLIC", service = "public"), (name = "ROOMS", service = "rooms") ],
);

const rooms :Workerd.Worker = (
  modules = [
    (name = "rooms.js", esModule = embed "rooms.js"),
    (name = "__STATIC_ASSETS_MANIFEST__", esModule = "export default { devServer: '', assets: {} };"),
  ],
  compatibilityDate = ${capnpString(compatibilityDate)},
  compatibilityFlags = ["nodejs_compat"],
  bindings = [
    ${bindings.join(',\n    ')},
  ],
  durableObjectNamespaces = [
    ${classes.map((c) => `(className = ${capnpString(c)}, uniqueKey = ${capnpString(`baton-${c}`)})`).join(',\n    ')},
  ],
  durableObjectStorage = (localDisk = "storage"),
);
`;
}

/** Writes the bundle and the config into `<dataDir>/.workerd/` and answers the workerd command to run. */
export async function prepare({ port, host, dataDir, vars = SERVE_VARS }) {
  const work = join(dataDir, '.workerd');
  mkdirSync(work, { recursive: true });
  const rooms = await bundleRooms(join(work, 'rooms.js'));
  writeFileSync(join(work, 'front.js'), FRONT);
  const configFile = join(work, 'baton.capnp');
  writeFileSync(configFile, workerdConfig({ address: `${host}:${port}`, dataDir: resolve(dataDir), publicDir: join(root, 'public'), vars, ...rooms }));
  const workerd = join(root, 'node_modules/workerd/bin/workerd');
  return { workerd, args: ['serve', configFile, '--experimental'], configFile };
}

/**
 * workerd keeps Durable Object alarms in memory: after a restart a stored alarm fires only once its room runs
 * again. Any request starts a room, and a workspace room that starts wakes its waiting chats (their wait-time
 * alarms are set again) and its CRM queue. BATON_WORKSPACES (comma-separated ids) names the workspaces to wake
 * this way as soon as the server is up, instead of at the first agent's reconnect (README "Self-hosting").
 */
export async function wake(local, list = '') {
  for (const ws of list.split(',').map((w) => w.trim()).filter((w) => /^[\w.-]{1,100}$/.test(w))) {
    try {
      // A playbook that does not exist: answered 404, but the room has started (and done its start work).
      await fetch(`${local}/parties/workspace/${encodeURIComponent(ws)}/widget/_wake`, { signal: AbortSignal.timeout(10_000) });
    } catch {
      console.error(`[baton] could not wake workspace ${ws}`);
    }
  }
}

async function main(argv) {
  const port = Number(arg(argv, 'port', process.env.PORT ?? 8787));
  const host = arg(argv, 'host', process.env.HOST ?? '127.0.0.1');
  const dataDir = resolve(arg(argv, 'data-dir', process.env.BATON_DATA_DIR ?? 'baton-data'));
  const problems = checkSecrets(process.env);
  if (problems.length) {
    for (const p of problems) console.error(`[baton] ${p}`);
    process.exit(2);
  }
  if (!process.env.BATON_PUBLIC_URL) {
    console.error('[baton] BATON_PUBLIC_URL is not set: rooms woken by an alarm call each other through it (the public https:// address of your reverse proxy)');
    process.exit(2);
  }
  if (!argv.includes('--skip-build') || !existsSync(join(root, 'public/widget.js'))) {
    const r = spawnSync(process.execPath, [join(root, 'scripts/build-widget.mjs')], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  mkdirSync(dataDir, { recursive: true });
  const { workerd, args } = await prepare({ port, host, dataDir, vars: varsOf(process.env) });
  // workerd's own output (the rooms' JSON log lines included) goes to this process's stdout and stderr.
  const child = spawn(workerd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, BATON_CLIENT_ADDRESS_HEADER: process.env.BATON_CLIENT_ADDRESS_HEADER ?? '' } });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
  // Said once workerd answers, so scripts (and tests) wait on this line rather than on a delay.
  const local = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(`${local}/widget.js`, { signal: AbortSignal.timeout(1_000) });
      const pub = process.env.BATON_PUBLIC_URL.replace(/\/+$/, '');
      console.log(`Server: ${local}`);
      console.log(`Public URL: ${pub} (your reverse proxy, HTTPS)`);
      console.log(`Widget script: ${pub}/widget.js`);
      console.log(`Storage: ${dataDir}`);
      await wake(local, process.env.BATON_WORKSPACES);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  console.error(`[baton] workerd did not answer on ${local}`);
  stop();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main(process.argv.slice(2));
