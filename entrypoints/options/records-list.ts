import type { IntentView, StoredRecord } from '../../protocol';

/** Records per page: small enough to render at once, large enough that "Load more" is rare. */
export const PAGE_SIZE = 50;

/**
 * The `before` cursor for the next page. The room's cursor is a createdAt, exclusive, and several
 * records are often created in the same millisecond (person, organization, lead); asking `last + 1`
 * re-reads that millisecond so none of them is skipped, and `appendPage` drops the ones we hold.
 * `strict` asks `last` itself, for when a whole page fell in one millisecond (else we would loop).
 */
export function nextCursor(records: readonly StoredRecord[], strict = false): number | undefined {
  const last = records[records.length - 1];
  if (!last) return undefined;
  return strict ? last.createdAt : last.createdAt + 1;
}

/** Appends a page, newest first, without duplicates; says how many were new. */
export function appendPage(held: readonly StoredRecord[], page: readonly StoredRecord[]): { records: StoredRecord[]; added: number } {
  const seen = new Set(held.map((r) => `${r.kind}:${r.id}`));
  const fresh = page.filter((r) => !seen.has(`${r.kind}:${r.id}`));
  const records = [...held, ...fresh].sort((a, b) => b.createdAt - a.createdAt);
  return { records, added: fresh.length };
}

/** Puts a pushed `crm-intent` in the list (replacing its older state), newest first. */
export function upsertIntent(list: readonly IntentView[], intent: IntentView): IntentView[] {
  const others = list.filter((i) => i.id !== intent.id);
  return [intent, ...others].sort((a, b) => b.createdAt - a.createdAt);
}

const text = (x: unknown): string | null => (typeof x === 'string' && x.trim() ? x.trim() : typeof x === 'number' ? String(x) : null);

/**
 * A one-line summary of what a record holds beyond its title (email, phone, value, close date,
 * address), read defensively because `data` is whatever the built-in store kept.
 */
export function recordDetails(record: Pick<StoredRecord, 'data'>): string {
  const d = record.data;
  const parts = [text(d['email']), text(d['phone'])];
  const value = d['value'] as { amount?: unknown; currency?: unknown } | undefined;
  if (value && typeof value === 'object' && typeof value.amount === 'number') parts.push(`${value.amount} ${text(value.currency) ?? ''}`.trim());
  const close = text(d['expectedCloseDate']);
  parts.push(close && `→ ${close}`, text(d['address']));
  return parts.filter(Boolean).join(' · ');
}

/** A file's MIME type by export format; UTF-8 so accents survive a spreadsheet import. */
export const exportMime = (format: 'csv' | 'json') => (format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json;charset=utf-8');

/** A short local date and time in the page's language. */
export const formatTime = (lang: string, ms: number) => new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' }).format(ms);
