import { describe, expect, it } from 'vitest';
import { checkEmailForm, emailFieldErrors, formFromView, isDirty, passwordField, testText, withTls, type EmailForm } from '../../../models/options/email-form';
import { textsIn } from '../../../models/i18n';
import type { EmailSettingsView } from '../../../protocol';

const t = textsIn('en').options.email;
const view = (over: Partial<EmailSettingsView> = {}): EmailSettingsView => ({
  host: 'smtp.postmarkapp.com',
  port: 587,
  tls: 'starttls',
  user: 'token-user',
  passwordSet: true,
  fromAddress: 'support@acme.test',
  fromName: 'Acme support',
  replyDomain: 'reply.acme.test',
  inboundUrl: 'https://baton.test/parties/main/acme/email/inbound?key=s3cret',
  delayMinutes: 10,
  unseenReplies: true,
  transcriptOnRequest: false,
  transcriptAtClose: true,
  missedNotice: true,
  ...over,
});
const form = (over: Partial<EmailForm> = {}): EmailForm => ({ ...formFromView(view()), ...over });
const check = (f: EmailForm) => checkEmailForm(f, t);

describe('Email form: from the room’s settings', () => {
  it('starts from the defaults before the room answers: implicit TLS on 465, 5 minutes, every email on, no password', () => {
    expect(formFromView(null)).toEqual({
      host: '', port: '465', tls: 'tls', user: '', password: '', passwordSet: false, passwordMode: 'keep', fromAddress: '', fromName: '', replyDomain: '',
      delayMinutes: '5', unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: true, missedNotice: true,
    });
  });

  it('holds what the room sent, the password field empty even when one is stored', () => {
    const f = formFromView(view());
    expect(f).toMatchObject({ host: 'smtp.postmarkapp.com', port: '587', tls: 'starttls', passwordSet: true, password: '', passwordMode: 'keep', delayMinutes: '10', transcriptOnRequest: false });
  });

  it('moves the port along with the security mode only while it holds the previous mode’s usual port', () => {
    expect(withTls(form({ tls: 'tls', port: '465' }), 'starttls').port).toBe('587');
    expect(withTls(form({ tls: 'starttls', port: '587' }), 'none').port).toBe('1025');
    expect(withTls(form({ tls: 'starttls', port: '2525' }), 'tls')).toMatchObject({ tls: 'tls', port: '2525' });
  });
});

describe('Email form: the password is write-only', () => {
  it('keeps the stored one: nothing sent', () => {
    expect(passwordField(form({ passwordMode: 'keep' }))).toEqual({});
    const out = check(form());
    expect(out.ok && 'password' in out.value).toBe(false);
  });

  it('Replace with an empty field still keeps it; with text, sends the new one as typed (spaces kept)', () => {
    expect(passwordField(form({ passwordMode: 'replace', password: '' }))).toEqual({});
    expect(passwordField(form({ passwordMode: 'replace', password: ' new pass ' }))).toEqual({ password: ' new pass ' });
    const out = check(form({ passwordMode: 'replace', password: 'n3w' }));
    expect(out.ok && out.value.password).toBe('n3w');
  });

  it('Remove sends an empty password (the server then forgets it), whatever was typed before', () => {
    expect(passwordField(form({ passwordMode: 'remove', password: 'typed then removed' }))).toEqual({ password: '' });
    const out = check(form({ passwordMode: 'remove' }));
    expect(out.ok && out.value.password).toBe('');
  });

  it('without a stored one, sends what is typed, or nothing', () => {
    expect(passwordField(form({ passwordSet: false, password: '' }))).toEqual({});
    expect(passwordField(form({ passwordSet: false, password: 'p' }))).toEqual({ password: 'p' });
  });

  it('refuses a password with a line break (the server would), next to the field', () => {
    expect(check(form({ passwordMode: 'replace', password: 'a\r\nb' }))).toMatchObject({ ok: false, errors: { password: expect.any(String) } });
  });
});

describe('Email form: validation', () => {
  it('sends clean settings: trimmed, lower-cased host and domain, numbers as numbers', () => {
    const out = check(form({ host: ' SMTP.Example.COM ', port: ' 465 ', fromAddress: ' a@b.test ', replyDomain: '@Reply.Example.com', delayMinutes: '1440' }));
    expect(out).toEqual({
      ok: true,
      value: {
        host: 'smtp.example.com', port: 465, tls: 'starttls', user: 'token-user', fromAddress: 'a@b.test', fromName: 'Acme support', replyDomain: 'reply.example.com',
        delayMinutes: 1440, unseenReplies: true, transcriptOnRequest: false, transcriptAtClose: true, missedNotice: true,
      },
    });
  });

  it('an empty host turns email off: the sender is then not required', () => {
    expect(check(formFromView(null)).ok).toBe(true);
    expect(check(form({ host: '', fromAddress: '', replyDomain: '' })).ok).toBe(true);
  });

  it('with a host, the from address is required; the reply domain may stay empty (no replies come back)', () => {
    expect(check(form({ fromAddress: ' ' }))).toEqual({ ok: false, errors: { fromAddress: t.required.fromAddress } });
    expect(check(form({ replyDomain: '' })).ok).toBe(true);
  });

  it('names each wrong field, in the page’s words', () => {
    const out = check(form({ host: 'smtp..example', port: '70000', fromAddress: 'nope', replyDomain: 'localhost', delayMinutes: '0' }));
    expect(out).toEqual({
      ok: false,
      errors: { host: t.invalid.host, port: t.invalid.port, fromAddress: t.invalid.fromAddress, replyDomain: t.invalid.replyDomain, delayMinutes: t.invalid.delayMinutes },
    });
  });

  it.each(['', 'abc', '1.5', '-3', '1441'])('refuses %j minutes', (delayMinutes) => {
    expect(check(form({ delayMinutes }))).toMatchObject({ ok: false, errors: { delayMinutes: t.invalid.delayMinutes } });
  });

  it.each(['0', '65536', '25a', ''])('refuses port %j', (port) => {
    expect(check(form({ port }))).toMatchObject({ ok: false, errors: { port: t.invalid.port } });
  });

  it('runs the server’s schema last: a from name with a control character is refused by the field', () => {
    expect(check(form({ fromName: 'Acme\u0007' }))).toMatchObject({ ok: false, errors: { fromName: expect.any(String) } });
  });

  it('speaks French in a French browser', () => {
    const fr = textsIn('fr').options.email;
    expect(checkEmailForm(form({ port: 'x' }), fr)).toMatchObject({ ok: false, errors: { port: fr.invalid.port } });
  });
});

describe('Email form: unsaved changes and the server’s field names', () => {
  it('is clean as loaded, dirty after a change, a password to send, or a removal', () => {
    const v = view();
    expect(isDirty(formFromView(v), v)).toBe(false);
    expect(isDirty({ ...formFromView(v), host: 'other.test' }, v)).toBe(true);
    expect(isDirty({ ...formFromView(v), missedNotice: false }, v)).toBe(true);
    expect(isDirty({ ...formFromView(v), passwordMode: 'replace', password: '' }, v)).toBe(false);
    expect(isDirty({ ...formFromView(v), passwordMode: 'replace', password: 'x' }, v)).toBe(true);
    expect(isDirty({ ...formFromView(v), passwordMode: 'remove' }, v)).toBe(true);
  });

  it('keeps the refusal fields the form has (with or without `settings.`), drops the rest', () => {
    expect(emailFieldErrors({ 'settings.host': 'bad host', replyDomain: 'bad domain', settings: 'whole', other: 'x' })).toEqual({ host: 'bad host', replyDomain: 'bad domain' });
    expect(emailFieldErrors(undefined)).toEqual({});
  });
});

describe('Send test email: what each state says', () => {
  it('nothing at first, then sending, then the server’s words for ok and failed', () => {
    expect(testText({ kind: 'idle' }, t)).toBeNull();
    expect(testText({ kind: 'sending' }, t)).toBe('Sending…');
    expect(testText({ kind: 'ok', message: 'sent to ada@acme.test' }, t)).toBe('Test email sent: sent to ada@acme.test');
    expect(testText({ kind: 'failed', message: '535 Authentication failed' }, t)).toBe('Test email failed: 535 Authentication failed');
  });
});
