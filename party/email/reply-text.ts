import { MARKERS } from './compose';

/*
 * The new part of an email reply: quoted history, our marker line and a signature cut away. Plain functions,
 * tested against Gmail, Outlook and Apple Mail quoting (tests/unit/email/reply-text.test.ts).
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** HTML to plain text: no DOM (workerd has none). Scripts and styles dropped, blocks become lines, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<blockquote\b[\s\S]*?<\/blockquote\s*>/gi, '\n> (quoted)\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Lines where quoted history begins (the first match cuts the rest). */
const CUT_AT: readonly RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Mon, 3 Jun 2024 at 10:00, Acme <reply+…@…> wrote:" (may wrap over two lines).
  /^On\b.{0,300}\bwrote:\s*$/i,
  /^Le\b.{0,300}\ba écrit\s*:\s*$/i,
  // Outlook.
  /^-{2,}\s*Original Message\s*-{2,}$/i,
  /^-{2,}\s*Message d'origine\s*-{2,}$/i,
  /^_{10,}$/,
  /^From:\s.+$/i,
  /^De\s?:\s.+$/i,
  // Apple Mail forwarding/quoting header.
  /^Begin forwarded message:/i,
];

/** The reply's own text: cut at our marker, at a quote header or the first run of `>` lines; the signature dropped. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (MARKERS.some((m) => t.includes(m))) break;
    if (CUT_AT.some((re) => re.test(t))) break;
    // "On … <addr>" wrapped before "wrote:".
    if (/^(On|Le)\b/i.test(t) && /^\S*.{0,200}(wrote:|a écrit\s*:)\s*$/i.test(`${t} ${lines[i + 1]?.trim() ?? ''}`)) break;
    if (t.startsWith('>')) break;
    out.push(line);
  }
  // Signature: the standard "-- " delimiter, and phone clients' "Sent from my …".
  const sig = out.findIndex((l) => l === '-- ' || l === '--' || /^Sent from my \w+/i.test(l.trim()) || /^Envoyé de mon \w+/i.test(l.trim()));
  const body = sig >= 0 ? out.slice(0, sig) : out;
  return body.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** An automatic mail (out of office, bounce, list): never posted into a chat (it would loop). */
export function isAutoReply(headers: ReadonlyArray<{ name: string; value: string }>, from: string): boolean {
  if (!from) return true;
  if (/^(mailer-daemon|postmaster|no-?reply)@/i.test(from)) return true;
  for (const { name, value } of headers) {
    const n = name.toLowerCase();
    const v = value.trim().toLowerCase();
    if (n === 'auto-submitted' && v !== 'no') return true;
    if (n === 'x-autoreply' || n === 'x-autorespond') return true;
    if (n === 'precedence' && /^(bulk|auto_reply|list|junk)$/.test(v)) return true;
    if (n === 'list-id') return true;
  }
  return false;
}
