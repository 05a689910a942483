import { en, type Strings } from './i18n-en';
import { fr } from './i18n-fr';

export { en, type Strings };

/** The strings for a BCP 47 language tag: French for `fr*`, English otherwise. */
export function stringsFor(language: string | undefined): Strings {
  return language?.toLowerCase().startsWith('fr') ? fr : en;
}
