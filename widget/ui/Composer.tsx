import { useEffect, useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n';
import type { CaptureField } from '../validate-field';

type Props = {
  /** 'chat' for live messages (multi-line), or the field the bot is capturing. */
  mode: 'chat' | CaptureField;
  required?: boolean;
  disabled?: boolean;
  error?: string | null;
  t: Strings;
  /** False when the text was refused (a wrong email…): it stays in the box to be fixed. */
  onSubmit: (text: string) => boolean | void;
  onTyping?: (typing: boolean, text?: string) => void;
  /** Whether the box may take the focus when it appears or changes (the visitor is using the window). */
  focus?: boolean;
};

const INPUT: Record<CaptureField, { type: string; autoComplete: string }> = {
  text: { type: 'text', autoComplete: 'off' },
  name: { type: 'text', autoComplete: 'name' },
  email: { type: 'email', autoComplete: 'email' },
  phone: { type: 'tel', autoComplete: 'tel' },
  company: { type: 'text', autoComplete: 'organization' },
};

/** The "Message" box and "Send" button. Enter sends; Shift+Enter is a new line in chat mode. */
export function Composer({ mode, required = true, disabled, error, t, onSubmit, onTyping, focus }: Props) {
  const [text, setText] = useState('');
  const field = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const idle = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => void (focus && field.current?.focus()), [mode, disabled]);
  useEffect(() => () => clearTimeout(idle.current), []);

  const submit = (e?: Event) => {
    e?.preventDefault();
    if (disabled || (mode === 'chat' && !text.trim())) return;
    if (onSubmit(text) !== false) setText('');
    field.current?.focus();
  };
  const input = (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value;
    setText(value);
    if (!onTyping) return;
    onTyping(true, value);
    clearTimeout(idle.current);
    idle.current = setTimeout(() => onTyping(false), 3_000);
  };
  const common = {
    ref: field,
    value: text,
    onInput: input,
    'aria-label': t.message,
    placeholder: t.placeholder[mode],
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? 'baton-error' : undefined,
  };
  return (
    <>
      {error && (
        <div class="error" id="baton-error" role="alert">
          {error}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        {mode === 'chat' ? (
          <textarea
            {...common}
            rows={1}
            maxLength={4_000}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
            }}
          />
        ) : (
          <input {...common} {...INPUT[mode]} />
        )}
        {!required && !text.trim() && (
          <button type="submit" class="retry">
            {t.skip}
          </button>
        )}
        <button type="submit" class="send" disabled={disabled}>
          {t.send}
        </button>
      </form>
    </>
  );
}
