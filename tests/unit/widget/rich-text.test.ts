// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderRichText } from '../../../widget/rich-text';

function render(src: string): HTMLDivElement {
  const div = document.createElement('div');
  div.appendChild(renderRichText(src));
  return div;
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

describe('renderRichText', () => {
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

  it('renders into another document when given one', () => {
    const made: string[] = [];
    const other = {
      createDocumentFragment: () => (made.push('#fragment'), document.createDocumentFragment()),
      createElement: (tag: string) => (made.push(tag), document.createElement(tag)),
      createTextNode: (text: string) => (made.push('#text'), document.createTextNode(text)),
    } as unknown as Document;
    renderRichText('**x**', other);
    expect(made).toEqual(['#fragment', 'p', 'strong', '#text']);
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
});
