import { describe, expect, test } from 'vitest';
import { htmlToText, isAutoReply, stripQuoted } from '../../../party/email/reply-text';

// Quoting as each client writes it (from real replies, addresses changed).
const GMAIL = `Yes, Tuesday works for me.

On Mon, 3 Jun 2024 at 10:02, Acme <reply+abc-xyz-def@reply.acme.example> wrote:
> --- Reply above this line ---
>
> Acme answered you while you were away:
> Sam · 3 Jun 2024, 10:00
> Can we call on Tuesday?`;

const GMAIL_WRAPPED = `Sounds good

On Mon, 3 Jun 2024 at 10:02, Acme Sales Team <
reply+abc-xyz-def@reply.acme.example> wrote:

> Can we call on Tuesday?`;

const OUTLOOK = `Thanks, I will check with my team.

Best regards
Vera

________________________________
From: Acme <chat@acme.example>
Sent: Monday, June 3, 2024 10:02 AM
To: vera@example.com
Subject: New reply from Acme

--- Reply above this line ---
Acme answered you while you were away:`;

const OUTLOOK_ORIGINAL = `Please send the quote.

-----Original Message-----
From: Acme [mailto:chat@acme.example]
Sent: Monday, June 3, 2024 10:02 AM`;

const APPLE = `Perfect, thank you!

Sent from my iPhone

> On 3 Jun 2024, at 10:02, Acme <reply+abc-xyz-def@reply.acme.example> wrote:
> 
> --- Reply above this line ---`;

const GMAIL_FR = `D'accord pour mardi.

Le lun. 3 juin 2024 à 10:02, Acme <reply+abc@reply.acme.example> a écrit :
> Pouvons-nous appeler mardi ?`;

describe('stripQuoted', () => {
  test('Gmail', () => expect(stripQuoted(GMAIL)).toBe('Yes, Tuesday works for me.'));
  test('Gmail with the "On … wrote:" line wrapped', () => expect(stripQuoted(GMAIL_WRAPPED)).toBe('Sounds good'));
  test('Outlook (underscore separator and From/Sent block)', () => expect(stripQuoted(OUTLOOK)).toBe('Thanks, I will check with my team.\n\nBest regards\nVera'));
  test('Outlook "Original Message"', () => expect(stripQuoted(OUTLOOK_ORIGINAL)).toBe('Please send the quote.'));
  test('Apple Mail (quoted header, "Sent from my iPhone")', () => expect(stripQuoted(APPLE)).toBe('Perfect, thank you!'));
  test('Gmail in French', () => expect(stripQuoted(GMAIL_FR)).toBe("D'accord pour mardi."));
  test('our marker line cuts even without a quote header', () => expect(stripQuoted('ok!\n--- Reply above this line ---\nold')).toBe('ok!'));
  test('a "-- " signature is dropped', () => expect(stripQuoted('See you\n-- \nVera Visitor\nCEO')).toBe('See you'));
  test('CRLF line ends', () => expect(stripQuoted('Hi\r\n\r\nOn Mon, X wrote:\r\n> q')).toBe('Hi'));
});

describe('htmlToText', () => {
  test('blocks become lines, entities decoded, scripts and quotes dropped', () => {
    const html = '<html><head><style>p{}</style></head><body><div>Yes &amp; no</div><p>Call me at 10&nbsp;am &#8212; ok?</p><script>alert(1)</script><blockquote>old stuff</blockquote></body></html>';
    const text = htmlToText(html);
    expect(text).toContain('Yes & no');
    expect(text).toContain('Call me at 10 am — ok?');
    expect(text).not.toContain('alert');
    expect(text).not.toContain('old stuff');
    expect(stripQuoted(text)).toBe('Yes & no\nCall me at 10 am — ok?');
  });
});

describe('isAutoReply', () => {
  const h = (name: string, value: string) => [{ name, value }];
  test('out-of-office, bulk and list mail, bounces', () => {
    expect(isAutoReply(h('Auto-Submitted', 'auto-replied'), 'v@example.com')).toBe(true);
    expect(isAutoReply(h('X-Autoreply', 'yes'), 'v@example.com')).toBe(true);
    expect(isAutoReply(h('Precedence', 'bulk'), 'v@example.com')).toBe(true);
    expect(isAutoReply(h('List-Id', '<x.example>'), 'v@example.com')).toBe(true);
    expect(isAutoReply([], 'MAILER-DAEMON@example.com')).toBe(true);
    expect(isAutoReply([], '')).toBe(true);
  });
  test('a person answering', () => {
    expect(isAutoReply(h('Auto-Submitted', 'no'), 'v@example.com')).toBe(false);
    expect(isAutoReply([], 'v@example.com')).toBe(false);
  });
});
