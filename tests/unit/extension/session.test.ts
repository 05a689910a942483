import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useLocale } from '../../helpers/extension-i18n';
import {
  REFRESH_MARGIN_MS,
  SESSION_KEY,
  SessionError,
  SessionManager,
  exchangeCredential,
  loadConnection,
  parseConnection,
  saveConnection,
  socketTarget,
} from '../../../models/session';

const agent = { id: 'a1', name: 'Ada', email: 'ada@example.com', role: 'admin', manageLiveChat: true, online: false, status: 'offline', revoked: false };
const good = { server: 'http://127.0.0.1:1999/', workspace: 'acme', credential: 'cred-123' };

/** A fake server: counts exchanges and answers with a token expiring `ttl` ms from `now()`. */
function fakeFetch(now: () => number, ttl = 60 * 60 * 1000) {
  const calls: { url: string; body: unknown }[] = [];
  const impl = (async (url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    calls.push({ url, body });
    if (body.credential !== 'cred-123') return new Response(JSON.stringify({ type: 'error', code: 'unauthorized', message: 'no' }), { status: 401 });
    return Response.json({ token: `tok-${calls.length}`, expiresAt: now() + ttl, agent });
  }) as typeof fetch;
  return { impl, calls };
}

describe('connection settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('normalises the server and keeps the settings in storage.local', async () => {
    await saveConnection(good);
    expect(await loadConnection()).toEqual({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'cred-123' });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('names each bad field', () => {
    try {
      parseConnection({ server: 'ftp://x', workspace: 'a b', credential: ' ' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SessionError);
      expect((e as SessionError).code).toBe('invalid-settings');
      expect(Object.keys((e as SessionError).fields).sort()).toEqual(['credential', 'server', 'workspace']);
    }
  });

  it('says what is wrong with each field in the browser’s UI language', async () => {
    const restore = useLocale('fr');
    try {
      const bad = (() => {
        try {
          parseConnection({ server: 'ftp://x', workspace: 'a b', credential: ' ' });
        } catch (e) {
          return (e as SessionError).fields;
        }
      })();
      expect(bad).toEqual({
        server: 'Saisissez l’adresse du serveur, par ex. https://baton.example.partykit.dev',
        workspace: 'Les identifiants font 1 à 64 lettres, chiffres, _ ou -',
        credential: 'Collez votre identifiant secret',
      });
      const refused = async () => new Response(JSON.stringify({ type: 'error', code: 'unauthorized', message: 'no' }), { status: 401 });
      await expect(exchangeCredential(parseConnection(good), refused)).rejects.toMatchObject({ fields: { credential: 'Identifiant erroné ou révoqué' } });
      const missing = async () => new Response(JSON.stringify({ type: 'error', code: 'not-found', message: 'No such workspace' }), { status: 404 });
      await expect(exchangeCredential(parseConnection(good), missing)).rejects.toMatchObject({ fields: { workspace: 'Aucun espace de travail de ce nom sur ce serveur' } });
    } finally {
      restore();
    }
  });

  it('saving new settings drops the old token', async () => {
    await fakeBrowser.storage.local.set({ [SESSION_KEY]: { token: 'old', expiresAt: Date.now() + 1e9, agent } });
    await saveConnection(good);
    expect(await new SessionManager().current()).toBeNull();
  });

  it('derives the socket host and scheme', () => {
    expect(socketTarget('https://baton.example.dev')).toEqual({ host: 'baton.example.dev', protocol: 'wss' });
    expect(socketTarget('http://127.0.0.1:1999')).toEqual({ host: '127.0.0.1:1999', protocol: 'ws' });
  });
});

describe('credential exchange', () => {
  it('a wrong credential is a typed error', async () => {
    const { impl } = fakeFetch(Date.now);
    await expect(exchangeCredential({ ...parseConnection(good), credential: 'nope' }, impl)).rejects.toMatchObject({ code: 'wrong-credential' });
  });

  it('an unreachable server is a typed error', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(exchangeCredential(parseConnection(good), failing)).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('a malformed answer is a typed error', async () => {
    const odd = (async () => Response.json({ token: 1 })) as unknown as typeof fetch;
    await expect(exchangeCredential(parseConnection(good), odd)).rejects.toMatchObject({ code: 'bad-response' });
  });

  it('posts to the workspace session endpoint', async () => {
    const { impl, calls } = fakeFetch(Date.now);
    await exchangeCredential(parseConnection(good), impl);
    expect(calls[0]).toEqual({ url: 'http://127.0.0.1:1999/parties/workspace/acme/session', body: { credential: 'cred-123' } });
  });
});

describe('token refresh', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is not configured before the options page saved settings', async () => {
    await expect(new SessionManager().token()).rejects.toMatchObject({ code: 'not-configured' });
  });

  it('reuses the token until the refresh margin, then exchanges again', async () => {
    let t = 1_700_000_000_000;
    const now = () => t;
    const { impl, calls } = fakeFetch(now);
    await saveConnection(good);
    const s = new SessionManager(impl, now);
    expect(await s.token()).toBe('tok-1');
    t += 60 * 60 * 1000 - REFRESH_MARGIN_MS - 1;
    expect(await s.token()).toBe('tok-1');
    expect(await s.msUntilRefresh()).toBe(1);
    t += 2;
    expect(await s.token()).toBe('tok-2');
    expect(calls).toHaveLength(2);
  });

  it('concurrent callers share one exchange', async () => {
    const { impl, calls } = fakeFetch(Date.now);
    await saveConnection(good);
    const s = new SessionManager(impl);
    const tokens = await Promise.all([s.token(), s.token(), s.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('another context reuses the stored token', async () => {
    const { impl, calls } = fakeFetch(Date.now);
    await saveConnection(good);
    await new SessionManager(impl).token();
    expect(await new SessionManager(impl).token()).toBe('tok-1');
    expect(calls).toHaveLength(1);
  });

  it('invalidate forces a new exchange', async () => {
    const { impl } = fakeFetch(Date.now);
    await saveConnection(good);
    const s = new SessionManager(impl);
    await s.token();
    await s.invalidate();
    expect(await s.token()).toBe('tok-2');
  });
});
