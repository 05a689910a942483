import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatModel } from '../chat-model';
import { extraStrings, transcriptText } from '../extras-i18n';
import type { Strings } from '../i18n';
import { validateField } from '../validate-field';
import { ask } from './ask';
import { shown } from './extras-style';

export type TranscriptProps = {
  chat: ChatModel;
  lang: string;
  /** The chat bundle's texts: the email field's errors are the contact form's. */
  t: Strings;
  /** Closes the box (Close, Cancel, Escape); the caller gives the focus back to the header's button. */
  close: () => void;
};

type Step = 'form' | 'busy' | 'done';

/**
 * "Email me this chat": with the chat's email known, sent at once; else the visitor's address first (checked as the
 * contact form checks it). Then what happened, in words: sent to the address, an address is needed, the limit is
 * reached, or it is not available here.
 */
export function Transcript({ chat, lang, t, close }: TranscriptProps) {
  const s = extraStrings(lang);
  // The chat has an email address (the room's view): none asked.
  const emailKnown = !!chat.conv.value?.emailKnown;
  const [step, setStep] = useState<Step>(emailKnown ? 'busy' : 'form');
  const [email, setEmail] = useState('');
  const [error, setError] = useState('');
  const [said, setSaid] = useState(emailKnown ? s.sending : '');
  const box = useRef<HTMLDivElement>(null);
  // Each time the box changes size (the answer, an error), the log keeps its last line in view.
  useLayoutEffect(() => shown(box.current), [step, said, error]);

  const send = async (to?: string) => {
    setStep('busy');
    setSaid(s.sending);
    const answer = await ask(chat, { type: 'transcript-request', ...(to ? { email: to } : {}) });
    if (!answer) {
      setSaid(to ? s.sentTo(to) : s.sentKnown);
      return setStep('done');
    }
    if (answer.problem === 'email-needed' || answer.problem === 'invalid-email' || answer.code === 'invalid-field') {
      // The room knows no address after all, or refused the one given: the field again.
      setSaid(answer.problem === 'email-needed' ? s.needEmail : '');
      if (answer.problem !== 'email-needed') setError(t.email);
      return setStep('form');
    }
    setSaid(transcriptText(answer, s));
    setStep('done');
  };
  useEffect(() => void (emailKnown && send()), []);
  // The focus follows what the box asks for: the address, then (when it's over) its Close button.
  useEffect(() => void box.current?.querySelector<HTMLElement>(step === 'form' ? 'input' : step === 'done' ? '.retry' : 'none')?.focus(), [step]);

  const submit = (e: Event) => {
    e.preventDefault();
    const checked = validateField('email', email, true, t);
    setError(checked.ok ? '' : checked.error);
    if (checked.ok) void send(checked.value);
    else box.current?.querySelector('input')?.focus();
  };
  return (
    <div
      class="x"
      ref={box}
      role="region"
      aria-label={s.emailChat}
      onKeyDown={(e) => {
        // Escape closes this box, not the whole window.
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
        }
      }}
    >
      <b class="t">{s.emailChat}</b>
      {step === 'form' && (
        <form onSubmit={submit} noValidate>
          <label>
            {s.yourEmail}
            <input
              type="email"
              autoComplete="email"
              maxLength={254}
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
              placeholder={t.placeholder.email}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'baton-mail-error' : undefined}
            />
          </label>
          <p role="alert" id="baton-mail-error">
            {error}
          </p>
          <div class="row">
            <button type="button" class="retry" onClick={close}>
              {s.cancel}
            </button>
            <button type="submit" class="send">
              {s.send}
            </button>
          </div>
        </form>
      )}
      <p role="status">{said}</p>
      {step === 'done' && (
        <div class="row">
          <button type="button" class="retry" onClick={close}>
            {s.close}
          </button>
        </div>
      )}
    </div>
  );
}
