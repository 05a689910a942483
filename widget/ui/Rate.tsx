import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { extraStrings } from '../extras-i18n';
import type { ChatModel } from '../chat-model';
import { ask } from './ask';
import { shown } from './extras-style';

export type RateProps = {
  /** The closed chat. */
  chat: ChatModel;
  lang: string;
};

const SCORES = [1, 2, 3, 4, 5];

/** Where Skip is remembered, beside the chat's outbox: `{ v: 1, conversationId }`, the one conversation skipped. */
const skipKey = (chat: ChatModel) => `${chat.outbox.key}:rate-skipped`;

/** The visitor skipped rating this conversation (in this browser): never asked again. */
export function skipped(chat: ChatModel): boolean {
  try {
    const saved = JSON.parse(chat.outbox.storage.getItem(skipKey(chat)) ?? 'null') as { conversationId?: unknown } | null;
    return saved?.conversationId === chat.outbox.data.conversationId;
  } catch {
    return false;
  }
}

export function skip(chat: ChatModel): void {
  try {
    chat.outbox.storage.setItem(skipKey(chat), JSON.stringify({ v: 1, conversationId: chat.outbox.data.conversationId }));
  } catch {
    // Storage full or blocked: skipped for this page view.
  }
}
/** Arrow keys move through the five options as in any radio group, wrapping; Home and End go to the ends. */
const STEP: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/** Where a key moves the choice from option `at` (1..5), or 0 when the key is not the radio group's. */
export function nextScore(key: string, at: number): number {
  if (key === 'Home') return 1;
  if (key === 'End') return 5;
  const step = STEP[key];
  return step ? ((at - 1 + step + 5) % 5) + 1 : 0;
}

/**
 * "Rate this chat", shown when the chat has ended: five options as a radio group (fieldset and legend, one
 * label each), an optional comment, Send and Skip; then a thank-you. The room takes one rating per chat.
 */
export function Rate({ chat, lang }: RateProps) {
  const s = extraStrings(lang);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [thanked, setThanked] = useState(false);
  const [gone, setGone] = useState(() => skipped(chat));
  const box = useRef<HTMLDivElement>(null);
  const radios = useRef<HTMLInputElement[]>([]);
  // The form went away (sent or skipped) with the focus in it: the footer's "Start a new chat" takes it, as when the
  // chat ends under the visitor's keyboard (Panel.tsx).
  const done = () => box.current?.closest('.ended')?.querySelector<HTMLElement>('.new')?.focus();
  useLayoutEffect(() => shown(box.current), [error]);

  const pick = (n: number) => {
    setScore(n);
    setError('');
  };
  const key = (e: KeyboardEvent) => {
    const n = nextScore(e.key, Number((e.target as HTMLInputElement).value) || 1);
    if (!n) return;
    e.preventDefault();
    pick(n);
    radios.current[n - 1]?.focus();
  };
  const send = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!score) {
      setError(s.pickScore);
      radios.current[0]?.focus();
      return;
    }
    setBusy(true);
    const text = comment.trim();
    const answer = await ask(chat, { type: 'rate', score, ...(text ? { comment: text } : {}) });
    setBusy(false);
    // Rated meanwhile (another tab): as good as done.
    if (answer && answer.problem !== 'already-rated') return setError(s.rateFailed);
    setThanked(true);
    done();
  };

  if (gone) return null;
  return (
    <div class="x" ref={box}>
      {!thanked && (
        <form onSubmit={send} noValidate>
          <fieldset>
            <legend>{s.rate}</legend>
            <div class="stars" onKeyDown={key}>
              {SCORES.map((n) => (
                <label key={n} class={n <= score ? 'on' : ''}>
                  <input
                    type="radio"
                    name="baton-rate"
                    value={n}
                    checked={score === n}
                    tabIndex={n === (score || 1) ? 0 : -1}
                    ref={(el) => void (el && (radios.current[n - 1] = el))}
                    onChange={() => pick(n)}
                    aria-describedby={error ? 'baton-rate-error' : undefined}
                  />
                  <span aria-hidden="true">{n <= score ? '★' : '☆'}</span>
                  <span class="sr">{s.score(n, s.scores[n - 1]!)}</span>
                </label>
              ))}
              <span class="cap" aria-hidden="true">
                {score ? s.scores[score - 1] : ''}
              </span>
            </div>
          </fieldset>
          <label>
            {s.comment}
            <textarea rows={2} maxLength={1_000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </label>
          <p role="alert" id="baton-rate-error">
            {error}
          </p>
          <div class="row">
            <button type="button" class="retry" onClick={() => {
                skip(chat);
                setGone(true);
                done();
              }}>
              {s.skip}
            </button>
            <button type="submit" class="send" disabled={busy}>
              {s.send}
            </button>
          </div>
        </form>
      )}
      <p role="status">{thanked ? s.thanks : ''}</p>
    </div>
  );
}
