import * as v from 'valibot';
import { isSafeName, name, str, whole } from './bounds';
import { says } from './problems';
import { isEmail } from './text-checks';

const Ref = v.optional(v.pipe(v.string(), v.maxLength(64)));

// ---- settings -------------------------------------------------------------------------------

/** How the SMTP connection is secured: implicit TLS (465), STARTTLS (587), or none (a local relay, maildev). */
export const EmailTls = v.picklist(['tls', 'starttls', 'none']);
export type EmailTls = v.InferOutput<typeof EmailTls>;

/** An SMTP host name or IPv4 address; '' turns email off. */
export const SmtpHost = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(253),
  v.check((s) => s === '' || /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*$/.test(s), says({ code: 'email-host' })),
);
/** A domain (the reply-to domain); '' when there is none (no replies come back). */
export const MailDomain = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(253),
  v.check((s) => s === '' || /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+$/.test(s), says({ code: 'email-domain' })),
);
/** An address the server sends from: '' (not set) or a plain address. */
export const FromAddress = v.pipe(v.string(), v.trim(), v.maxLength(254), v.check((s) => s === '' || isEmail(s), says({ code: 'invalid-email' })));
/** Minutes an unseen agent reply waits before it is emailed. */
export const DelayMinutes = whole(1, 1_440);
export const EMAIL_DELAY_DEFAULT = 5;

const settingsFields = {
  host: SmtpHost,
  port: whole(1, 65_535),
  tls: EmailTls,
  user: v.pipe(v.string(), v.trim(), v.maxLength(254), v.check(isSafeName, says({ code: 'name-chars' }))),
  fromAddress: FromAddress,
  fromName: v.pipe(v.string(), v.trim(), v.maxLength(200), v.check(isSafeName, says({ code: 'name-chars' }))),
  replyDomain: MailDomain,
  delayMinutes: DelayMinutes,
  unseenReplies: v.boolean(),
  transcriptOnRequest: v.boolean(),
  transcriptAtClose: v.boolean(),
  missedNotice: v.boolean(),
};

/**
 * Sent by an admin to save the email settings. `password` absent keeps the stored one, '' removes it: the options
 * page never holds the password after saving. Host '' turns email off.
 */
export const EmailSettingsInput = v.strictObject({
  ...settingsFields,
  password: v.optional(v.pipe(v.string(), v.maxLength(500), v.check((s) => !/[\r\n\0]/.test(s), says({ code: 'name-chars' })))),
});
export type EmailSettingsInput = v.InferOutput<typeof EmailSettingsInput>;

/** The settings as an admin sees them: never the password, only whether one is stored. */
export const EmailSettingsView = v.strictObject({
  host: str(253),
  port: whole(0, 65_535),
  tls: EmailTls,
  user: str(254),
  passwordSet: v.boolean(),
  fromAddress: str(254),
  fromName: name(200),
  replyDomain: str(253),
  /** The inbound webhook URL with its secret, to paste into the provider (Postmark); null until email is configured. */
  inboundUrl: v.nullable(str(2_000)),
  delayMinutes: DelayMinutes,
  unseenReplies: v.boolean(),
  transcriptOnRequest: v.boolean(),
  transcriptAtClose: v.boolean(),
  missedNotice: v.boolean(),
});
export type EmailSettingsView = v.InferOutput<typeof EmailSettingsView>;

/**
 * `settings` as the save frame carries it: only "an object" is checked when the frame is decoded; the room checks
 * it with `EmailSettingsInput` itself (party/email/settings.ts), so refusals name the form's own fields.
 */
const SettingsOnWire = v.pipe(
  v.custom<v.InferInput<typeof EmailSettingsInput>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), says({ code: 'settings-object' })),
  v.transform((x): unknown => x),
);

// ---- admin → workspace room ------------------------------------------------------------------

/** Admins: the email settings. Answered `email-settings`. */
export const EmailSettingsGet = v.strictObject({ type: v.literal('email-settings-get'), ref: Ref });
/** Admins: save the email settings. Answered `ok {ref}`, then every admin gets `email-settings`. */
export const EmailSettingsSave = v.strictObject({ type: v.literal('email-settings-save'), ref: Ref, settings: SettingsOnWire });
/** Admins: send a test email to the requesting admin's own address. Answered `email-test-result` (or problem `email-needed`). */
export const EmailTest = v.strictObject({ type: v.literal('email-test'), ref: Ref });

// ---- workspace room → admins -----------------------------------------------------------------

export const EmailSettingsFrame = v.strictObject({ type: v.literal('email-settings'), ref: v.optional(str(200)), settings: EmailSettingsView });
export const EmailTestResult = v.strictObject({ type: v.literal('email-test-result'), ref: v.optional(str(200)), ok: v.boolean(), message: str(2_000) });
