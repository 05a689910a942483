import type { EmailKind } from '../../protocol';

/*
 * What each email says: subject, plain text and simple HTML, in the visitor's language (en/fr), with the
 * workspace's name, the marker line replies are cut at, and the unsubscribe link. No I/O. Every header value
 * goes through `headerSafe`, every address through `isStrictAddress` (worker-mailer writes both unescaped:
 * a CR/LF in a subject would start a header of the sender's choosing, such as Bcc).
 */

export type Lang = 'en' | 'fr';
export type EmailLine = { from: 'visitor' | 'agent' | 'bot'; name: string; text: string; at: number };
export type ComposeInput = {
  kind: EmailKind;
  lang: Lang;
  workspaceName: string;
  lines: readonly EmailLine[];
  /** The unsubscribe link (one-click, RFC 8058). */
  stopUrl: string;
  /** The email has a reply address: say so, and write the marker line. */
  replies: boolean;
  /** The visitor's time zone, for times (the widget's); UTC when unknown or invalid. */
  timeZone?: string;
  /** Older messages were already left out by the sender. */
  omitted?: boolean;
};
export type Composed = { subject: string; text: string; html: string };

/** Replies are cut at this line (reply-text.ts): written at the top of every email that can be answered. */
export const MARKER = { en: '--- Reply above this line ---', fr: '--- Répondez au-dessus de cette ligne ---' } as const;
export const MARKERS: readonly string[] = Object.values(MARKER);

/** Messages a transcript carries at most (the newest), and its text at most. */
export const TRANSCRIPT_LINES_MAX = 500;
export const TRANSCRIPT_CHARS_MAX = 200_000;

const T = {
  en: {
    unseen: (ws: string) => `New reply from ${ws}`,
    transcript: (ws: string) => `Your conversation with ${ws}`,
    missed: (ws: string) => `${ws} got your message`,
    unseenIntro: (ws: string) => `${ws} answered you while you were away:`,
    transcriptIntro: (ws: string) => `Here is your conversation with ${ws}:`,
    missedIntro: (ws: string) => `Thanks for your message. Nobody at ${ws} could answer in time; we will answer you by email.`,
    replyHint: 'Reply to this email to answer: your reply goes into the chat.',
    omitted: '(earlier messages omitted)',
    you: 'You',
    stop: 'Stop emails about this conversation',
  },
  fr: {
    unseen: (ws: string) => `Nouvelle réponse de ${ws}`,
    transcript: (ws: string) => `Votre conversation avec ${ws}`,
    missed: (ws: string) => `${ws} a bien reçu votre message`,
    unseenIntro: (ws: string) => `${ws} vous a répondu pendant votre absence :`,
    transcriptIntro: (ws: string) => `Voici votre conversation avec ${ws} :`,
    missedIntro: (ws: string) => `Merci pour votre message. Personne chez ${ws} n’a pu répondre à temps ; nous vous répondrons par e-mail.`,
    replyHint: 'Répondez à cet e-mail : votre réponse arrive dans la conversation.',
    omitted: '(messages précédents omis)',
    you: 'Vous',
    stop: 'Ne plus recevoir d’e-mails sur cette conversation',
  },
} as const;

/** The visitor's language as the widget reported it (`fr-CA` → fr); anything else is English. */
export const langOf = (language: string | undefined): Lang => (/^fr\b/i.test(language ?? '') ? 'fr' : 'en');

/** A header value: no control characters (CR, LF, NUL, C1, bidi controls), whitespace collapsed, at most `max`. */
export function headerSafe(s: string, max = 200): string {
  const flat = s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** One plain address, strictly: one @, no spaces, brackets, commas, quotes or controls, a dotted domain, ≤ 254. */
export function isStrictAddress(s: string): boolean {
  return s.length <= 254 && /^[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/.test(s) && !s.startsWith('.') && !s.includes('..');
}

/** An address as agents see it in the timeline: `a***@example.com`. */
export function maskAddress(s: string): string {
  const at = s.lastIndexOf('@');
  if (at < 1) return '***';
  return `${s[0]}***${s.slice(at)}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escaped text with http(s) links made clickable (nothing else: no other scheme becomes a link). */
function linkified(text: string): string {
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g)) {
    out.push(escapeHtml(text.slice(last, m.index)));
    const url = m[0];
    out.push(`<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`);
    last = m.index! + url.length;
  }
  out.push(escapeHtml(text.slice(last)));
  return out.join('').replace(/\n/g, '<br>');
}

function timeOf(at: number, lang: Lang, timeZone?: string): string {
  const opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { ...opts, timeZone: timeZone || 'UTC' }).format(at);
  } catch {
    return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { ...opts, timeZone: 'UTC' }).format(at);
  }
}

/** The newest lines that fit the caps, and whether earlier ones were left out. */
function bounded(lines: readonly EmailLine[]): { lines: EmailLine[]; omitted: boolean } {
  const kept: EmailLine[] = [];
  let chars = 0;
  for (let i = lines.length - 1; i >= 0 && kept.length < TRANSCRIPT_LINES_MAX; i--) {
    chars += lines[i]!.text.length;
    if (chars > TRANSCRIPT_CHARS_MAX) break;
    kept.unshift(lines[i]!);
  }
  return { lines: kept, omitted: kept.length < lines.length };
}

export function compose(input: ComposeInput): Composed {
  const t = T[input.lang];
  const ws = headerSafe(input.workspaceName, 100) || 'Baton';
  const subject = headerSafe(input.kind === 'unseen' ? t.unseen(ws) : input.kind === 'transcript' ? t.transcript(ws) : t.missed(ws));
  const intro = input.kind === 'unseen' ? t.unseenIntro(ws) : input.kind === 'transcript' ? t.transcriptIntro(ws) : t.missedIntro(ws);
  const cut = bounded(input.lines);
  const lines = cut.lines;
  const omitted = cut.omitted || !!input.omitted;
  const who = (l: EmailLine) => (l.from === 'visitor' ? t.you : headerSafe(l.name, 100) || ws);
  const text: string[] = [];
  const html: string[] = [];
  if (input.replies) {
    text.push(MARKER[input.lang], '');
    html.push(`<p style="color:#888;font-size:12px">${escapeHtml(MARKER[input.lang])}</p>`);
  }
  text.push(intro, '');
  html.push(`<p>${escapeHtml(intro)}</p>`);
  if (omitted) {
    text.push(t.omitted, '');
    html.push(`<p style="color:#888">${escapeHtml(t.omitted)}</p>`);
  }
  for (const l of lines) {
    const head = `${who(l)} · ${timeOf(l.at, input.lang, input.timeZone)}`;
    text.push(head, l.text, '');
    html.push(`<p style="margin:0 0 12px"><strong>${escapeHtml(who(l))}</strong> <span style="color:#888">· ${escapeHtml(timeOf(l.at, input.lang, input.timeZone))}</span><br>${linkified(l.text)}</p>`);
  }
  if (input.replies) {
    text.push(t.replyHint, '');
    html.push(`<p>${escapeHtml(t.replyHint)}</p>`);
  }
  text.push('--', ws, `${t.stop}: ${input.stopUrl}`);
  html.push(`<hr><p style="color:#888;font-size:12px">${escapeHtml(ws)} · <a href="${escapeHtml(input.stopUrl)}">${escapeHtml(t.stop)}</a></p>`);
  return { subject, text: text.join('\n'), html: `<!doctype html><html><body style="font-family:sans-serif">${html.join('\n')}</body></html>` };
}
