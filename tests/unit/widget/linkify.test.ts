import { describe, expect, it } from 'vitest';
import { autolink } from '../../../protocol/autolink';

// The widget's message links come from protocol/autolink.ts (one splitter for widget and side panel).
// These cases were written for the widget; they hold the shared splitter to them.
type Piece = string | { href: string; text: string };
const linkify = (text: string): Piece[] => autolink(text).map((p) => (p.t === 'text' ? p.v : { href: p.href, text: p.v }));

const links = (text: string) => linkify(text).filter((p) => typeof p !== 'string');

describe('linkify', () => {
  it('links http(s) addresses and keeps the text around them', () => {
    expect(linkify('See https://example.com/pricing?plan=city#faq for details')).toEqual([
      'See ',
      { href: 'https://example.com/pricing?plan=city#faq', text: 'https://example.com/pricing?plan=city#faq' },
      ' for details',
    ]);
    expect(links('http://shop.example:8080/a/b')).toEqual([{ href: 'http://shop.example:8080/a/b', text: 'http://shop.example:8080/a/b' }]);
    expect(linkify('no links here')).toEqual(['no links here']);
    expect(linkify('')).toEqual([]);
  });

  it('links email addresses as mailto:', () => {
    expect(linkify('Write to ada.lovelace+bikes@example.co.uk, please.')).toEqual([
      'Write to ',
      { href: 'mailto:ada.lovelace+bikes@example.co.uk', text: 'ada.lovelace+bikes@example.co.uk' },
      ', please.',
    ]);
    expect(links('not@an-address')).toEqual([]);
  });

  it('leaves trailing punctuation and unmatched brackets out of the link', () => {
    for (const [text, url] of [
      ['Go to https://example.com.', 'https://example.com'],
      ['https://example.com/a, then', 'https://example.com/a'],
      ['(see https://example.com/a)', 'https://example.com/a'],
      ['[https://example.com/a]', 'https://example.com/a'],
      ['Really? https://example.com/a?!', 'https://example.com/a'],
      ['"https://example.com/q"', 'https://example.com/q'],
      ['https://en.wikipedia.org/wiki/Bike_(disambiguation).', 'https://en.wikipedia.org/wiki/Bike_(disambiguation)'],
    ]) {
      expect(links(text!), text).toEqual([{ href: url, text: url }]);
      expect(linkify(text!).map((p) => (typeof p === 'string' ? p : p.text)).join(''), text).toBe(text);
    }
  });

  it('never links other schemes or anything that could run script', () => {
    for (const text of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '<a href="javascript:alert(1)">click</a>',
      '<img src=x onerror=alert(1)>',
      'ftp://example.com/file',
      'https://',
      'https:// example.com',
    ]) {
      expect(links(text), text).toEqual([]);
    }
  });

  it('only ever produces http(s):// and mailto: hrefs made of the matched text', () => {
    const tricky = [
      'javascript://https://example.com/%0aalert(1)',
      'https://example.com/"><img src=x onerror=alert(1)>',
      "https://example.com/' onmouseover='alert(1)",
      'mailto:ada@example.com?subject=x&body=<script>',
      'ada@example.com?cc=evil@example.com',
      'x@y.z javascript:alert(1)@example.com',
    ];
    for (const text of tricky) {
      for (const l of links(text)) {
        expect(l.href, text).toMatch(/^(https?:\/\/|mailto:)/);
        expect(l.href, text).not.toMatch(/[\s<>"]|javascript:/i);
        expect(l.href.endsWith(l.text), text).toBe(true);
      }
    }
    expect(links('https://example.com/"><img src=x onerror=alert(1)>')).toEqual([{ href: 'https://example.com/', text: 'https://example.com/' }]);
    expect(links('ada@example.com?cc=evil@example.com').map((l) => l.href)).toEqual(['mailto:ada@example.com', 'mailto:evil@example.com']);
  });
});
