import { browser } from 'wxt/browser';
import { en, type Texts } from './i18n-en';
import { fr } from './i18n-fr';

/*
 * The extension's one i18n mechanism (side panel, options page, background notifications, protocol problems and
 * refusals): typed tables of texts, one per language, chosen by the browser's UI language. `texts().panel.x`,
 * `texts().options.connect.server`, `texts().problems[code](params)`: a misspelled or missing key, or a wrong
 * parameter, does not compile, and each language's table is typed `Texts`, so an entry missing in French does
 * not compile either. Why not @wxt-dev/i18n, how to add a text or a language: /work/notes/i18n-readme.md → README.
 */

export type { Texts };

/** Every language the extension speaks. A new one: a table typed `Texts` (see i18n-fr.ts) and a line here. */
const TABLES = { en, fr } as const satisfies Record<string, Texts>;
export type Language = keyof typeof TABLES;
export const LANGUAGES = Object.keys(TABLES) as Language[];

/**
 * The browser's UI language as a BCP 47 tag ("fr-FR"): what `browser.i18n.getUILanguage()` says, or where
 * there is no extension API (unit tests, the render bench) what `navigator.language` says, or English.
 */
export function uiLanguage(): string {
  try {
    const tag = browser?.i18n?.getUILanguage?.();
    if (tag) return tag;
  } catch {
    // WXT's fake browser throws for what a test did not set up.
  }
  return globalThis.navigator?.language || 'en';
}

/** The table for a language tag: its primary language if the extension speaks it ("fr-CA" → fr), English otherwise. */
export function languageOf(tag: string | undefined): Language {
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  return primary && Object.hasOwn(TABLES, primary) ? (primary as Language) : 'en';
}

/** Every text, in the browser's UI language. Read at each use (cheap), so nothing holds a stale language. */
export const texts = (): Texts => TABLES[languageOf(uiLanguage())];

/** The table of one language (tests, and whoever must speak a language other than the browser's). */
export const textsIn = (language: Language): Texts => TABLES[language];

/**
 * The tag dates and times are written in: the UI language's own ("en-GB" says 14:05, "fr-CA" 14 h 05) when the
 * extension speaks that language, else the language the texts are in (no German dates inside English sentences).
 */
export function formatLanguage(): string {
  const tag = uiLanguage();
  const language = languageOf(tag);
  return tag.toLowerCase().split(/[-_]/)[0] === language ? tag : language;
}

// Intl formatters are costly to build: one each per language tag, reused by every row of a 10,000-chat list.
const formatters = new Map<string, Intl.DateTimeFormat>();
function format(kind: 'time' | 'week' | 'date', at: number): string {
  const tag = formatLanguage();
  let f = formatters.get(`${kind} ${tag}`);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time' ? { hour: '2-digit', minute: '2-digit' } : kind === 'week' ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', year: 'numeric' };
    f = new Intl.DateTimeFormat(tag, options);
    formatters.set(`${kind} ${tag}`, f);
  }
  return f.format(at);
}

/** "14:05" today, "Mon 14:05" this week, a date before; in the browser's UI language. */
export function shortTime(at: number, now = Date.now()): string {
  if (new Date(now).toDateString() === new Date(at).toDateString()) return format('time', at);
  return format(now - at < 6 * 86_400_000 ? 'week' : 'date', at);
}
