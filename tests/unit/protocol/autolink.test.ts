import { describe, expect, it } from 'vitest';
import { autolink, isAutolinkHref } from '../../../protocol/autolink';

const links = (s: string) => autolink(s).filter((p) => p.t === 'link').map((p) => (p.t === 'link' ? p.href : ''));

describe('autolink', () => {
  it('keeps plain text as one piece', () => {
    expect(autolink('Do you ship to Lyon?')).toEqual([{ t: 'text', v: 'Do you ship to Lyon?' }]);
    expect(autolink('')).toEqual([]);
  });

  it('links http(s) URLs and leaves the text around them', () => {
    expect(autolink('See https://shop.example/p?id=3&x=y#top now')).toEqual([
      { t: 'text', v: 'See ' },
      { t: 'link', v: 'https://shop.example/p?id=3&x=y#top', href: 'https://shop.example/p?id=3&x=y#top' },
      { t: 'text', v: ' now' },
    ]);
    expect(links('HTTP://EXAMPLE.COM and http://a.b')).toEqual(['HTTP://EXAMPLE.COM', 'http://a.b']);
  });

  it('leaves trailing punctuation and unbalanced brackets out', () => {
    expect(autolink('(see https://a.b/c).')).toEqual([
      { t: 'text', v: '(see ' },
      { t: 'link', v: 'https://a.b/c', href: 'https://a.b/c' },
      { t: 'text', v: ').' },
    ]);
    expect(links('https://a.b/c).')).toEqual(['https://a.b/c']);
    expect(links('Go to https://a.b/x, then https://a.b/y! Or https://a.b/z? "https://a.b/q"; [https://a.b/r]')).toEqual([
      'https://a.b/x',
      'https://a.b/y',
      'https://a.b/z',
      'https://a.b/q',
      'https://a.b/r',
    ]);
    expect(links('https://a.b/c...')).toEqual(['https://a.b/c']);
  });

  it('keeps brackets the URL opened itself', () => {
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar).')).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
    expect(links('(https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
  });

  it('never links other schemes', () => {
    for (const s of ['javascript:alert(1)', 'JavaScript://%0aalert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'ftp://a.b/c', 'file:///etc/passwd']) {
      expect(links(s), s).toEqual([]);
      expect(autolink(s).map((p) => p.v).join('')).toBe(s);
    }
    // A scheme glued to a word is not a URL start either.
    expect(links('xhttps://a.b')).toEqual([]);
    expect(links('javascript:https://a.b')).toEqual(['https://a.b']);
  });

  it('does not link www. without a scheme (documented choice)', () => {
    expect(links('www.example.com')).toEqual([]);
  });

  it('does not link a scheme without a host', () => {
    expect(links('https:// nothing, https://, https:///x')).toEqual([]);
  });

  it('stops a URL at whitespace, quotes and angle brackets', () => {
    expect(links('https://a.b/x"onmouseover="alert(1)')).toEqual(['https://a.b/x']);
    expect(links('<https://a.b/x>')).toEqual(['https://a.b/x']);
    expect(links('https://a.b/x\tjavascript:1')).toEqual(['https://a.b/x']);
  });

  it('links email addresses as mailto, without surrounding punctuation', () => {
    expect(autolink('Mail vera.martin+sales@lyon-bikes.example.fr.')).toEqual([
      { t: 'text', v: 'Mail ' },
      { t: 'link', v: 'vera.martin+sales@lyon-bikes.example.fr', href: 'mailto:vera.martin+sales@lyon-bikes.example.fr' },
      { t: 'text', v: '.' },
    ]);
    expect(links('(a@b.co), <c@d.io>')).toEqual(['mailto:a@b.co', 'mailto:c@d.io']);
    expect(links('.x@y.com')).toEqual(['mailto:x@y.com']);
  });

  it('does not link things that only look like addresses', () => {
    for (const s of ['@ada', 'a@b', 'a@b.c', 'user@', '@example.com', 'a@b.com2', 'a@@b.com']) expect(links(s), s).toEqual([]);
  });

  it('treats an @ inside a URL as part of the URL', () => {
    expect(links('https://user@host.example/x')).toEqual(['https://user@host.example/x']);
  });

  it('gives back the input exactly when the pieces are joined', () => {
    const s = 'a https://x.y/(z)). b@c.de, www.q.r javascript:alert(1) ';
    expect(autolink(s).map((p) => p.v).join('')).toBe(s);
  });

  it('only produces hrefs that pass isAutolinkHref', () => {
    expect(isAutolinkHref('https://a.b')).toBe(true);
    expect(isAutolinkHref('mailto:a@b.co')).toBe(true);
    expect(isAutolinkHref('mailto:a@b.co?body=x')).toBe(false);
    expect(isAutolinkHref('javascript:alert(1)')).toBe(false);
    expect(isAutolinkHref('https://a.b/"x')).toBe(false);
  });
});
