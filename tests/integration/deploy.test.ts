import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { TEST_ONLY_VARS } from '../../party/test-knobs';

// `npm run deploy -- --dry-run` in this repository, as an operator runs it: refused with a clear message when a
// secret is missing or weak (before any build), else the builds are made and the deploy command is printed with
// the secrets hidden. It stops before `partykit deploy`, the step that needs an account.
const strong = () => randomBytes(32).toString('base64url');

function deploy(env: Record<string, string | undefined>, args: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const clean = { ...process.env };
  for (const k of [...TEST_ONLY_VARS, 'BATON_SECRET', 'BATON_SETUP_KEY', 'BATON_PUBLIC_URL', 'BATON_DOMAIN', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN']) delete clean[k];
  const child = spawn('node', ['scripts/deploy.mjs', '--dry-run', ...args], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, out, err })));
}

describe('npm run deploy (dry run)', () => {
  it('refuses an environment with a test-only variable set, before any build', async () => {
    const r = await deploy({ BATON_SECRET: strong(), BATON_SETUP_KEY: strong(), BATON_PUBLIC_URL: 'https://baton.ada.partykit.dev', BATON_TEST_STORAGE: '1' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('BATON_TEST_STORAGE is set: it is for tests only');
    expect(r.out).not.toContain('building');
  });

  it('refuses when the secrets are missing, saying which and how to make one, and builds nothing', async () => {
    const r = await deploy({ BATON_PUBLIC_URL: 'https://baton.ada.partykit.dev' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('BATON_SECRET is not set');
    expect(r.err).toContain('BATON_SETUP_KEY is not set');
    expect(r.err).toContain("randomBytes(32).toString('base64url')");
    expect(r.out).not.toContain('building');
  });

  it('refuses weak secrets: the published test values, short, repetitive, a common word, both the same', async () => {
    const published = await deploy({ BATON_SECRET: 'test-secret-' + 'x'.repeat(32), BATON_SETUP_KEY: 'test-setup-key-0123456789', BATON_PUBLIC_URL: 'https://baton.ada.partykit.dev' });
    expect(published.code).toBe(2);
    expect(published.err).toMatch(/BATON_SECRET is a value published in Baton's repository/);
    expect(published.err).toMatch(/BATON_SETUP_KEY is a value published/);
    const weak = await deploy({ BATON_SECRET: 'a'.repeat(40), BATON_SETUP_KEY: 'short', BATON_PUBLIC_URL: 'https://baton.ada.partykit.dev' });
    expect(weak.err).toMatch(/BATON_SECRET does not look random/);
    expect(weak.err).toMatch(/BATON_SETUP_KEY is too short/);
    const word = await deploy({ BATON_SECRET: `changeme-${strong()}`, BATON_SETUP_KEY: strong(), BATON_PUBLIC_URL: 'https://baton.ada.partykit.dev' });
    expect(word.err).toMatch(/BATON_SECRET contains a common word/);
    const same = strong();
    const twice = await deploy({ BATON_SECRET: same, BATON_SETUP_KEY: same, BATON_PUBLIC_URL: 'https://baton.ada.partykit.dev' });
    expect(twice.err).toMatch(/must differ/);
    for (const r of [published, weak, word, twice]) expect(r.code).toBe(2);
    // A refused secret is never echoed back.
    expect(word.err + word.out).not.toContain('changeme-');
  });

  it('a custom domain needs the Cloudflare account id and token (own account, PartyKit cloud-prem)', async () => {
    const r = await deploy({ BATON_SECRET: strong(), BATON_SETUP_KEY: strong() }, ['--domain', 'chat.example.com']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('CLOUDFLARE_ACCOUNT_ID is not set');
    expect(r.err).toContain('CLOUDFLARE_API_TOKEN is not set');
  });

  it('with good secrets: builds the widget and the extension packages and prints the deploy command, secrets hidden', async () => {
    // Built by the script itself: nothing left from an earlier build counts.
    for (const f of ['public/widget.js', 'public/widget-chat.js', '.output/baton-0.1.0-chrome.zip', '.output/baton-0.1.0-firefox.zip']) rmSync(f, { force: true });
    const secret = strong();
    const setupKey = strong();
    const r = await deploy({ BATON_SECRET: secret, BATON_SETUP_KEY: setupKey, CLOUDFLARE_ACCOUNT_ID: 'acc', CLOUDFLARE_API_TOKEN: 'tok' }, ['--domain', 'chat.example.com']);
    expect(r.code, r.err).toBe(0);
    for (const f of ['public/widget.js', 'public/widget-chat.js', '.output/baton-0.1.0-chrome.zip', '.output/baton-0.1.0-firefox.zip']) expect(existsSync(f), f).toBe(true);
    const command = r.out.split('\n').find((l) => l.trim().startsWith('npx partykit deploy'))!;
    expect(command).toContain('--var BATON_SECRET=<from your environment, 43 characters>');
    expect(command).toContain('--var BATON_PUBLIC_URL=https://chat.example.com');
    expect(command).toContain('--var BATON_CLIENT_ADDRESS_HEADER=cf-connecting-ip');
    expect(command).toContain('--domain chat.example.com');
    expect(r.out).toContain('Widget script:   https://chat.example.com/widget.js');
    expect(r.out).toMatch(/Extension: +\S+baton-0\.1\.0-chrome\.zip/);
    expect(r.out).toContain('nothing was deployed');
    expect(r.out + r.err).not.toContain(secret);
    expect(r.out + r.err).not.toContain(setupKey);
  }, 240_000);
});
