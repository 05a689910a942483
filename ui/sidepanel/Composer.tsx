import { useSignal } from '@preact/signals';
import { useEffect, useId, useLayoutEffect, useRef } from 'preact/hooks';
import type { SavedReply } from '../../protocol';
import type { ConversationClient } from '../../models/conversation-client';
import { filterReplies, insertReply, slashToken } from '../../models/saved-replies';
import { texts } from '../../models/i18n';

const TYPING_IDLE_MS = 2_500;

/** Which list is open: the `/query` one (typed) or the whole list (the Saved replies button). */
type Picker = { mode: 'slash' | 'browse'; active: number } | null;

/**
 * Enter sends, Shift+Enter breaks the line; typing start/stop goes to the visitor. `/` at the start of
 * the box (or the Saved replies button) opens the saved replies: the box (a multi-line textbox, which may
 * not take the combobox role) controls the list and points at its active reply with aria-activedescendant;
 * Up/Down move, Enter or Tab put the reply's text in the box (never sends), Escape closes.
 */
export function Composer({ client, mine, replies = [] }: { client: ConversationClient; mine: boolean; replies?: readonly SavedReply[] }) {
  const t = texts().panel;
  const text = useSignal('');
  const problem = useSignal<string | null>(null);
  const picker = useSignal<Picker>(null);
  /** The text Escape closed the `/` list on: it stays closed until the text changes. */
  const dismissed = useSignal<string | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typing = useRef(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const caretAfter = useRef<number | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const baseId = useId();

  const stopTyping = () => {
    if (typingTimer.current) clearTimeout(typingTimer.current);
    if (typing.current) client.typing(false);
    typing.current = false;
  };
  useEffect(() => stopTyping, [client]);
  // After an insertion, the caret goes right after the inserted text.
  useLayoutEffect(() => {
    if (caretAfter.current === null || !box.current) return;
    box.current.setSelectionRange(caretAfter.current, caretAfter.current);
    caretAfter.current = null;
  });
  useLayoutEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  });

  if (!client.canSend.value) {
    // A missed chat is not over: it waits for someone to take it for follow-up.
    return <p class="readonly">{client.view.value?.status === 'missed' ? t.missedReadOnly : t.closedReadOnly}</p>;
  }
  // The room takes messages only from the chat's assignee: claim first (Assign to me).
  if (!mine) {
    return <p class="readonly">{t.assignFirst}</p>;
  }

  const caret = () => box.current?.selectionStart ?? text.value.length;
  const token = slashToken(text.value, caret());
  const open = picker.value;
  const query = open?.mode === 'slash' ? (token?.query ?? '') : '';
  const options = open ? filterReplies(replies, query) : [];
  const active = open && options.length ? Math.min(open.active, options.length - 1) : -1;
  const optionId = (r: SavedReply) => `${baseId}-reply-${r.id}`;
  const listId = `${baseId}-replies`;

  const noteTyping = () => {
    if (!typing.current) client.typing(true);
    typing.current = true;
    if (typingTimer.current) clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  /** Opens or closes the `/` list to follow the text and caret. */
  const follow = (value: string, at: number) => {
    const tok = slashToken(value, at);
    if (tok && dismissed.value !== value) picker.value = { mode: 'slash', active: 0 };
    else picker.value = null;
    if (dismissed.value !== null && dismissed.value !== value) dismissed.value = null;
  };
  const choose = (reply: SavedReply) => {
    const el = box.current;
    const selection = el ? { start: el.selectionStart, end: el.selectionEnd } : { start: text.value.length, end: text.value.length };
    // The button's list puts the reply at the caret; only the typed `/query` is replaced.
    const next = open?.mode === 'browse' ? { text: text.value.slice(0, selection.start) + reply.text + text.value.slice(selection.end), caret: selection.start + reply.text.length } : insertReply(text.value, reply, selection);
    text.value = next.text;
    caretAfter.current = next.caret;
    picker.value = null;
    el?.focus();
    noteTyping();
  };
  const move = (by: number) => {
    if (!open || !options.length) return;
    picker.value = { ...open, active: (active + by + options.length) % options.length };
  };

  const submit = () => {
    const error = client.send(text.value);
    problem.value = error;
    if (!error) {
      text.value = '';
      picker.value = null;
      stopTyping();
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {open ? (
        <div class="replies-popup">
          {replies.length === 0 ? (
            <p class="muted replies-empty">{t.savedRepliesEmpty}</p>
          ) : options.length === 0 ? (
            <p class="muted replies-empty">{t.savedRepliesNoMatch(query)}</p>
          ) : null}
          <ul id={listId} ref={listRef} role="listbox" aria-label={t.savedReplies} class="replies-list" hidden={options.length === 0}>
            {options.map((r, i) => (
              <li
                key={r.id}
                id={optionId(r)}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'reply-option active' : 'reply-option'}
                onMouseDown={(e) => e.preventDefault() /* keep the caret in the box */}
                onClick={() => choose(r)}
              >
                <span class="reply-shortcut">/{r.shortcut}</span> <span class="reply-text">{r.text}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <textarea
        ref={box}
        aria-label={t.message}
        rows={2}
        value={text.value}
        aria-autocomplete="list"
        aria-haspopup="listbox"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && active >= 0 ? optionId(options[active]!) : undefined}
        onInput={(e) => {
          const el = e.currentTarget as HTMLTextAreaElement;
          text.value = el.value;
          follow(el.value, el.selectionStart ?? el.value.length);
          noteTyping();
        }}
        onKeyDown={(e) => {
          if (open) {
            if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && options.length) {
              e.preventDefault();
              return move(e.key === 'ArrowDown' ? 1 : -1);
            }
            if (e.key === 'Escape') {
              // Closes the list only; the chat view's Escape (back to the inbox) is not reached.
              e.preventDefault();
              e.stopPropagation();
              if (open.mode === 'slash') dismissed.value = text.value;
              picker.value = null;
              return;
            }
            if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && !e.isComposing && active >= 0) {
              e.preventDefault();
              return choose(options[active]!);
            }
          }
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
        onClick={(e) => {
          const el = e.currentTarget as HTMLTextAreaElement;
          if (open?.mode === 'slash' && !slashToken(el.value, el.selectionStart)) picker.value = null;
        }}
        onBlur={() => {
          picker.value = null;
        }}
        aria-invalid={problem.value ? true : undefined}
        aria-describedby={problem.value ? 'composer-problem' : undefined}
      />
      <button
        type="button"
        class="btn replies-btn"
        aria-label={t.savedReplies}
        title={t.savedReplies}
        aria-haspopup="listbox"
        aria-expanded={open?.mode === 'browse' ? 'true' : 'false'}
        onMouseDown={(e) => e.preventDefault() /* the box keeps focus and caret */}
        onClick={() => {
          picker.value = open?.mode === 'browse' ? null : { mode: token ? 'slash' : 'browse', active: 0 };
          box.current?.focus();
        }}
      >
        /
      </button>
      <button type="submit" class="btn primary">
        {t.send}
      </button>
      {problem.value ? (
        <p id="composer-problem" class="error" role="alert">
          {problem.value}
        </p>
      ) : null}
    </form>
  );
}
