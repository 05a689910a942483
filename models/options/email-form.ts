import * as v from 'valibot';
import { EMAIL_DELAY_DEFAULT, EmailSettingsInput, type EmailSettingsView, type EmailTls } from '../../protocol';
import { isEmail } from '../../protocol/text-checks';
import { texts } from '../i18n';
import type { EmailTexts } from '../i18n-en-email';
import { issuesToErrors, type Checked } from './validation';

export const TLS_MODES: readonly EmailTls[] = ['tls', 'starttls', 'none'];
/** The usual port of each mode (none: local test servers such as maildev): choosing a mode moves the port along while it still holds the previous mode's. */
export const TLS_PORTS: Readonly<Record<EmailTls, number>> = { tls: 465, starttls: 587, none: 1025 };

/**
 * What happens to the stored password on save: `keep` it (nothing sent), `replace` it with what is typed (an
 * empty field still keeps it), `remove` it (`password: ''`). Without a stored one the field is simply typed in.
 */
export type PasswordMode = 'keep' | 'replace' | 'remove';

/** What the Email form holds. Numbers stay text while typed; the password starts empty (the server never sends it). */
export type EmailForm = {
  host: string;
  port: string;
  tls: EmailTls;
  user: string;
  password: string;
  passwordSet: boolean;
  passwordMode: PasswordMode;
  fromAddress: string;
  fromName: string;
  replyDomain: string;
  delayMinutes: string;
  unseenReplies: boolean;
  transcriptOnRequest: boolean;
  transcriptAtClose: boolean;
  missedNotice: boolean;
};
export type EmailToggle = 'unseenReplies' | 'transcriptOnRequest' | 'transcriptAtClose' | 'missedNotice';
export const EMAIL_TOGGLES: readonly EmailToggle[] = ['unseenReplies', 'transcriptOnRequest', 'transcriptAtClose', 'missedNotice'];

/** The form for the settings the room sent (or the defaults before it did: implicit TLS, 5 minutes, every email on). */
export function formFromView(view: EmailSettingsView | null): EmailForm {
  return {
    host: view?.host ?? '',
    port: String(view?.port ?? TLS_PORTS.tls),
    tls: view?.tls ?? 'tls',
    user: view?.user ?? '',
    password: '',
    passwordSet: view?.passwordSet ?? false,
    passwordMode: 'keep',
    fromAddress: view?.fromAddress ?? '',
    fromName: view?.fromName ?? '',
    replyDomain: view?.replyDomain ?? '',
    delayMinutes: String(view?.delayMinutes ?? EMAIL_DELAY_DEFAULT),
    unseenReplies: view?.unseenReplies ?? true,
    transcriptOnRequest: view?.transcriptOnRequest ?? true,
    transcriptAtClose: view?.transcriptAtClose ?? true,
    missedNotice: view?.missedNotice ?? true,
  };
}

/** A new security mode, the port following it when the admin had left the previous mode's usual port. */
export function withTls(form: EmailForm, tls: EmailTls): EmailForm {
  const port = form.port.trim() === String(TLS_PORTS[form.tls]) ? String(TLS_PORTS[tls]) : form.port;
  return { ...form, tls, port };
}

/** The password as it goes on the wire: absent keeps the stored one, '' removes it, text replaces it. */
export function passwordField(form: EmailForm): { password?: string } {
  if (form.passwordSet && form.passwordMode === 'remove') return { password: '' };
  if (form.passwordSet && form.passwordMode === 'keep') return {};
  return form.password !== '' ? { password: form.password } : {};
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
/** A host name (`smtp.example.com`, `localhost`) or an IPv4 address, as the server's `SmtpHost` takes it. */
export const isHostName = (s: string) => s.length <= 253 && s.split('.').every((label) => LABEL.test(label));
/** A domain with at least one dot (`reply.example.com`), as the server's `MailDomain` takes it. */
export const isDomain = (s: string) => s.includes('.') && isHostName(s);
const whole = (s: string, min: number, max: number): number | null => {
  const t = s.trim();
  if (!/^\d{1,6}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
};

/**
 * The settings to send, or what is wrong, field by field (in the page's language). An empty host turns email off:
 * then nothing else is required (what is typed is still checked, and kept). The server's own schema runs last,
 * so nothing it would refuse is sent.
 */
export function checkEmailForm(form: EmailForm, t: Pick<EmailTexts, 'invalid' | 'required'> = texts().options.email): Checked<EmailSettingsInput> {
  const errors: Record<string, string> = {};
  const host = form.host.trim().toLowerCase();
  const fromAddress = form.fromAddress.trim();
  const replyDomain = form.replyDomain.trim().toLowerCase().replace(/^@/, '');
  const on = host !== '';
  if (on && !isHostName(host)) errors['host'] = t.invalid.host;
  const port = whole(form.port, 1, 65_535);
  if (port === null) errors['port'] = t.invalid.port;
  if (form.user.trim().length > 254) errors['user'] = t.invalid.user;
  const password = passwordField(form);
  if ((password.password?.length ?? 0) > 500) errors['password'] = t.invalid.password;
  if (fromAddress === '' && on) errors['fromAddress'] = t.required.fromAddress;
  else if (fromAddress !== '' && (fromAddress.length > 254 || !isEmail(fromAddress))) errors['fromAddress'] = t.invalid.fromAddress;
  if (form.fromName.trim().length > 200) errors['fromName'] = t.invalid.fromName;
  if (replyDomain !== '' && !isDomain(replyDomain)) errors['replyDomain'] = t.invalid.replyDomain;
  const delayMinutes = whole(form.delayMinutes, 1, 1_440);
  if (delayMinutes === null) errors['delayMinutes'] = t.invalid.delayMinutes;
  const raw = {
    host,
    port: port ?? 0,
    tls: form.tls,
    user: form.user.trim(),
    ...password,
    fromAddress,
    fromName: form.fromName.trim(),
    replyDomain,
    delayMinutes: delayMinutes ?? 0,
    unseenReplies: form.unseenReplies,
    transcriptOnRequest: form.transcriptOnRequest,
    transcriptAtClose: form.transcriptAtClose,
    missedNotice: form.missedNotice,
  };
  const result = v.safeParse(EmailSettingsInput, raw);
  if (!result.success) for (const [field, message] of Object.entries(issuesToErrors(result.issues))) errors[field] ??= message;
  if (!result.success || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: result.output };
}

/** The form differs from what is saved (then `Send test email`, which uses the saved settings, asks to save first). */
export function isDirty(form: EmailForm, view: EmailSettingsView | null): boolean {
  const saved = formFromView(view);
  const keys = Object.keys(saved) as (keyof EmailForm)[];
  const changed = keys.some((k) => k !== 'password' && k !== 'passwordMode' && String(form[k]).trim() !== String(saved[k]).trim());
  return changed || 'password' in passwordField(form);
}

const FORM_FIELDS = new Set<string>(['host', 'port', 'tls', 'user', 'password', 'fromAddress', 'fromName', 'replyDomain', 'delayMinutes']);

/** A server refusal's fields (`settings.host` or `host`) in form terms; others are not shown by a field. */
export function emailFieldErrors(fields: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields ?? {})) {
    const name = path.replace(/^settings\./, '');
    if (FORM_FIELDS.has(name)) out[name] = message;
  }
  return out;
}

/** Where the `Send test email` button stands: nothing yet, waiting, the server's answer, or a refusal in words. */
export type TestState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'ok'; message: string } | { kind: 'failed'; message: string };

/** The sentence shown for a test's state (null: nothing to say). */
export function testText(state: TestState, t: Pick<EmailTexts, 'testOk' | 'testFailed' | 'testing'> = texts().options.email): string | null {
  switch (state.kind) {
    case 'idle':
      return null;
    case 'sending':
      return t.testing;
    case 'ok':
      return t.testOk(state.message);
    case 'failed':
      return t.testFailed(state.message);
  }
}
