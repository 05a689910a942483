import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLanguage, languageOf, LANGUAGES, shortTime, texts, textsIn } from '../../../models/i18n';
import { useLocale } from '../../helpers/extension-i18n';

const ROOT = resolve(__dirname, '../../..');
let restore: (() => void) | undefined;
const under = (tag: string) => (restore = useLocale(tag));
afterEach(() => {
  restore?.();
  restore = undefined;
});

// "A misspelled or missing key, a wrong parameter, or a French entry missing does not compile": checked by the
// compiler on a fixture whose wrong lines are marked @ts-expect-error (an unused directive is an error).
it('a misspelled key, a wrong parameter or a missing French entry does not compile', () => {
  const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', resolve(__dirname, 'typed-texts/tsconfig.json')], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 60_000);

describe('the language', () => {
  it('is the primary language of the browser’s UI language when the extension speaks it, else English', () => {
    expect(['fr', 'fr-FR', 'fr-CA', 'fr_BE', 'FR'].map(languageOf)).toEqual(['fr', 'fr', 'fr', 'fr', 'fr']);
    expect(['en', 'en-GB', 'de-DE', 'pt-BR', '', undefined].map(languageOf)).toEqual(['en', 'en', 'en', 'en', 'en', 'en']);
  });

  it('follows browser.i18n.getUILanguage(), read at each use', () => {
    under('fr-FR');
    expect(texts().panel.online).toBe('En ligne');
    expect(texts().options.connect.server).toBe('Serveur');
    restore!();
    under('de-DE');
    expect(texts().panel.online).toBe('Online');
  });

  it('is English without an extension API (the fake browser throws)', () => {
    expect(texts().lang).toBe('en');
  });
});

describe('every language’s table', () => {
  /** Each key with the kind of its value (a text or a function of parameters), nested sections included. */
  const shape = (o: object): unknown => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'object' ? shape(v) : typeof v]));

  it('has every entry English has, and no other (at run time too, whatever a cast hides)', () => {
    for (const lang of LANGUAGES) expect(shape(textsIn(lang)), lang).toEqual(shape(textsIn('en')));
  });

  it('has a text for each entry, and each function says its parameters', () => {
    const empty: string[] = [];
    const walk = (o: object, path: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'object') walk(v, `${path}.${k}`);
        else if (typeof v === 'string' && v === '' && k !== 'idle') empty.push(`${path}.${k}`);
      }
    };
    for (const lang of LANGUAGES) walk(textsIn(lang), lang);
    expect(empty).toEqual([]);
    expect(textsIn('fr').panel.handedOff('Vera', 'Bob')).toBe('Conversation avec Vera réassignée à Bob.');
    expect(textsIn('fr').options.agents.confirmRevoke('Bob')).toContain('Bob');
  });

  it('carries the manifest’s name and description only in _locales, for each language it speaks', () => {
    const manifestKeys = [...readFileSync(resolve(ROOT, 'wxt.config.ts'), 'utf8').matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!).sort();
    expect(manifestKeys).toEqual(['extDescription', 'extName']);
    const locales = readdirSync(resolve(ROOT, 'extension-public/_locales')).sort();
    expect(locales).toEqual([...LANGUAGES].sort());
    for (const lang of locales) {
      const messages = JSON.parse(readFileSync(resolve(ROOT, `extension-public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
      expect(Object.keys(messages).sort(), lang).toEqual(manifestKeys);
      for (const key of manifestKeys) expect(messages[key]!.message, `${lang} ${key}`).toBeTruthy();
    }
  });
});

describe('counts, numbers and dates', () => {
  it('English: one for 1, other for 0 and more; digits grouped with commas', () => {
    const t = textsIn('en');
    expect([0, 1, 2, 1234].map(t.panel.unread)).toEqual(['0 unread messages', '1 unread message', '2 unread messages', '1,234 unread messages']);
    expect([1, 3].map(t.panel.searchMatches)).toEqual(['1 match', '3 matches']);
    expect([0, 1].map(t.options.playbooks.cards)).toEqual(['0 cards', '1 card']);
    expect(t.options.editor.fixErrors(1)).toMatch(/^Fix the problem marked/);
    expect(t.options.editor.fixErrors(3)).toMatch(/^Fix the 3 problems marked/);
    expect(t.options.crm.intentLine('lead', 'Pipedrive', 1)).toBe('lead · Pipedrive · 1 attempt');
  });

  it('French: 0 and 1 are singular, a million takes "de"; digits grouped with a narrow space', () => {
    const t = textsIn('fr');
    expect([0, 1, 2, 1234, 1_000_000].map(t.panel.unread)).toEqual([
      '0 message non lu',
      '1 message non lu',
      '2 messages non lus',
      '1\u202f234 messages non lus',
      '1\u202f000\u202f000 de messages non lus',
    ]);
    expect([0, 1, 3].map(t.panel.searchMatches)).toEqual(['0 résultat', '1 résultat', '3 résultats']);
    expect([0, 1, 2].map(t.options.playbooks.cards)).toEqual(['0 carte', '1 carte', '2 cartes']);
    expect(t.options.editor.fixErrors(1)).toMatch(/^Corrigez le problème signalé/);
    expect(t.options.editor.fixErrors(3)).toMatch(/^Corrigez les 3 problèmes signalés/);
    expect(t.options.crm.intentLine('lead', 'Pipedrive', 2)).toBe('lead · Pipedrive · 2 essais');
    expect(t.problems['message-too-long']({ max: 4000 })).toBe('Le message fait au plus 4\u202f000 caractères');
  });

  it('dates and times: the UI language’s own format when the extension speaks it, else the texts’ language', () => {
    const at = Date.UTC(2024, 2, 4, 13, 5);
    const hm = (tag: string) => new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit' }).format(at);
    for (const [tag, expected] of [
      ['fr-FR', 'fr-FR'],
      ['en-GB', 'en-GB'],
      ['en-US', 'en-US'],
      ['de-DE', 'en'],
    ] as const) {
      under(tag);
      expect(formatLanguage(), tag).toBe(expected);
      expect(shortTime(at, at + 1000), tag).toBe(hm(expected));
      restore!();
      restore = undefined;
    }
    // en-GB writes 24-hour times, en-US does not: one shared English table does not make them alike.
    expect(hm('en-GB')).not.toBe(hm('en-US'));
  });
});
