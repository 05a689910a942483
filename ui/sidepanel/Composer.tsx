import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ConversationClient } from '../../models/conversation-client';
import { t } from '../i18n';

const TYPING_IDLE_MS = 2_500;

/** Enter sends, Shift+Enter breaks the line; typing start/stop goes to the visitor. */
export function Composer({ client, mine }: { client: ConversationClient; mine: boolean }) {
  const text = useSignal('');
  const problem = useSignal<string | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typing = useRef(false);

  const stopTyping = () => {
    if (typingTimer.current) clearTimeout(typingTimer.current);
    if (typing.current) client.typing(false);
    typing.current = false;
  };
  useEffect(() => stopTyping, [client]);

  if (!client.canSend.value) {
    return <p class="readonly">{t('closedReadOnly')}</p>;
  }
  // The room takes messages only from the chat's assignee: claim first (Assign to me).
  if (!mine) {
    return <p class="readonly">{t('assignFirst')}</p>;
  }

  const submit = () => {
    const error = client.send(text.value);
    problem.value = error;
    if (!error) {
      text.value = '';
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
      <textarea
        aria-label={t('message')}
        rows={2}
        value={text.value}
        onInput={(e) => {
          text.value = (e.currentTarget as HTMLTextAreaElement).value;
          if (!typing.current) client.typing(true);
          typing.current = true;
          if (typingTimer.current) clearTimeout(typingTimer.current);
          typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
        aria-invalid={problem.value ? true : undefined}
        aria-describedby={problem.value ? 'composer-problem' : undefined}
      />
      <button type="submit" class="btn primary">
        {t('send')}
      </button>
      {problem.value ? (
        <p id="composer-problem" class="error" role="alert">
          {problem.value}
        </p>
      ) : null}
    </form>
  );
}
