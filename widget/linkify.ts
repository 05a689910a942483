/** A web address (http/https only) or an email address in plain text. Nothing else is ever linked. */
const LINK = /https?:\/\/[\p{L}\p{N}][^\s<>"]*|[\p{L}\p{N}][\p{L}\p{N}._%+-]*@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu;

export type Piece = string | { href: string; text: string };

/**
 * Splits chat text into text and links. Punctuation ending a sentence stays out of the link, and so
 * does a closing bracket without its opening one ("(see https://x.example/a)"). The href is always
 * `http(s)://…` or `mailto:…` built from the matched characters: the caller renders it with
 * createElement/JSX, never as HTML.
 */
export function linkify(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    let s = m[0];
    const count = (c: string) => s.split(c).length;
    for (let c; (c = s.slice(-1)) && (/[.,;:!?'"*_~]/.test(c) || (c === ')' && count('(') < count(')')) || (c === ']' && count('[') < count(']'))); ) s = s.slice(0, -1);
    const start = m.index;
    if (start > last) out.push(text.slice(last, start));
    out.push({ href: /^http/i.test(s) ? s : `mailto:${s}`, text: s });
    last = start + s.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
