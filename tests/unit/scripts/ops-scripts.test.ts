import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { checkSecrets, entropyBits } from '../../../scripts/secrets.mjs';
import { deployCommand, placeOf, testKnobProblems } from '../../../scripts/deploy.mjs';
import { TEST_ONLY_VARS, testKnobsOn } from '../../../party/test-knobs';
import { varsOf, workerdConfig } from '../../../scripts/serve.mjs';

const strong = () => randomBytes(32).toString('base64url');

describe('secrets (scripts/secrets.mjs)', () => {
  it('random secrets pass, in base64url and hex, and 16-character random setup keys too', () => {
    for (let i = 0; i < 50; i++) {
      expect(checkSecrets({ BATON_SECRET: strong(), BATON_SETUP_KEY: randomBytes(12).toString('base64url') })).toEqual([]);
      expect(checkSecrets({ BATON_SECRET: randomBytes(16).toString('hex'), BATON_SETUP_KEY: randomBytes(16).toString('hex') })).toEqual([]);
    }
  });

  it('estimates a repeated value at 0 bits and a random one near its length times log2 of its alphabet', () => {
    expect(entropyBits('a'.repeat(40))).toBe(0);
    expect(entropyBits(strong())).toBeGreaterThan(150);
  });

  it('never repeats a refused value in its message', () => {
    const value = `password-${strong()}`;
    const problems = checkSecrets({ BATON_SECRET: value, BATON_SETUP_KEY: 'x' });
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).not.toContain(value);
  });
});

describe('deploy (scripts/deploy.mjs)', () => {
  it('refuses an environment that sets a test-only variable, naming it, from the one list in party/test-knobs.ts', () => {
    expect(testKnobProblems({})).toEqual([]);
    expect(testKnobProblems({ BATON_TEST_STORAGE: '' })).toEqual([]);
    for (const name of TEST_ONLY_VARS) {
      const problems = testKnobProblems({ [name]: '1' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`${name} is set: it is for tests only`);
    }
    expect(testKnobsOn({ BATON_TEST_CLOCK: '1', BATON_SECRET: 'x', BATON_ESCALATION_SPEEDUP: '10' })).toEqual(['BATON_TEST_CLOCK', 'BATON_ESCALATION_SPEEDUP']);
  });

  it('PartyKit platform: BATON_PUBLIC_URL must be an https origin', () => {
    expect(placeOf({}, null).problems[0]).toMatch(/BATON_PUBLIC_URL is not set/);
    expect(placeOf({ BATON_PUBLIC_URL: 'http://x.example' }, null).problems[0]).toMatch(/must be https/);
    expect(placeOf({ BATON_PUBLIC_URL: 'https://baton.ada.partykit.dev/' }, null)).toEqual({ url: 'https://baton.ada.partykit.dev', account: 'partykit', problems: [] });
  });

  it('own account: a host name, the account id and token, and a public URL that agrees', () => {
    expect(placeOf({ CLOUDFLARE_ACCOUNT_ID: 'a', CLOUDFLARE_API_TOKEN: 't' }, 'chat.example.com').problems).toEqual([]);
    expect(placeOf({ CLOUDFLARE_ACCOUNT_ID: 'a', CLOUDFLARE_API_TOKEN: 't' }, 'https://chat.example.com').problems[0]).toMatch(/not a host name/);
    expect(placeOf({ CLOUDFLARE_ACCOUNT_ID: 'a', CLOUDFLARE_API_TOKEN: 't', BATON_PUBLIC_URL: 'https://other.example' }, 'chat.example.com').problems[0]).toMatch(/differs/);
  });

  it('the shown command hides the secrets, the real one carries them', () => {
    const env = { BATON_SECRET: strong(), BATON_SETUP_KEY: strong() };
    const place = placeOf({ CLOUDFLARE_ACCOUNT_ID: 'a', CLOUDFLARE_API_TOKEN: 't' }, 'chat.example.com');
    const { args, shown } = deployCommand(env, place, 'chat.example.com');
    expect(args).toContain(`BATON_SECRET=${env.BATON_SECRET}`);
    expect(shown.join(' ')).not.toContain(env.BATON_SECRET);
    expect(shown.join(' ')).not.toContain(env.BATON_SETUP_KEY);
    expect(shown.slice(-2)).toEqual(['--domain', 'chat.example.com']);
  });
});

describe('serve (scripts/serve.mjs)', () => {
  it('a workerd config with local-disk Durable Objects and secrets from the environment only', () => {
    const vars = varsOf({ BATON_SECRET: 's', BATON_WAIT_SECONDS_OVERRIDE: '2', BATON_WORKSPACES: 'acme', BATON_DATA_DIR: '/d', PATH: '/bin' });
    expect(vars).toEqual(['BATON_CLIENT_ADDRESS_HEADER', 'BATON_PUBLIC_URL', 'BATON_SECRET', 'BATON_SETUP_KEY', 'BATON_WAIT_SECONDS_OVERRIDE']);
    const config = workerdConfig({ address: '127.0.0.1:8787', dataDir: '/var/lib/baton', publicDir: '/srv/public', parties: ['conversation', 'workspace'], compatibilityDate: '2024-07-01', vars });
    expect(config).toContain('durableObjectStorage = (localDisk = "storage")');
    expect(config).toContain('(name = "storage", disk = (path = "/var/lib/baton", writable = true))');
    expect(config).toContain('(name = "pkvar-BATON_SECRET", fromEnvironment = "BATON_SECRET")');
    expect(config).toContain('(className = "workspaceDO", uniqueKey = "baton-workspaceDO")');
    expect(config).not.toContain('"s"');
  });
});
