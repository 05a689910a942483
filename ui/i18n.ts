import { browser } from 'wxt/browser';

type GetMessage = (key: string, substitutions?: string | string[]) => string;

/** UI text from `_locales/<lang>/messages.json`, picked by the browser's language. */
export function t(key: string, substitutions?: string | string[]): string {
  const get = browser?.i18n?.getMessage as GetMessage | undefined;
  return get?.(key, substitutions) || key;
}

export const locale = (): string => browser?.i18n?.getUILanguage?.() || navigator.language || 'en';

const rtf = () => new Intl.RelativeTimeFormat(locale(), { numeric: 'auto', style: 'short' });

// Intl formatters are costly to build: one each, reused by every row of a 10,000-chat list.
const formatters = new Map<string, Intl.DateTimeFormat>();
function format(kind: 'time' | 'week' | 'date', at: number): string {
  let f = formatters.get(kind);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time' ? { hour: '2-digit', minute: '2-digit' } : kind === 'week' ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', year: 'numeric' };
    f = new Intl.DateTimeFormat(locale(), options);
    formatters.set(kind, f);
  }
  return f.format(at);
}

/** "14:05" today, "Mon 14:05" this week, a date before. */
export function shortTime(at: number, now = Date.now()): string {
  if (new Date(now).toDateString() === new Date(at).toDateString()) return format('time', at);
  return format(now - at < 6 * 86_400_000 ? 'week' : 'date', at);
}

export function relative(at: number, now = Date.now()): string {
  const s = Math.round((at - now) / 1000);
  if (Math.abs(s) < 60) return rtf().format(s, 'second');
  if (Math.abs(s) < 3600) return rtf().format(Math.round(s / 60), 'minute');
  if (Math.abs(s) < 86_400) return rtf().format(Math.round(s / 3600), 'hour');
  return rtf().format(Math.round(s / 86_400), 'day');
}
