import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * WXT's fake browser throws on `i18n.getUILanguage`: this makes it answer `lang` (a BCP 47 tag, "fr" or "fr-CA"),
 * as a browser in that language does, so every text of the extension (models/i18n.ts) comes in that language.
 * Returns a function that puts the fake's original back.
 */
export function useLocale(lang: string): () => void {
  const i18n = fakeBrowser.i18n as unknown as Record<string, unknown>;
  const saved = i18n.getUILanguage;
  i18n.getUILanguage = () => lang;
  return () => {
    i18n.getUILanguage = saved;
  };
}
