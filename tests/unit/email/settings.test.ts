import { describe, expect, test } from 'vitest';
import { defaultEmailSettings, emailView, mergeEmailSettings, parseEmailSettings } from '../../../party/email/settings';
import { BatonError } from '../../../protocol';

const input = { host: 'smtp.postmarkapp.com', port: 587, tls: 'starttls', user: 'token', fromAddress: 'chat@acme.example', fromName: 'Acme', replyDomain: 'reply.acme.example', delayMinutes: 5, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: true, missedNotice: true };

describe('email settings', () => {
  test('the password is stored but never in the view; the inbound URL carries the secret', () => {
    const s = mergeEmailSettings(parseEmailSettings({ ...input, password: 'hunter2' }), defaultEmailSettings());
    expect(s.password).toBe('hunter2');
    const view = emailView(s, 'https://chat.example', 'ws1');
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(view.passwordSet).toBe(true);
    expect(view.inboundUrl).toBe(`https://chat.example/parties/workspace/ws1/email/inbound?key=${s.inboundSecret}`);
    expect(s.inboundSecret.length).toBeGreaterThanOrEqual(32);
  });

  test('a password left out keeps the stored one; an empty one removes it; the secret stays', () => {
    const first = mergeEmailSettings(parseEmailSettings({ ...input, password: 'hunter2' }), defaultEmailSettings());
    const kept = mergeEmailSettings(parseEmailSettings(input), first);
    expect(kept.password).toBe('hunter2');
    expect(kept.inboundSecret).toBe(first.inboundSecret);
    expect(mergeEmailSettings(parseEmailSettings({ ...input, password: '' }), first).password).toBe('');
  });

  test('email off (no host): no inbound URL', () => {
    const s = mergeEmailSettings(parseEmailSettings({ ...input, host: '', fromAddress: '' }), defaultEmailSettings());
    expect(emailView(s, null, 'ws1').inboundUrl).toBeNull();
  });

  test('refusals name the form field', () => {
    const field = (raw: unknown) => {
      try {
        mergeEmailSettings(parseEmailSettings(raw), defaultEmailSettings());
        return null;
      } catch (e) {
        return Object.keys((e as BatonError).extra.problems ?? {})[0];
      }
    };
    expect(field({ ...input, host: 'smtp host\r\n' })).toBe('host');
    expect(field({ ...input, fromAddress: 'Acme <chat@acme.example>' })).toBe('fromAddress');
    expect(field({ ...input, fromAddress: '' })).toBe('fromAddress');
    expect(field({ ...input, replyDomain: 'not a domain' })).toBe('replyDomain');
    expect(field({ ...input, delayMinutes: 0 })).toBe('delayMinutes');
    expect(field({ ...input, port: 70_000 })).toBe('port');
    expect(field({ ...input, fromName: 'Acme\r\nBcc: x@y.z' })).toBe('fromName');
    expect(field(input)).toBeNull();
  });
});
