// `npm run deploy`: Baton to production, in the right order.
//   1. checks BATON_SECRET and BATON_SETUP_KEY (set, long, not a published or guessable value: scripts/secrets.mjs)
//      and where the server will live (BATON_PUBLIC_URL, or --domain on one's own Cloudflare account);
//   2. builds the widget (public/, served with the rooms) and the extension packages (.output/*.zip);
//   3. runs `partykit deploy` with the vars the rooms read;
//   4. prints the server, the widget script, the snippet and the extension packages.
// `--dry-run` stops before step 3 (the step that needs an account) and prints the command it would run.
//
//   PartyKit's platform:      BATON_PUBLIC_URL=https://baton.<github-login>.partykit.dev npm run deploy
//   Own Cloudflare account:   CLOUDFLARE_ACCOUNT_ID=… CLOUDFLARE_API_TOKEN=… npm run deploy -- --domain chat.example.com
//
// The secrets come from the environment and are never printed (the printed command shows their length only).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSecrets } from './secrets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (...a) => console.log(...a);
const fail = (lines) => {
  for (const l of [].concat(lines)) console.error(`[deploy] ${l}`);
  process.exit(2);
};

export function parseArgs(argv) {
  const out = { dryRun: false, domain: process.env.BATON_DOMAIN || null, skipBuild: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') out.dryRun = true;
    else if (a === '--skip-build') out.skipBuild = true;
    else if (a === '--domain') out.domain = argv[++i] ?? null;
    else if (a.startsWith('--domain=')) out.domain = a.slice('--domain='.length);
    else fail(`unknown option ${a} (options: --dry-run, --domain <host>, --skip-build)`);
  }
  return out;
}

/** Where the server will answer, and the problems with that (empty: fine). */
export function placeOf(env, domain) {
  if (domain) {
    const problems = [];
    if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(domain)) problems.push(`--domain ${domain} is not a host name (like chat.example.com, no https://)`);
    for (const v of ['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN']) {
      if (!env[v]) problems.push(`${v} is not set: a custom domain deploys to your own Cloudflare account (PartyKit "cloud-prem"), which needs the account id and an API token (README "Deploy on your own Cloudflare account")`);
    }
    const url = `https://${domain.toLowerCase()}`;
    if (env.BATON_PUBLIC_URL && env.BATON_PUBLIC_URL.replace(/\/+$/, '') !== url) problems.push(`BATON_PUBLIC_URL (${env.BATON_PUBLIC_URL}) differs from --domain (${url}): unset it or make them agree`);
    return { url, account: 'cloudflare', problems };
  }
  const url = (env.BATON_PUBLIC_URL ?? '').replace(/\/+$/, '');
  if (!url) return { url, account: 'partykit', problems: ['BATON_PUBLIC_URL is not set: on PartyKit\'s platform it is https://<project>.<your-github-login>.partykit.dev (https://baton.<login>.partykit.dev for this repository); on your own Cloudflare account pass --domain instead'] };
  if (!/^https:\/\/[^/\s]+$/.test(url)) return { url, account: 'partykit', problems: [`BATON_PUBLIC_URL must be https://host with no path (got ${url}): rooms woken by an alarm call each other through it, and browsers need HTTPS`] };
  return { url, account: 'partykit', problems: [] };
}

/** The `partykit deploy` arguments; `shown` is the same with each secret replaced by its length. */
export function deployCommand(env, place, domain) {
  const vars = {
    BATON_SECRET: env.BATON_SECRET,
    BATON_SETUP_KEY: env.BATON_SETUP_KEY,
    BATON_PUBLIC_URL: place.url,
    // Cloudflare's edge sets this header (and overwrites what clients send): per-client rate limits (README "Limits").
    BATON_CLIENT_ADDRESS_HEADER: 'cf-connecting-ip',
  };
  const secret = new Set(['BATON_SECRET', 'BATON_SETUP_KEY']);
  const args = ['partykit', 'deploy'];
  const shown = ['partykit', 'deploy'];
  for (const [k, v] of Object.entries(vars)) {
    args.push('--var', `${k}=${v}`);
    shown.push('--var', secret.has(k) ? `${k}=<from your environment, ${v.length} characters>` : `${k}=${v}`);
  }
  if (domain) {
    args.push('--domain', domain.toLowerCase());
    shown.push('--domain', domain.toLowerCase());
  }
  return { args, shown };
}

/** The extension packages `wxt zip` made (Chrome, Firefox, Firefox sources). */
export function packages(dir = join(root, '.output')) {
  if (!existsSync(dir)) return [];
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.zip') && f.includes(version))
    .sort()
    .map((f) => join(dir, f));
}

/** The test-only variables (party/test-knobs.ts, read from its source: one list) that `env` sets. */
export function testKnobProblems(env) {
  const src = readFileSync(join(root, 'party/test-knobs.ts'), 'utf8');
  const names = [...(/TEST_ONLY_VARS = \[([^\]]*)\]/.exec(src)?.[1] ?? '').matchAll(/'(BATON_[A-Z_]+)'/g)].map((m) => m[1]);
  if (!names.length) throw new Error('party/test-knobs.ts: TEST_ONLY_VARS not found');
  return names.filter((n) => env[n] !== undefined && env[n] !== '').map((n) => `${n} is set: it is for tests only (it weakens the server on purpose); unset it before deploying`);
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail(`${what} failed (${cmd} ${args.join(' ')} exited ${r.status})`);
}

async function main(argv) {
  const opts = parseArgs(argv);
  // 1. Secrets and place, before anything is built: a refused deploy costs nothing.
  const problems = [...checkSecrets(process.env), ...testKnobProblems(process.env)];
  const place = placeOf(process.env, opts.domain);
  problems.push(...place.problems);
  if (problems.length) {
    fail(['not deploying:', ...problems.map((p) => `  - ${p}`), 'Secrets are read from the environment (export them in this shell, or in your CI\'s secret store); keep a copy: changing BATON_SECRET logs every agent out.']);
  }
  say(`[deploy] secrets checked; target: ${place.account === 'cloudflare' ? `your Cloudflare account, ${place.url}` : `PartyKit's platform, ${place.url}`}`);

  // 2. Builds: the widget goes to public/ (deployed with the rooms), the extension packages to .output/.
  if (!opts.skipBuild) {
    say('[deploy] building the widget…');
    run(process.execPath, [join(root, 'scripts/build-widget.mjs')], 'the widget build');
    say('[deploy] building the extension packages (Chrome, Firefox)…');
    run('npx', ['wxt', 'zip'], 'the Chrome package');
    run('npx', ['wxt', 'zip', '-b', 'firefox'], 'the Firefox package');
  }
  const missing = ['public/widget.js', 'public/widget-chat.js'].filter((f) => !existsSync(join(root, f)));
  const zips = packages();
  if (missing.length) fail(`missing after the build: ${missing.join(', ')}`);
  if (!zips.some((z) => z.includes('chrome')) || !zips.some((z) => z.includes('firefox'))) fail('missing after the build: the Chrome and Firefox packages in .output/ (npm run zip)');

  // 3. Deploy.
  const { args, shown } = deployCommand(process.env, place, opts.domain);
  if (opts.dryRun) {
    say('[deploy] dry run: stopping before the step that needs an account. It would run:');
    say(`  npx ${shown.join(' ')}`);
  } else {
    say(`[deploy] npx ${shown.join(' ')}`);
    run('npx', args, 'partykit deploy');
  }

  // 4. What to do with it.
  say('');
  say(`Server:          ${place.url}`);
  say(`Widget script:   ${place.url}/widget.js`);
  say(`Snippet:         <script src="${place.url}/widget.js" data-workspace="<workspace>" data-playbook="<playbook>" async></script>`);
  for (const z of zips) say(`Extension:       ${z}`);
  say(`First admin:     curl -X POST ${place.url}/parties/workspace/<workspace>/setup -H "x-baton-setup-key: $BATON_SETUP_KEY" -H 'content-type: application/json' -d '{"name":"…","email":"…","demoPlaybook":true,"allowedOrigins":["https://your-site.example"]}'`);
  say(`Health:          curl -H "authorization: Bearer <admin session token>" ${place.url}/parties/workspace/<workspace>/health`);
  if (opts.dryRun) say('(dry run: nothing was deployed)');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main(process.argv.slice(2));
