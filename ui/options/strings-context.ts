import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type Strings } from './i18n';

export const StringsContext = createContext<Strings>(en);
export const useStrings = () => useContext(StringsContext);
