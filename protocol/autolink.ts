/**
 * Splits plain chat text (visitor and agent messages) into text and link pieces, so renderers can
 * make URLs and email addresses clickable without parsing any markup: no Markdown here, only autolinks.
 *
 * Rules:
 * - Only `http://` and `https://` URLs with a host are linked; any other scheme (`javascript:`,
 *   `data:`, `ftp:`…) stays text. A bare `www.example.com` (no scheme) is NOT linked: guessing a
 *   scheme for text someone typed is how links end up pointing somewhere unexpected, and agents
 *   can still copy it.
 * - Email addresses become `mailto:` links (the address alone, never extra `?…` parameters).
 * - Trailing punctuation is left out of a URL (`.`, `,`, `!`, `?`, `:`, `;`, quotes), and a closing
 *   `)` / `]` is left out unless the URL opened it itself (`https://en.wikipedia.org/wiki/Foo_(bar)`).
 * - A link never contains whitespace, quotes, `<`, `>`, backslashes or control characters.
 */
export type TextPiece = { t: 'text'; v: string } | { t: 'link'; v: string; href: string };

// A URL runs until whitespace or a character that never belongs to one typed in chat.
const URL_RE = /https?:\/\/[^\s"'`<>\\\u0000-\u001f\u007f]+/giy;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}/y;
const TRAILING = /[.,!?:;'"*_~]$/;
const SAFE_HREF = /^(?:https?:\/\/[^\s"'`<>\\\u0000-\u001f\u007f/?#.][^\s"'`<>\\\u0000-\u001f\u007f]*|mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+)$/i;
const WORDISH = /[A-Za-z0-9._%+-]/;

/** True for hrefs this module may produce: http(s) with a host, or mailto with an address. */
export const isAutolinkHref = (href: string) => SAFE_HREF.test(href);

/** Drops trailing punctuation and unbalanced closing brackets from a matched URL. */
function trimUrl(url: string): string {
  for (;;) {
    if (TRAILING.test(url)) {
      url = url.slice(0, -1);
      continue;
    }
    const last = url.at(-1);
    const open = last === ')' ? '(' : last === ']' ? '[' : null;
    if (open) {
      const opens = url.split(open).length - 1;
      const closes = url.split(last!).length - 1;
      if (closes > opens) {
        url = url.slice(0, -1);
        continue;
      }
    }
    return url;
  }
}

/** Text and links, in order; joining every piece's `v` gives back the input exactly. */
export function autolink(text: string): TextPiece[] {
  const out: TextPiece[] = [];
  let buf = '';
  const push = (piece: TextPiece) => {
    if (buf) out.push({ t: 'text', v: buf });
    buf = '';
    out.push(piece);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if ((ch === 'h' || ch === 'H') && (i === 0 || !/[A-Za-z0-9]/.test(text[i - 1]!))) {
      URL_RE.lastIndex = i;
      const m = URL_RE.exec(text);
      if (m) {
        const url = trimUrl(m[0]);
        if (isAutolinkHref(url)) {
          push({ t: 'link', v: url, href: url });
          i += url.length;
          continue;
        }
      }
    }
    if (ch === '@') {
      // Back up to the start of the local part already in the buffer.
      let s = buf.length;
      while (s > 0 && WORDISH.test(buf[s - 1]!)) s--;
      while (s < buf.length && buf[s] === '.') s++;
      const start = i - (buf.length - s);
      if (s < buf.length) {
        EMAIL_RE.lastIndex = start;
        const m = EMAIL_RE.exec(text);
        if (m && m.index === start && !/[A-Za-z0-9-]/.test(text[start + m[0].length] ?? '')) {
          const address = m[0];
          const href = `mailto:${address}`;
          if (isAutolinkHref(href)) {
            buf = buf.slice(0, s);
            push({ t: 'link', v: address, href });
            i = start + address.length;
            continue;
          }
        }
      }
    }
    buf += ch;
    i++;
  }
  if (buf) out.push({ t: 'text', v: buf });
  return out;
}
