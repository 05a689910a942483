import type { VisitStart } from '../../protocol';

/*
 * Where the visit began (the widget's `context.visit`: landing page, referrer, UTM parameters), carried into
 * what Create lead / Create deal / the offline flow make: a "Visit" block in the note (plain text; HTML in
 * Pipedrive, whose notes are HTML), and a `visit` object on the lead or deal (built-in records, webhook).
 *
 * Everything in it came from the visitor's browser, so it is hostile: control, line-break and text-direction
 * characters become spaces (a UTM value can't fake a line of the note), every value is cut to a bound, only an
 * http(s) URL with a host becomes a link (never `javascript:` or `data:`), and nothing here is ever fetched:
 * the server never calls a URL the visitor chose.
 */

/** Longest landing page / referrer and UTM value kept in a note or payload (the protocol allows 2,000 / 200). */
export const VISIT_URL_MAX = 1_000;
export const VISIT_UTM_MAX = 200;
const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
type UtmKey = (typeof UTM_KEYS)[number];

/** A visit as Baton hands it to a CRM: cleaned, bounded, empty parts left out. */
export type Visit = {
  landingPage?: string;
  referrer?: string;
  /** When the visit began (ISO 8601, the visitor's clock). */
  startedAt?: string;
  utm?: Partial<Record<UtmKey, string>>;
};

// C0/C1 controls (line breaks included), zero-width and text-direction marks, line/paragraph separators, BOM.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** One line of visitor text: unsafe characters become spaces, runs of space one, cut to `max` (with "…"). */
export function cleanLine(s: string, max: number): string {
  let out = s.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  if (out.length > max) {
    out = out.slice(0, max - 1);
    if (/[\ud800-\udbff]$/.test(out)) out = out.slice(0, -1); // never half a surrogate pair
    out += '…';
  }
  return out;
}

/** The link a shown URL may carry: an http(s) URL with a host, normalised; null for anything else. */
export function linkOf(shown: string): string | null {
  if (!/^https?:\/\//i.test(shown) || shown.endsWith('…')) return null;
  try {
    const u = new URL(shown);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? u.href : null;
  } catch {
    return null;
  }
}

/** The visit, cleaned and bounded; undefined when nothing of it is left. */
export function cleanVisit(visit: VisitStart | undefined): Visit | undefined {
  if (!visit) return undefined;
  const landingPage = cleanLine(visit.landingPage, VISIT_URL_MAX);
  const referrer = cleanLine(visit.referrer, VISIT_URL_MAX);
  const utm: Visit['utm'] = {};
  for (const k of UTM_KEYS) {
    const value = visit.utm?.[k];
    const clean = value === undefined ? '' : cleanLine(value, VISIT_UTM_MAX);
    if (clean) utm[k] = clean;
  }
  const at = new Date(visit.at);
  const out: Visit = {
    ...(landingPage ? { landingPage } : {}),
    ...(referrer ? { referrer } : {}),
    ...(Number.isNaN(at.getTime()) ? {} : { startedAt: at.toISOString() }),
    ...(Object.keys(utm).length ? { utm } : {}),
  };
  return out.landingPage || out.referrer || out.utm ? out : undefined;
}

type Row = { label: string; value: string; url?: boolean };
function rows(v: Visit): Row[] {
  return [
    ...(v.landingPage ? [{ label: 'Landing page', value: v.landingPage, url: true }] : []),
    { label: 'Referrer', value: v.referrer ?? '(none: a direct visit)', url: !!v.referrer },
    ...(v.startedAt ? [{ label: 'Visit began', value: v.startedAt }] : []),
    ...UTM_KEYS.flatMap((k) => (v.utm?.[k] ? [{ label: `utm_${k}`, value: v.utm[k]! }] : [])),
  ];
}

/** The note's "Visit" block as plain text (built-in store, webhook): a title line, then `Label: value` lines. */
export function visitText(v: Visit): string {
  return ['Visit', ...rows(v).map((r) => `${r.label}: ${r.value}`)].join('\n');
}

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The note's "Visit" block as HTML (Pipedrive): every value escaped; only http(s) URLs are links. */
export function visitHtml(v: Visit): string {
  const line = (r: Row) => {
    const href = r.url ? linkOf(r.value) : null;
    const value = href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${escapeHtml(r.value)}</a>` : escapeHtml(r.value);
    return `${escapeHtml(r.label)}: ${value}`;
  };
  return ['<b>Visit</b>', ...rows(v).map(line)].join('<br>');
}

/** A note's plain text with its Visit block after a blank line (either may be absent). */
export function noteText(content: string, visit?: Visit): string {
  return [content, visit ? visitText(visit) : ''].filter(Boolean).join('\n\n');
}
