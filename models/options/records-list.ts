import type { IntentView, StoredRecord } from '../../protocol';

/** Records per page: small enough to render at once, large enough that "Load more" is rare. */
export const PAGE_SIZE = 50;

/** The room's order: newest first, then by id, as its storage keys (`rec:<createdAt>:<id>`) sort. */
const newestFirst = (a: StoredRecord, b: StoredRecord) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Appends a page, in the room's order, without duplicates (the newest page, fetched again when a record
 * is created, overlaps what is held); says how many were new.
 */
export function appendPage(held: readonly StoredRecord[], page: readonly StoredRecord[]): { records: StoredRecord[]; added: number } {
  const seen = new Set(held.map((r) => `${r.kind}:${r.id}`));
  const fresh = page.filter((r) => !seen.has(`${r.kind}:${r.id}`));
  const records = [...held, ...fresh].sort(newestFirst);
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
