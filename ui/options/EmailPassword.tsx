import { useEffect, useRef } from 'preact/hooks';
import type { EmailForm } from '../../models/options/email-form';
import { texts } from '../../models/i18n';
import { Field } from './Field';

type Props = { form: EmailForm; error: string | undefined; onChange: (patch: Partial<EmailForm>) => void };

/**
 * The SMTP password, write-only: the room never sends it, only whether one is stored. Stored: says so, with
 * `Replace` (a field; left empty it keeps the stored one) and `Remove` (undone by `Undo`). Focus follows each step.
 */
export function EmailPassword({ form, error, onChange }: Props) {
  const t = texts().options.email;
  const input = useRef<HTMLInputElement>(null);
  const undo = useRef<HTMLButtonElement>(null);
  const replace = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    // Only after the admin's own click (not when the room's settings reset the form).
    if (!moved.current) return;
    moved.current = false;
    (form.passwordMode === 'replace' ? input : form.passwordMode === 'remove' ? undo : replace).current?.focus();
  }, [form.passwordMode]);
  const go = (passwordMode: EmailForm['passwordMode']) => {
    moved.current = true;
    onChange({ passwordMode, password: '' });
  };

  if (form.passwordSet && form.passwordMode !== 'replace') {
    const removing = form.passwordMode === 'remove';
    return (
      <div class="field email-password" role="group" aria-labelledby="email-password-label" aria-describedby="email-password-state">
        <p id="email-password-label" class="label">
          {t.password}
        </p>
        <p id="email-password-state" class={removing ? 'password-removing' : 'secret-saved'}>
          {removing ? t.passwordRemoving : t.passwordStored}
        </p>
        <div class="row-buttons">
          {removing ? (
            <button type="button" ref={undo} onClick={() => go('keep')}>
              {t.passwordUndo}
            </button>
          ) : (
            <>
              <button type="button" ref={replace} onClick={() => go('replace')}>
                {t.passwordReplace}
              </button>
              <button type="button" class="danger" onClick={() => go('remove')}>
                {t.passwordRemove}
              </button>
            </>
          )}
        </div>
      </div>
    );
  }
  return (
    <Field
      label={t.password}
      help={form.passwordSet ? t.passwordReplaceHelp : t.passwordHelp}
      error={error}
      after={
        form.passwordSet && (
          <button type="button" class="link" onClick={() => go('keep')}>
            {t.passwordKeep}
          </button>
        )
      }
    >
      {(a) => <input {...a} ref={input} type="password" value={form.password} autocomplete="new-password" onInput={(e) => onChange({ password: e.currentTarget.value })} />}
    </Field>
  );
}
