import type { Ref } from 'preact';
import { texts } from '../../models/i18n';

type Props = {
  value: string;
  onInput: (value: string) => void;
  /** Matches in the current folder while a search is active; null when there is none. */
  matches: number | null;
  /** Where ArrowDown goes: the list. */
  onLeave: () => void;
  inputRef?: Ref<HTMLInputElement>;
};

/**
 * The inbox search: filters the current folder as the agent types. Escape empties it; ArrowDown moves to the
 * list; `/` in the list comes back here (App). The number of matches is announced in a status line.
 */
export function SearchField({ value, onInput, matches, onLeave, inputRef }: Props) {
  const t = texts().panel;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && value) {
      e.preventDefault();
      e.stopPropagation();
      onInput('');
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      onLeave();
    }
  };
  const query = value.trim();
  return (
    <div class="search" role="search">
      <input
        ref={inputRef}
        type="search"
        class="search-input"
        aria-label={t.searchConversations}
        aria-keyshortcuts="/"
        placeholder={t.searchConversations}
        autocomplete="off"
        spellcheck={false}
        value={value}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
      />
      <p class="search-status" role="status">
        {matches === null ? '' : matches === 0 ? t.searchNoMatch(query) : t.searchMatches(matches)}
      </p>
    </div>
  );
}
