import { describe, expect, it } from 'vitest';
import { isSafeImage, isSafeLink, parseRichText, richTextIssues, type Block, type Inline } from '../../../protocol';

/** Every href and src anywhere in the AST. */
function urls(blocks: Block[]): string[] {
  const out: string[] = [];
  const walk = (nodes: Inline[]) => {
    for (const n of nodes) {
      if (n.t === 'a') { out.push(n.href); walk(n.c); }
      if (n.t === 'b' || n.t === 'i') walk(n.c);
      if (n.t === 'img') out.push(n.src);
    }
  };
  for (const b of blocks) (b.t === 'p' ? [b.c] : b.items).forEach(walk);
  return out;
}

const UNSAFE = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'jav\tascript:alert(1)',
  'jav&#x09;ascript:alert(1)',
  'javascript&colon;alert(1)',
  '\u0001javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox',
  '//evil.example.com',
  '/relative/path',
  'file:///etc/passwd',
  'ftp://example.com',
  'https://example.com/"onmouseover="alert',
  'https://exa mple.com',
  'https:evil.com',
  'blob:https://example.com/uuid',
  'mailto:',
];

describe('unsafe link targets', () => {
  it.each(UNSAFE)('isSafeLink refuses %j', (href) => {
    expect(isSafeLink(href)).toBe(false);
    expect(isSafeImage(href)).toBe(false);
  });

  it.each(UNSAFE.filter((h) => !h.includes(')') && !h.includes('(')))('[label](%j) degrades to its label and is reported', (href) => {
    const src = `Click [here **now**](${href}) please`;
    const blocks = parseRichText(src);
    expect(urls(blocks)).toEqual([]);
    expect(blocks).toEqual([{ t: 'p', c: [{ t: 'text', v: 'Click ' }, { t: 'text', v: 'here ' }, { t: 'b', c: [{ t: 'text', v: 'now' }] }, { t: 'text', v: ' please' }] }]);
    expect(richTextIssues(src)).toEqual([`Links must be http(s), mailto or tel: ${href.trim()}`]);
  });

  it.each(UNSAFE.filter((h) => !h.includes(')') && !h.includes('(')))('![alt](%j) degrades to its alt text and is reported', (src) => {
    const text = `![the alt](${src})`;
    expect(parseRichText(text)).toEqual([{ t: 'p', c: [{ t: 'text', v: 'the alt' }] }]);
    expect(richTextIssues(text)).toEqual([`Images must be http(s) URLs: ${src.trim()}`]);
  });

  it.each(['[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](data:text/html,<script>alert(1)</script>)'])(
    '%s (with parentheses in the payload) produces no link and an issue',
    (src) => {
      expect(urls(parseRichText(src))).toEqual([]);
      expect(richTextIssues(src)).toHaveLength(1);
    },
  );

  it('images are http(s) only: mailto and tel are links, not images', () => {
    expect(isSafeLink('mailto:a@b.co')).toBe(true);
    expect(isSafeImage('mailto:a@b.co')).toBe(false);
    expect(isSafeImage('tel:+15550100')).toBe(false);
    expect(richTextIssues('![x](mailto:a@b.co)')).toHaveLength(1);
  });

  it('reports unsafe links hidden inside bold, italic, lists and other labels', () => {
    const src = '**[a](javascript:1)**\n\n- *[b](vbscript:x)*\n- [[c](//evil)](https://ok.example.com)';
    expect(urls(parseRichText(src)).every((u) => /^https:\/\//.test(u))).toBe(true);
    expect(richTextIssues(src)).toHaveLength(3);
  });

  it('accepts http, https (any case), mailto and tel', () => {
    for (const href of ['http://example.com', 'HTTPS://EXAMPLE.COM/X', 'https://example.com:8443/a_b?c=d&e=f#g', 'mailto:sales@example.com?subject=Hi', 'tel:+49 30 1234-56']) {
      expect(isSafeLink(href), href).toBe(true);
    }
  });

  it('safe targets are never rewritten: what was checked is what is rendered', () => {
    const blocks = parseRichText('[a](https://example.com/x) ![b](https://example.com/y.png)');
    expect(urls(blocks)).toEqual(['https://example.com/x', 'https://example.com/y.png']);
  });
});
