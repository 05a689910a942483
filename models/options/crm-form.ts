import * as v from 'valibot';
import { CrmSettingsInput, type CrmSettingsView } from '../../protocol';
import { texts } from '../i18n';
import { issuesToErrors, type Checked, type FieldErrors } from './validation';

export type CrmKind = CrmSettingsView['kind'];
export const CRM_KINDS: readonly CrmKind[] = ['builtin', 'pipedrive', 'webhook'];

/**
 * What the CRM form holds. Secrets start empty: the server never sends them back, and an empty field
 * on save means "keep the stored one".
 */
export type CrmForm = { kind: CrmKind; domain: string; apiToken: string; url: string; secret: string; tokenSet: boolean; secretSet: boolean };

export function formFromView(view: CrmSettingsView | null): CrmForm {
  const form: CrmForm = { kind: view?.kind ?? 'builtin', domain: '', apiToken: '', url: '', secret: '', tokenSet: false, secretSet: false };
  if (view?.kind === 'pipedrive') Object.assign(form, { domain: view.domain, tokenSet: view.tokenSet });
  if (view?.kind === 'webhook') Object.assign(form, { url: view.url, secretSet: view.secretSet });
  return form;
}

/** The fields of one kind, as they go on the wire (a blank secret left out). */
function raw(form: CrmForm): Record<string, unknown> {
  if (form.kind === 'pipedrive') return { kind: 'pipedrive', domain: form.domain, ...(form.apiToken.trim() ? { apiToken: form.apiToken } : {}) };
  if (form.kind === 'webhook') return { kind: 'webhook', url: form.url, ...(form.secret !== '' ? { secret: form.secret } : {}) };
  return { kind: 'builtin' };
}

/**
 * The settings to send, checked with the server's own schema. `forSave` also requires a secret when
 * none is stored yet (a test may run without one: the server then says what is missing).
 */
export function checkCrmForm(form: CrmForm, forSave = true, missing: { apiToken: string; secret: string } = texts().options.crm.missing): Checked<CrmSettingsInput> {
  const result = v.safeParse(CrmSettingsInput, raw(form));
  const errors: Record<string, string> = result.success ? {} : { ...issuesToErrors(result.issues) };
  if (forSave && form.kind === 'pipedrive' && !form.tokenSet && !form.apiToken.trim()) errors['apiToken'] ??= missing.apiToken;
  if (forSave && form.kind === 'webhook' && !form.secretSet && form.secret === '') errors['secret'] ??= missing.secret;
  if (!result.success || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: result.output };
}

const FORM_FIELDS = new Set<string>(['domain', 'apiToken', 'url', 'secret']);

/** A server refusal's fields: the room names them as the form does (`domain`, `apiToken`, `url`, `secret`); others are not shown by a field. */
export function crmFieldErrors(fields: Readonly<Record<string, string>> | undefined): FieldErrors {
  return Object.fromEntries(Object.entries(fields ?? {}).filter(([name]) => FORM_FIELDS.has(name)));
}

/** A random signing secret (32 bytes, hex) for admins who don't have one yet. */
export function newSecret(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return [...random(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
