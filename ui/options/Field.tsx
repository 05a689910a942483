import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';

export type FieldA11y = { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string };

type Props = {
  label: string;
  help?: string;
  error?: string | undefined;
  class?: string;
  /** Gets the id and ARIA wiring to spread on the control, so every field has a label and its error is announced. */
  children: (a11y: FieldA11y) => JSX.Element;
  after?: ComponentChildren;
};

/** A label, a control, its help and its error right next to it. */
export function Field({ label, help, error, children, after, class: cls }: Props) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, help ? helpId : null].filter(Boolean).join(' ');
  return (
    <div class={`field ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {error && (
        <p class="error" id={errorId}>
          {error}
        </p>
      )}
      {help && (
        <p class="help" id={helpId}>
          {help}
        </p>
      )}
      {after}
    </div>
  );
}

/** A labelled checkbox (or a switch, with `role="switch"`). */
export function Check(props: { label: string; checked: boolean; onChange: (on: boolean) => void; disabled?: boolean; switch?: boolean }) {
  return (
    <label class={props.switch ? 'check switch' : 'check'}>
      <input
        type="checkbox"
        role={props.switch ? 'switch' : undefined}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span>{props.label}</span>
    </label>
  );
}

/** A polite live region for results ("Saved.") and an assertive one for refusals. */
export function Status({ message, error }: { message?: string | null; error?: string | null }) {
  return (
    <>
      <p class="status" role="status">
        {message ?? ''}
      </p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
