import { isSafeImage, isSafeLink } from '../../protocol';

/** A textarea's value and selection: toolbar actions are pure functions from one to the next. */
export type TextEdit = { value: string; start: number; end: number };

const clampSel = (e: TextEdit): TextEdit => {
  const start = Math.max(0, Math.min(e.start, e.end, e.value.length));
  const end = Math.min(Math.max(e.start, e.end), e.value.length);
  return { value: e.value, start, end };
};

/**
 * Wraps the selection in `marker` (`**` bold, `*` italic), or unwraps it when it is already wrapped.
 * With nothing selected it inserts a placeholder and selects it, so typing replaces it.
 */
export function toggleWrap(edit: TextEdit, marker: '**' | '*', placeholder: string): TextEdit {
  const { value, start, end } = clampSel(edit);
  const m = marker.length;
  const before = value.slice(start - m, start);
  const after = value.slice(end, end + m);
  // `**x**` must not look italic-wrapped: check the character outside the marker too.
  const wrapped = before === marker && after === marker && (marker === '**' || (value[start - 2] !== '*' && value[end + 1] !== '*'));
  if (wrapped && start - m >= 0) {
    return { value: value.slice(0, start - m) + value.slice(start, end) + value.slice(end + m), start: start - m, end: end - m };
  }
  const inner = start === end ? placeholder : value.slice(start, end);
  // Markers around leading/trailing spaces don't parse as emphasis, so keep spaces outside.
  const lead = inner.match(/^\s*/)![0];
  const trail = inner.slice(lead.length).match(/\s*$/)![0];
  const core = inner.slice(lead.length, inner.length - trail.length);
  const text = `${lead}${marker}${core}${marker}${trail}`;
  const s = start + lead.length + m;
  return { value: value.slice(0, start) + text + value.slice(end), start: s, end: s + core.length };
}

export type InsertResult = { ok: true; edit: TextEdit } | { ok: false; reason: 'unsafe-url' };

/** Turns the selection (or the URL itself) into a link; refuses URLs the renderer would drop. */
export function insertLink(edit: TextEdit, url: string): InsertResult {
  const href = url.trim();
  if (!isSafeLink(href)) return { ok: false, reason: 'unsafe-url' };
  const { value, start, end } = clampSel(edit);
  const label = escapeLabel(value.slice(start, end) || href);
  const text = `[${label}](${href})`;
  return { ok: true, edit: { value: value.slice(0, start) + text + value.slice(end), start: start + text.length, end: start + text.length } };
}

/** Inserts an image at the selection; `alt` is its description for screen readers. */
export function insertImage(edit: TextEdit, url: string, alt: string): InsertResult {
  const src = url.trim();
  if (!isSafeImage(src)) return { ok: false, reason: 'unsafe-url' };
  const { value, start, end } = clampSel(edit);
  const text = `![${escapeLabel(alt.trim())}](${src})`;
  return { ok: true, edit: { value: value.slice(0, start) + text + value.slice(end), start: start + text.length, end: start + text.length } };
}

const escapeLabel = (s: string) => s.replace(/[[\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');

/**
 * Makes the selected lines a bullet list, or plain lines again when they all are bullets already.
 * The list starts on its own line so it never glues onto the paragraph before it.
 */
export function toggleBullets(edit: TextEdit, placeholder: string): TextEdit {
  const { value, start, end } = clampSel(edit);
  const lineStart = value.lastIndexOf('\n', start - 1) + 1;
  const nl = value.indexOf('\n', end);
  const lineEnd = nl < 0 ? value.length : nl;
  const lines = value.slice(lineStart, lineEnd).split('\n');
  const bullet = /^\s*[-*]\s+/;
  const allBullets = lines.every((l) => bullet.test(l) || l.trim() === '');
  let block: string;
  if (allBullets && lines.some((l) => bullet.test(l))) block = lines.map((l) => l.replace(bullet, '')).join('\n');
  else block = lines.map((l) => (l.trim() === '' && lines.length > 1 ? l : `- ${l.trim() === '' ? placeholder : l}`)).join('\n');
  const next = value.slice(0, lineStart) + block + value.slice(lineEnd);
  return { value: next, start: lineStart, end: lineStart + block.length };
}
