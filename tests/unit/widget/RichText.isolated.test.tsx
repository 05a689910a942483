// @vitest-environment happy-dom
import { render as draw } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Block } from '../../../protocol/richtext';
import { RichText } from '../../../widget/ui/RichText';

// A tree the parser would never produce, to show the renderer's own checks (off unless a test sets it).
const forced = vi.hoisted(() => ({ tree: null as Block[] | null }));
vi.mock('../../../protocol/richtext', async (original) => {
  const real = await original<typeof import('../../../protocol/richtext')>();
  return { ...real, parseRichText: (src: string) => forced.tree ?? real.parseRichText(src) };
});
afterEach(() => {
  forced.tree = null;
});

/** The rendered markup inside the component's wrapper (the one renderer the widget, side panel and options use). */
function render(src: string): HTMLDivElement {
  const host = document.createElement('div');
  draw(<RichText text={src} />, host);
  const wrapper = host.firstElementChild as HTMLDivElement;
  expect(wrapper.tagName).toBe('DIV');
  return wrapper;
}

const ALLOWED_TAGS = new Set(['P', 'UL', 'LI', 'STRONG', 'EM', 'A', 'IMG', 'BR', 'SPAN']);
const ALLOWED_ATTRS: Record<string, string[]> = { A: ['href', 'target', 'rel'], IMG: ['src', 'alt'] };

/** Nothing executable: only known tags, only known attributes, only safe URLs. */
function assertInert(root: Element) {
  for (const el of root.querySelectorAll('*')) {
    expect(ALLOWED_TAGS.has(el.tagName), `unexpected <${el.tagName}>`).toBe(true);
    for (const attr of el.getAttributeNames()) {
      expect(ALLOWED_ATTRS[el.tagName] ?? [], `unexpected ${attr} on <${el.tagName}>`).toContain(attr);
    }
    const href = el.getAttribute('href');
    if (href !== null) expect(href).toMatch(/^(https?:\/\/|mailto:|tel:)/i);
    const src = el.getAttribute('src');
    if (src !== null) expect(src).toMatch(/^https?:\/\//i);
  }
}

describe('RichText', () => {
  it('renders bold, italic, paragraphs and bullet lists as elements', () => {
    const div = render('Hello **big** and *small* and _also_\n\n- one\n- **two**');
    expect(div.innerHTML).toBe(
      '<p>Hello <strong>big</strong> and <em>small</em> and <em>also</em></p><ul><li>one</li><li><strong>two</strong></li></ul>',
    );
  });

  it('opens safe links in a new tab without an opener', () => {
    const a = render('See [our site](https://example.com/x?y=1)').querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/x?y=1');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(a.textContent).toBe('our site');
  });

  it('allows mailto and tel links and http(s) images', () => {
    const div = render('[mail](mailto:a@b.co) [call](tel:+33 1 23 45 67 89) ![logo](https://cdn.example.com/l.png)');
    expect([...div.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['mailto:a@b.co', 'tel:+33 1 23 45 67 89']);
    const img = div.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('https://cdn.example.com/l.png');
    expect(img.getAttribute('alt')).toBe('logo');
  });

  it('keeps line breaks inside a paragraph', () => {
    expect(render('a\nb').innerHTML).toBe('<p>a<br>b</p>');
  });

  it('wraps the text in a div of the class given (`rich` by default)', () => {
    const host = document.createElement('div');
    draw(<RichText text="x" />, host);
    expect(host.innerHTML).toBe('<div class="rich"><p>x</p></div>');
    draw(<RichText class="bubble" text="y" />, host);
    expect(host.innerHTML).toBe('<div class="bubble"><p>y</p></div>');
  });

  it('updates in place when the text changes (the options preview as the admin types)', () => {
    const host = document.createElement('div');
    draw(<RichText text="**a**" />, host);
    const p = host.querySelector('p');
    draw(<RichText text="**ab** [x](https://example.com)" />, host);
    expect(host.querySelector('p')).toBe(p);
    expect(host.innerHTML).toBe('<div class="rich"><p><strong>ab</strong> <a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a></p></div>');
  });

  const XSS: [string, string][] = [
    ['img onerror', '<img src=x onerror="alert(1)">'],
    ['svg onload', '<svg onload=alert(1)><circle/></svg>'],
    ['script tag', '<script>alert(1)</script>'],
    ['iframe', '<iframe src="javascript:alert(1)"></iframe>'],
    ['javascript link', '[click](javascript:alert(1))'],
    ['javascript link, mixed case', '[click](JaVaScRiPt:alert(1))'],
    ['tab-split javascript link', '[click](jav\tascript:alert(1))'],
    ['entity-split javascript link', '[click](jav&#x09;ascript:alert(1))'],
    ['vbscript link', '[x](vbscript:msgbox(1))'],
    ['data: link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['data: image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
    ['javascript image', '![x](javascript:alert(1))'],
    ['quote breaking out of href', '[x](https://a.com/"onmouseover="alert(1))'],
    ['html inside bold', '**<b onclick=alert(1)>hi</b>**'],
    ['html inside link label', '[<img src=x onerror=alert(1)>](https://example.com)'],
    ['style tag', '<style>body{display:none}</style>'],
    ['raw anchor', '<a href="javascript:alert(1)">x</a>'],
  ];

  it.each(XSS)('%s stays inert', (_name, src) => {
    const div = render(src);
    assertInert(div);
    expect(div.querySelector('script, svg, iframe, style, object, embed')).toBeNull();
  });

  it('shows raw HTML as the visible text it is', () => {
    const div = render('<img src=x onerror="alert(1)">');
    expect(div.querySelector('img')).toBeNull();
    expect(div.textContent).toBe('<img src=x onerror="alert(1)">');
  });

  it('degrades an unsafe link to its label', () => {
    const div = render('[click me](javascript:evil)');
    expect(div.querySelector('a')).toBeNull();
    expect(div.textContent).toBe('click me');
  });

  it('re-checks targets itself: an unsafe link or image in the tree (one the parser let through) is not drawn', () => {
    forced.tree = [
      {
        t: 'p',
        c: [
          { t: 'a', href: 'javascript:alert(1)', c: [{ t: 'text', v: 'click' }] },
          { t: 'img', src: 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+', alt: 'pic' },
          { t: 'img', src: 'javascript:alert(1)', alt: 'pic2' },
          { t: 'a', href: 'https://ok.example', c: [{ t: 'text', v: 'fine' }] },
        ],
      },
    ];
    const div = render('ignored');
    assertInert(div);
    expect(div.querySelectorAll('a, img')).toHaveLength(1);
    expect(div.innerHTML).toBe('<p><span>click</span>picpic2<a href="https://ok.example" target="_blank" rel="noopener noreferrer">fine</a></p>');
  });
});
