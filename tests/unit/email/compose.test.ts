import { describe, expect, test } from 'vitest';
import { MARKER, compose, headerSafe, isStrictAddress, langOf, maskAddress, type ComposeInput } from '../../../party/email/compose';
import { checkedEmail } from '../../../party/email/outbox';
import type { OutgoingEmail } from '../../../party/email/transport';

const AT = Date.UTC(2026, 5, 3, 10, 0);
const base: ComposeInput = {
  kind: 'unseen',
  lang: 'en',
  workspaceName: 'Acme',
  lines: [{ from: 'agent', name: 'Sam', text: 'Hello', at: AT }],
  stopUrl: 'https://chat.example/parties/workspace/w/email/stop?t=abc',
  replies: true,
};

/** The header block as worker-mailer writes it: `Name: value` lines joined by CRLF (dist/index.mjs getEmailData). */
function wire(e: OutgoingEmail): string {
  const lines = [`From: "${e.from.name}" <${e.from.address}>`, `To: <${e.to}>`, ...(e.replyTo ? [`Reply-To: <${e.replyTo}>`] : []), `Subject: ${e.subject}`];
  for (const [k, v] of Object.entries(e.headers)) lines.push(`${k}: ${v}`);
  return lines.join('\r\n');
}

describe('header injection', () => {
  test('CR, LF and other controls never survive into a header value', () => {
    expect(headerSafe('Hi\r\nBcc: evil@z.com')).toBe('Hi Bcc: evil@z.com');
    expect(headerSafe('a\u0000b\u0085c\u2028d\u202Ee')).toBe('a b c d e');
    expect(headerSafe('x'.repeat(300))).toHaveLength(200);
  });

  test('a workspace, agent or subject carrying CRLF never yields a Bcc: header on the wire', () => {
    const evil = 'Acme\r\nBcc: evil@attacker.example\r\n';
    const body = compose({ ...base, workspaceName: evil, lines: [{ from: 'agent', name: 'Sam\r\nBcc: x@y.com', text: 'hi\r\nBcc: z@y.com', at: AT }] });
    const e = checkedEmail({ from: { address: 'chat@acme.example', name: evil }, to: 'v@example.com', replyTo: 'reply+tok@r.acme.example', subject: body.subject, text: body.text, html: body.html, headers: { 'X-Test': 'a\r\nBcc: q@y.com', 'Bad\r\nBcc': 'x' } })!;
    const head = wire(e);
    expect(head.split('\r\n').some((l) => /^bcc:/i.test(l))).toBe(false);
    expect(Object.keys(e.headers)).toEqual(['X-Test']);
  });

  test('addresses are checked strictly: no display names, lists, brackets or line breaks', () => {
    for (const ok of ['a@example.com', 'vera+chat@sub.example.co', "o'hara@example.ie".replace("'", '')]) expect(isStrictAddress(ok)).toBe(true);
    for (const bad of ['a@b', 'A <a@example.com>', 'a@example.com, b@example.com', 'a@example.com\r\nBcc: x@y.com', 'a b@example.com', '"a"@example.com', '.a@example.com', 'a..b@example.com', `${'a'.repeat(65)}@example.com`]) {
      expect(isStrictAddress(bad)).toBe(false);
    }
    expect(checkedEmail({ from: { address: 'chat@acme.example', name: 'A' }, to: 'a@example.com\nBcc: x@y.com', subject: 's', text: 't', html: 'h', headers: {} })).toBeNull();
  });
});

describe('compose', () => {
  test('unseen: the marker on top, the messages, the reply hint, the unsubscribe link; in plain text and HTML', () => {
    const c = compose({ ...base, lines: [...base.lines, { from: 'agent', name: 'Sam', text: 'Second', at: AT + 1 }] });
    expect(c.subject).toBe('New reply from Acme');
    expect(c.text.split('\n')[0]).toBe(MARKER.en);
    expect(c.text).toContain('Hello');
    expect(c.text).toContain('Second');
    expect(c.text).toContain(base.stopUrl);
    expect(c.html).toContain(`href="${base.stopUrl}"`);
  });

  test('French for a French visitor', () => {
    expect(langOf('fr-CA')).toBe('fr');
    expect(langOf('en-GB')).toBe('en');
    expect(langOf(undefined)).toBe('en');
    const c = compose({ ...base, lang: 'fr', kind: 'transcript' });
    expect(c.subject).toBe('Votre conversation avec Acme');
    expect(c.text.split('\n')[0]).toBe(MARKER.fr);
  });

  test('no marker nor reply hint when replies cannot come back', () => {
    const c = compose({ ...base, replies: false, kind: 'missed' });
    expect(c.text).not.toContain(MARKER.en);
    expect(c.subject).toBe('Acme got your message');
  });

  test('message text is escaped in HTML; only http(s) becomes a link', () => {
    const c = compose({ ...base, lines: [{ from: 'visitor', name: '', text: '<script>x</script> https://ok.example/a javascript:alert(1)', at: AT }] });
    expect(c.html).not.toContain('<script>');
    expect(c.html).toContain('&lt;script&gt;');
    expect(c.html).toContain('<a href="https://ok.example/a">');
    expect(c.html).not.toContain('href="javascript');
    expect(c.text).toContain('You ·');
  });

  test('a long chat keeps the newest messages and says earlier ones were left out', () => {
    const lines = Array.from({ length: 600 }, (_, i) => ({ from: 'agent' as const, name: 'Sam', text: `line ${i}`, at: AT + i }));
    const c = compose({ ...base, kind: 'transcript', lines });
    expect(c.text).toContain('(earlier messages omitted)');
    expect(c.text).toContain('line 599');
    expect(c.text).not.toContain('line 99\n');
  });

  test('addresses are masked for the timeline', () => {
    expect(maskAddress('vera@example.com')).toBe('v***@example.com');
    expect(maskAddress('bad')).toBe('***');
  });
});

test('lines the sender already left out are said to be omitted', () => {
  expect(compose({ ...base, kind: 'transcript', omitted: true }).text).toContain('(earlier messages omitted)');
  expect(compose({ ...base, kind: 'transcript' }).text).not.toContain('(earlier messages omitted)');
});
