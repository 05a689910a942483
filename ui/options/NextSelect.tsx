import type { Card } from '../../protocol';
import { Field } from './Field';
import { texts } from '../../models/i18n';

/** A "then go to" select over the other cards; empty means the next card in order. */
export function NextSelect(props: { label: string; value: string | undefined; cards: readonly Card[]; self: string; disabled: boolean; error?: string | undefined; onChange: (id: string | undefined) => void; emptyLabel?: string }) {
  const s = texts().options;
  return (
    <Field label={props.label} error={props.error}>
      {(a) => (
        <select {...a} value={props.value ?? ''} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.value || undefined)}>
          <option value="">{props.emptyLabel ?? s.card.nextDefault}</option>
          {props.cards
            .filter((c) => c.id !== props.self)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {`${c.id} (${s.editor.cardTypes[c.type]})`}
              </option>
            ))}
        </select>
      )}
    </Field>
  );
}
