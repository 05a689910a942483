import type { Storage } from '../ports';
import * as v from 'valibot';
import { BatonError, CrmSettingsInput, fieldProblems, issuePath, issueProblems, type CrmSettingsView } from '../../protocol';
import type { CrmAdapter } from './adapter';
import { BuiltinCrm } from './builtin';
import { PIPEDRIVE_API_BASE, PipedriveCrm } from './pipedrive';
import { WebhookCrm } from './webhook';

/** As stored in the workspace room (key `crm:settings`). Secrets stay here: see `viewOf`. */
export type CrmSettings =
  | { kind: 'builtin' }
  | { kind: 'pipedrive'; domain: string; apiToken: string }
  | { kind: 'webhook'; url: string; secret: string };

export const SETTINGS_KEY = 'crm:settings';

export type CrmEnv = { apiBase: string; timeoutMs: number; retryBaseMs: number; allowHttpWebhooks: boolean };

/** Server-side knobs (vars): tests point Pipedrive at a fake on loopback and shorten the waits. */
export function crmEnv(env: Record<string, unknown>): CrmEnv {
  const n = (k: string, d: number) => (Number.isFinite(Number(env[k])) && env[k] !== undefined ? Number(env[k]) : d);
  return {
    apiBase: typeof env.BATON_PIPEDRIVE_API_BASE === 'string' && env.BATON_PIPEDRIVE_API_BASE ? env.BATON_PIPEDRIVE_API_BASE.replace(/\/+$/, '') : PIPEDRIVE_API_BASE,
    timeoutMs: n('BATON_CRM_TIMEOUT_MS', 10_000),
    retryBaseMs: n('BATON_CRM_RETRY_BASE_MS', 2_000),
    allowHttpWebhooks: env.BATON_CRM_ALLOW_HTTP_WEBHOOKS === '1',
  };
}

/**
 * What agents are sent: never the token or the secret, only whether one is stored. A webhook URL is often a
 * capability in itself (Zapier-style), so only admins see it whole; other agents see its origin.
 */
export function viewOf(s: CrmSettings, forAdmin = false): CrmSettingsView {
  if (s.kind === 'pipedrive') return { kind: 'pipedrive', domain: s.domain, tokenSet: s.apiToken.length > 0 };
  if (s.kind === 'webhook') return { kind: 'webhook', url: forAdmin ? s.url : new URL(s.url).origin, secretSet: s.secret.length > 0 };
  return { kind: 'builtin' };
}

/**
 * An admin's settings as sent in `crm-save` / `crm-test` (decoded unchecked, see protocol/crm.ts). A refusal
 * is `invalid-field` with `fields` keyed by the form's own names (`domain`, `apiToken`, `url`, `secret`,
 * `kind`), the same names `merge` uses for its own checks.
 */
export function parseSettings(raw: unknown): CrmSettingsInput {
  const result = v.safeParse(CrmSettingsInput, raw);
  if (result.success) return result.output;
  const named = issueProblems(result.issues, (issue) => issuePath(issue) || 'kind');
  const [field, message] = Object.entries(named.fields)[0]!;
  throw new BatonError('invalid-field', `Invalid ${field}: ${message}`, named);
}

/** New settings from an admin's input; a secret left out keeps the stored one (same kind only). */
export function merge(input: CrmSettingsInput, stored: CrmSettings, env: CrmEnv): CrmSettings {
  if (input.kind === 'pipedrive') {
    const apiToken = input.apiToken ?? (stored.kind === 'pipedrive' ? stored.apiToken : '');
    if (!apiToken) throw new BatonError('invalid-field', 'Paste the Pipedrive API token', fieldProblems({ apiToken: { code: 'required' } }));
    return { kind: 'pipedrive', domain: input.domain, apiToken };
  }
  if (input.kind === 'webhook') {
    if (!env.allowHttpWebhooks && !input.url.startsWith('https://')) throw new BatonError('invalid-field', 'The webhook URL must use https', fieldProblems({ url: { code: 'https-only' } }));
    const secret = input.secret ?? (stored.kind === 'webhook' ? stored.secret : '');
    if (!secret) throw new BatonError('invalid-field', 'Set a signing secret', fieldProblems({ secret: { code: 'required' } }));
    return { kind: 'webhook', url: input.url, secret };
  }
  return { kind: 'builtin' };
}

export async function loadSettings(storage: Storage): Promise<CrmSettings> {
  return (await storage.get<CrmSettings>(SETTINGS_KEY)) ?? { kind: 'builtin' };
}

export function adapterFor(s: CrmSettings, storage: Storage, env: CrmEnv, workspaceId: string): CrmAdapter & { test?: () => Promise<string> } {
  if (s.kind === 'pipedrive') return new PipedriveCrm({ domain: s.domain, apiToken: s.apiToken, apiBase: env.apiBase, timeoutMs: env.timeoutMs });
  if (s.kind === 'webhook') return new WebhookCrm({ url: s.url, secret: s.secret, workspaceId, timeoutMs: env.timeoutMs });
  return new BuiltinCrm(storage);
}

/** Secrets that must never appear in a message shown to anyone. */
export const secretsOf = (s: CrmSettings) => (s.kind === 'pipedrive' ? [s.apiToken] : s.kind === 'webhook' ? [s.secret] : []);
export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}
