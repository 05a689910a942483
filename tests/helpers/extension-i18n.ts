import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/**
 * WXT's fake browser throws on `i18n.getMessage`: this answers from the extension's own
 * `_locales/<lang>/messages.json`, placeholders and `$1` substitutions as Chrome does them.
 * Returns a function that puts the fake's originals back.
 */
export function useLocale(lang: 'en' | 'fr'): () => void {
  const messages = JSON.parse(readFileSync(resolve(`extension-public/_locales/${lang}/messages.json`), 'utf8')) as Messages;
  const i18n = fakeBrowser.i18n as unknown as Record<string, unknown>;
  const saved = { getMessage: i18n.getMessage, getUILanguage: i18n.getUILanguage };
  i18n.getMessage = (key: string, substitutions?: string | string[]) => {
    const entry = messages[key];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
    return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content;
      return content === undefined ? whole : fill(content);
    });
  };
  i18n.getUILanguage = () => lang;
  return () => Object.assign(i18n, saved);
}
