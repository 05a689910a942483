import { describe, expect, it } from 'vitest';
import { parseRichText, richTextIssues } from '../../../protocol';
import { insertImage, insertLink, toggleBullets, toggleWrap, type TextEdit } from '../../../models/options/rich-text-edit';

/** `a[b]c` → value "abc" with "b" selected: tests read like the textarea looks. */
const sel = (marked: string): TextEdit => {
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  return { value: marked.replace('[', '').replace(']', ''), start, end };
};
const show = (e: TextEdit) => e.value.slice(0, e.start) + '[' + e.value.slice(e.start, e.end) + ']' + e.value.slice(e.end);

describe('rich text toolbar actions', () => {
  it('bolds the selection and keeps it selected, and a second press unbolds it', () => {
    const once = toggleWrap(sel('Leave [your email] here'), '**', 'bold');
    expect(show(once)).toBe('Leave **[your email]** here');
    expect(parseRichText(once.value)).toEqual([{ t: 'p', c: [{ t: 'text', v: 'Leave ' }, { t: 'b', c: [{ t: 'text', v: 'your email' }] }, { t: 'text', v: ' here' }] }]);
    expect(show(toggleWrap(once, '**', 'bold'))).toBe('Leave [your email] here');
  });

  it('keeps spaces outside the markers and inserts a selected placeholder when nothing is selected', () => {
    expect(show(toggleWrap(sel('a[ b ]c'), '*', 'it'))).toBe('a *[b]* c');
    expect(show(toggleWrap(sel('x[]'), '**', 'bold text'))).toBe('x**[bold text]**');
  });

  it('does not mistake bold for italic when unwrapping', () => {
    expect(show(toggleWrap(sel('**[b]**'), '*', 'i'))).toBe('***[b]***');
  });

  it('links the selected words, or the address itself', () => {
    const r = insertLink(sel('see [our prices] now'), 'https://example.com/prices');
    expect(r.ok && r.edit.value).toBe('see [our prices](https://example.com/prices) now');
    const bare = insertLink(sel('x []'), ' mailto:sales@example.com ');
    expect(bare.ok && bare.edit.value).toBe('x [mailto:sales@example.com](mailto:sales@example.com)');
    if (r.ok) expect(richTextIssues(r.edit.value)).toEqual([]);
  });

  it('refuses link and image addresses the renderer would drop', () => {
    expect(insertLink(sel('[x]'), 'javascript:alert(1)')).toEqual({ ok: false, reason: 'unsafe-url' });
    expect(insertImage(sel('[]'), 'data:image/png;base64,AA', 'x')).toEqual({ ok: false, reason: 'unsafe-url' });
  });

  it('inserts an image with its description, escaping brackets', () => {
    const r = insertImage(sel('Hi []'), 'https://cdn.example/logo.png', 'Logo [new]');
    expect(r.ok && r.edit.value).toBe('Hi ![Logo \\[new\\]](https://cdn.example/logo.png)');
  });

  it('turns selected lines into a bullet list and back', () => {
    const on = toggleBullets(sel('Intro\n[one\ntwo]'), 'item');
    expect(on.value).toBe('Intro\n- one\n- two');
    expect(parseRichText(on.value).map((b) => b.t)).toEqual(['p', 'ul']);
    expect(toggleBullets(on, 'item').value).toBe('Intro\none\ntwo');
    expect(toggleBullets(sel('[]'), 'item').value).toBe('- item');
  });
});
