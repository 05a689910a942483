import { displayName } from '../../models/inbox';
import { formatLanguage, texts } from '../../models/i18n';
import type { VisitorHistory } from '../../models/visitor-history';

/** A previous chat's start, date and time ("2 Jan 2030, 09:00"): "today" alone would not place it. */
export function whenStarted(at: number): string {
  return new Date(at).toLocaleString(formatLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * `Previous conversations` of the visitor: newest first, each with its date and outcome, a button that opens it
 * in the panel (read-only once closed, as any closed chat); "—" when there are none.
 */
export function PreviousConversations({ history, onOpen }: { history: VisitorHistory; onOpen: (id: string) => void }) {
  const t = texts().panel;
  const state = history.state.value;
  return (
    <section class="previous" aria-labelledby="previous-title" aria-busy={state.state === 'loading'}>
      <h3 id="previous-title">{t.previousConversations}</h3>
      {state.state === 'loading' ? (
        <p class="muted">{t.historyLoading}</p>
      ) : state.state === 'failed' ? (
        <p class="muted">{state.reason || t.historyFailed}</p>
      ) : state.items.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ul class="previous-list">
          {state.items.map(({ conversation: c, outcome }) => {
            const when = whenStarted(c.createdAt);
            const said = t.outcomes[outcome];
            return (
              <li key={c.id}>
                <button type="button" class="link-btn" aria-label={t.openPrevious(when, said)} onClick={() => onOpen(c.id)}>
                  <time dateTime={new Date(c.createdAt).toISOString()}>{when}</time>
                </button>{' '}
                <span class={`outcome ${outcome}`}>{said}</span>
                {c.lastMessage ? <span class="previous-last muted">{c.lastMessage.text}</span> : <span class="previous-last muted">{displayName(c)}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
