import { problemText, clipTarget, type Problem } from './problems';

/**
 * The safe Markdown subset used for bot, online and offline messages:
 * **bold**, *italic* (or _italic_), [links](https://…), ![images](https://…), "- " bullet lists,
 * blank lines between paragraphs. Parsed to a tiny AST that renderers turn into DOM nodes or
 * Preact elements: no HTML is ever parsed, so raw markup stays text.
 */
export type Inline =
  | { t: 'text'; v: string }
  | { t: 'b'; c: Inline[] }
  | { t: 'i'; c: Inline[] }
  | { t: 'a'; href: string; c: Inline[] }
  | { t: 'img'; src: string; alt: string }
  | { t: 'br' };
export type Block = { t: 'p'; c: Inline[] } | { t: 'ul'; items: Inline[][] };

export const RICH_TEXT_MAX = 4_000;

// No whitespace, control characters, quotes or backslashes anywhere: `jav\tascript:` and friends never match.
const SAFE_LINK = /^(?:https?:\/\/[^\s"'`<>\\\u0000-\u001f\u007f]+|mailto:[^\s"'`<>\\\u0000-\u001f\u007f]+|tel:\+?[0-9().\- ]{3,30})$/i;
const SAFE_IMAGE = /^https?:\/\/[^\s"'`<>\\\u0000-\u001f\u007f]+$/i;

export const isSafeLink = (href: string) => SAFE_LINK.test(href);
export const isSafeImage = (src: string) => SAFE_IMAGE.test(src);

/** Index of the `)` closing a link target that starts at `from`, balancing inner parentheses; -1 if none. */
function closingParen(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\n') return -1;
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

const WORD = /[\p{L}\p{N}]/u;

/** Parses inline markup. Unsafe links and images degrade to their text. */
export function parseInline(src: string, issues?: Problem[]): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push({ t: 'text', v: buf });
    buf = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\' && i + 1 < src.length && '*_[]()!\\'.includes(src[i + 1]!)) {
      buf += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      flush();
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (src.startsWith('**', i)) {
      const end = src.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ t: 'b', c: parseInline(src.slice(i + 2, end), issues) });
        i = end + 2;
        continue;
      }
    }
    if (ch === '*' || ch === '_') {
      let end = src.indexOf(ch, i + 1);
      // `_` emphasis only at word boundaries, so snake_case_names stay text.
      if (ch === '_') {
        if (i > 0 && WORD.test(src[i - 1]!)) end = -1;
        while (end > 0 && end + 1 < src.length && WORD.test(src[end + 1]!)) end = src.indexOf('_', end + 1);
      }
      if (end > i + 1 && src[i + 1] !== ' ') {
        flush();
        out.push({ t: 'i', c: parseInline(src.slice(i + 1, end), issues) });
        i = end + 1;
        continue;
      }
    }
    const isImage = ch === '!' && src[i + 1] === '[';
    if (ch === '[' || isImage) {
      const open = isImage ? i + 1 : i;
      const close = src.indexOf('](', open);
      const end = close < 0 ? -1 : closingParen(src, close + 2);
      if (close > open && end > close && !src.slice(open + 1, close).includes('\n')) {
        const label = src.slice(open + 1, close);
        const target = src.slice(close + 2, end).trim();
        flush();
        if (isImage) {
          if (isSafeImage(target)) out.push({ t: 'img', src: target, alt: label });
          else {
            issues?.push({ code: 'unsafe-image', params: { target: clipTarget(target) } });
            if (label) out.push({ t: 'text', v: label });
          }
        } else if (isSafeLink(target)) {
          out.push({ t: 'a', href: target, c: parseInline(label, issues) });
        } else {
          issues?.push({ code: 'unsafe-link', params: { target: clipTarget(target) } });
          out.push(...parseInline(label, issues));
        }
        i = end + 1;
        continue;
      }
    }
    buf += ch;
    i++;
  }
  flush();
  return out;
}

const BULLET = /^\s*[-*]\s+/;

/** Parses a message into blocks. */
export function parseRichText(src: string, issues?: Problem[]): Block[] {
  const blocks: Block[] = [];
  const text = src.replace(/\r\n?/g, '\n').slice(0, RICH_TEXT_MAX);
  for (const chunk of text.split(/\n[ \t]*\n/)) {
    const lines = chunk.split('\n');
    let para: string[] = [];
    let list: Inline[][] | null = null;
    const endPara = () => {
      if (para.length) blocks.push({ t: 'p', c: parseInline(para.join('\n'), issues) });
      para = [];
    };
    const endList = () => {
      if (list) blocks.push({ t: 'ul', items: list });
      list = null;
    };
    for (const line of lines) {
      if (BULLET.test(line) && !line.trimStart().startsWith('**')) {
        endPara();
        list ??= [];
        list.push(parseInline(line.replace(BULLET, ''), issues));
      } else if (line.trim() !== '') {
        endList();
        para.push(line);
      }
    }
    endPara();
    endList();
  }
  return blocks;
}

/** Problems an author should fix before saving (unsafe links or images, too long). Empty when fine. */
export function richTextProblems(src: string): Problem[] {
  const issues: Problem[] = [];
  if (src.length > RICH_TEXT_MAX) issues.push({ code: 'at-most', params: { max: RICH_TEXT_MAX, what: 'characters' } });
  parseRichText(src, issues);
  return issues;
}

/** The same problems in English. */
export const richTextIssues = (src: string): string[] => richTextProblems(src).map(problemText);

/** Plain text of a message, for notifications, list previews and transcripts. */
export function richTextToPlain(src: string): string {
  const walk = (nodes: Inline[]): string =>
    nodes
      .map((n) => (n.t === 'text' ? n.v : n.t === 'br' ? '\n' : n.t === 'img' ? n.alt : walk(n.c)))
      .join('');
  return parseRichText(src)
    .map((b) => (b.t === 'p' ? walk(b.c) : b.items.map((item) => `• ${walk(item)}`).join('\n')))
    .join('\n\n');
}
