import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { ErrorFrame, Id, SessionResponse, decodeValue, problemOf, renderProblem, type AgentPublic } from '../protocol';
import { texts } from './i18n';

/**
 * The agent's connection settings and session token. Both live in `browser.storage.local`:
 * the extension has no content scripts, so no web page can read that area.
 */
export type Connection = { server: string; workspace: string; credential: string };
export type Session = { token: string; expiresAt: number; agent: AgentPublic };

export const CONNECTION_KEY = 'connection';
export const SESSION_KEY = 'session';
/** Refresh this long before the token expires, so a socket never says hello with a stale one. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export type SessionErrorCode = 'not-configured' | 'invalid-settings' | 'wrong-credential' | 'unreachable' | 'server-error' | 'bad-response';

/** Why a connection or an exchange failed; `fields` names the bad settings for the options form. */
export class SessionError extends Error {
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    readonly fields: Partial<Record<keyof Connection, string>> = {},
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

/** The options form's words, in the browser's UI language (read as each message is made). */
const form = () => texts().options.connect;

/** A field's problem: the protocol's by its code (the workspace id), this form's own already in the UI language. */
function fieldText(issue: v.BaseIssue<unknown>): string {
  const problem = problemOf(issue);
  const t = texts();
  return problem && Object.hasOwn(t.problems, problem.code) ? renderProblem(t.problems, problem) : issue.message;
}

const ServerUrl = v.pipe(
  v.string(),
  v.trim(),
  v.check((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.pathname.replace(/\/+$/, '') === '' && !u.search && !u.hash;
    } catch {
      return false;
    }
  }, () => form().serverInvalid),
  v.transform((s) => s.replace(/\/+$/, '')),
);
export const ConnectionInput = v.strictObject({
  server: ServerUrl,
  workspace: Id,
  credential: v.pipe(v.string(), v.trim(), v.minLength(1, () => form().credentialMissing), v.maxLength(200, () => form().credentialTooLong)),
});

/** Checks and normalises the options form. Throws SessionError('invalid-settings') naming each bad field. */
export function parseConnection(input: unknown): Connection {
  const result = v.safeParse(ConnectionInput, input);
  if (result.success) return result.output;
  const fields: Partial<Record<keyof Connection, string>> = {};
  for (const issue of result.issues) {
    const key = issue.path?.[0]?.key as keyof Connection | undefined;
    if (key && !fields[key]) fields[key] = fieldText(issue);
  }
  throw new SessionError('invalid-settings', 'Some connection settings are not valid', fields);
}

/** `http://host:1999` → what partysocket needs. */
export function socketTarget(server: string): { host: string; protocol: 'ws' | 'wss' } {
  const u = new URL(server);
  return { host: u.host, protocol: u.protocol === 'https:' ? 'wss' : 'ws' };
}

export async function loadConnection(): Promise<Connection | null> {
  const got = await browser.storage.local.get(CONNECTION_KEY);
  const raw = got[CONNECTION_KEY];
  const parsed = v.safeParse(ConnectionInput, raw);
  return parsed.success ? parsed.output : null;
}

/** Saves new settings and drops any token minted for the old ones. */
export async function saveConnection(input: unknown): Promise<Connection> {
  const connection = parseConnection(input);
  await browser.storage.local.set({ [CONNECTION_KEY]: connection });
  await browser.storage.local.remove(SESSION_KEY);
  return connection;
}

export async function clearConnection(): Promise<void> {
  await browser.storage.local.remove([CONNECTION_KEY, SESSION_KEY]);
}

/** Trades the long-lived credential for a short-lived token. No storage involved. */
export async function exchangeCredential(connection: Connection, fetchImpl: typeof fetch = fetch): Promise<Session> {
  const url = `${connection.server}/parties/workspace/${encodeURIComponent(connection.workspace)}/session`;
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credential: connection.credential }),
    });
  } catch (cause) {
    throw new SessionError('unreachable', `Cannot reach ${connection.server}: ${(cause as Error)?.message ?? cause}`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401 || res.status === 403) {
    throw new SessionError('wrong-credential', 'This credential was not accepted by the workspace', { credential: form().credentialRefused });
  }
  if (!res.ok) {
    const err = decodeValue(ErrorFrame, body);
    const detail = err.ok ? err.value.message : `HTTP ${res.status}`;
    const fields = res.status === 404 ? { workspace: form().noSuchWorkspace } : {};
    throw new SessionError('server-error', `The server refused the session: ${detail}`, fields);
  }
  const session = decodeValue(SessionResponse, body);
  if (!session.ok) throw new SessionError('bad-response', `Unexpected session answer: ${session.error.message}`);
  return session.value;
}

/**
 * Hands out a token that is valid for at least REFRESH_MARGIN_MS more, exchanging the credential
 * when needed. Shared through storage so the background and the side panel don't each mint one;
 * concurrent callers in one context share one exchange.
 */
export class SessionManager {
  private inflight: Promise<Session> | null = null;

  constructor(
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<Session | null> {
    const got = await browser.storage.local.get(SESSION_KEY);
    const s = got[SESSION_KEY] as Session | undefined;
    return s && typeof s.token === 'string' && typeof s.expiresAt === 'number' ? s : null;
  }

  /** A fresh-enough session; throws SessionError. */
  async session(): Promise<Session> {
    const cached = await this.current();
    if (cached && cached.expiresAt - this.now() > REFRESH_MARGIN_MS) return cached;
    return this.refresh();
  }

  async token(): Promise<string> {
    return (await this.session()).token;
  }

  /** Forces a new exchange (after the server said the token was refused, or on a timer). */
  refresh(): Promise<Session> {
    this.inflight ??= (async () => {
      try {
        const connection = await loadConnection();
        if (!connection) throw new SessionError('not-configured', 'Connect a workspace in the options page first');
        const session = await exchangeCredential(connection, this.fetchImpl);
        await browser.storage.local.set({ [SESSION_KEY]: session });
        return session;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }

  async invalidate(): Promise<void> {
    await browser.storage.local.remove(SESSION_KEY);
  }

  /** Milliseconds until the token should be refreshed (0 when it already should). */
  async msUntilRefresh(): Promise<number> {
    const s = await this.current();
    return s ? Math.max(0, s.expiresAt - REFRESH_MARGIN_MS - this.now()) : 0;
  }
}
