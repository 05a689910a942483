import * as v from 'valibot';
import { BatonError, EMAIL_DELAY_DEFAULT, EmailSettingsInput, issuePath, issueProblems, fieldProblems, type EmailSettingsView } from '../../protocol';
import { randomId } from '../auth';

/** As stored in the workspace room (key `email:settings`). The password and the inbound secret stay here. */
export type EmailSettings = {
  v: 1;
  host: string;
  port: number;
  tls: 'tls' | 'starttls' | 'none';
  user: string;
  password: string;
  fromAddress: string;
  fromName: string;
  replyDomain: string;
  delayMinutes: number;
  unseenReplies: boolean;
  transcriptOnRequest: boolean;
  transcriptAtClose: boolean;
  missedNotice: boolean;
  /** The inbound webhook's secret (the `key` of its URL, or the basic-auth password). Made once email is configured. */
  inboundSecret: string;
};

export const EMAIL_SETTINGS_KEY = 'email:settings';

export const defaultEmailSettings = (): EmailSettings => ({
  v: 1,
  host: '',
  port: 465,
  tls: 'tls',
  user: '',
  password: '',
  fromAddress: '',
  fromName: '',
  replyDomain: '',
  delayMinutes: EMAIL_DELAY_DEFAULT,
  unseenReplies: true,
  transcriptOnRequest: true,
  transcriptAtClose: true,
  missedNotice: true,
  inboundSecret: '',
});

/** Email is on: a host and a from address. */
export const emailOn = (s: EmailSettings) => s.host !== '' && s.fromAddress !== '';

/** The inbound webhook URL an admin pastes into the provider (its secret in the query). */
export function inboundUrlOf(s: EmailSettings, publicUrl: string | null, workspaceId: string): string | null {
  if (!emailOn(s) || !s.inboundSecret) return null;
  return `${publicUrl ?? ''}/parties/workspace/${encodeURIComponent(workspaceId)}/email/inbound?key=${s.inboundSecret}`;
}

/** What admins are sent: never the password, only whether one is stored. */
export function emailView(s: EmailSettings, publicUrl: string | null, workspaceId: string): EmailSettingsView {
  const { v: _v, password, inboundSecret: _i, ...rest } = s;
  return { ...rest, passwordSet: password.length > 0, inboundUrl: inboundUrlOf(s, publicUrl, workspaceId) };
}

/** An admin's settings as sent in `email-settings-save` (decoded unchecked): refusals name the form's fields. */
export function parseEmailSettings(raw: unknown): EmailSettingsInput {
  const result = v.safeParse(EmailSettingsInput, raw);
  if (result.success) return result.output;
  const named = issueProblems(result.issues, (issue) => issuePath(issue) || 'host');
  const [field, message] = Object.entries(named.fields)[0]!;
  throw new BatonError('invalid-field', `Invalid ${field}: ${message}`, named);
}

/** New settings from an admin's input: a password left out keeps the stored one, '' removes it. */
export function mergeEmailSettings(input: EmailSettingsInput, stored: EmailSettings): EmailSettings {
  const { password, ...fields } = input;
  if (fields.host && !fields.fromAddress) throw new BatonError('invalid-field', 'Set the address emails are sent from', fieldProblems({ fromAddress: { code: 'required' } }));
  const next: EmailSettings = { ...stored, ...fields, v: 1, password: password ?? stored.password };
  if (emailOn(next) && !next.inboundSecret) next.inboundSecret = randomId(24);
  return next;
}

/** Secrets that must never appear in a message shown to anyone (an SMTP server may echo what it was sent). */
export const emailSecretsOf = (s: EmailSettings) => [s.password, s.inboundSecret].filter((x) => x.length > 0);
