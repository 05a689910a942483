import { CrmItem, type Card } from '../../protocol';
import { BranchCardForm } from './BranchCardForm';
import { Check, Field } from './Field';
import { LiveChatCardForm } from './LiveChatCardForm';
import { QuestionCardForm } from './QuestionCardForm';
import { RichTextField } from './RichTextField';
import { useStrings } from './strings-context';
import type { FieldErrors } from './validation';

export type CardFormProps<C extends Card = Card> = {
  card: C;
  /** The other cards, for "then go to" choices. */
  cards: readonly Card[];
  errors: FieldErrors;
  disabled: boolean;
  onChange: (card: C) => void;
};

const CAPTURE_FIELDS = ['text', 'name', 'email', 'phone', 'company'] as const;

/** The form for one card, by type. */
export function CardForm(props: CardFormProps) {
  const s = useStrings();
  const { card, errors, disabled } = props;
  const onChange = props.onChange as (c: typeof card) => void;
  switch (card.type) {
    case 'live-chat':
      return <LiveChatCardForm card={card} errors={errors} disabled={disabled} onChange={onChange} />;
    case 'question':
      return <QuestionCardForm {...props} card={card} onChange={onChange} />;
    case 'branch':
      return <BranchCardForm {...props} card={card} onChange={onChange} />;
    case 'message':
      return (
        <div class="card-form">
          <RichTextField label={s.card.text} value={card.text} error={errors['text']} disabled={disabled} onChange={(text) => onChange({ ...card, text })} />
        </div>
      );
    case 'end':
      return (
        <div class="card-form">
          <RichTextField label={s.card.optionalText} value={card.text ?? ''} error={errors['text']} disabled={disabled} onChange={(text) => onChange(withText(card, text))} />
        </div>
      );
    case 'capture':
      return (
        <div class="card-form">
          <RichTextField label={s.card.text} value={card.text} error={errors['text']} disabled={disabled} onChange={(text) => onChange({ ...card, text })} />
          <Field label={s.card.field} error={errors['field']}>
            {(a) => (
              <select {...a} value={card.field} disabled={disabled} onChange={(e) => onChange({ ...card, field: e.currentTarget.value as typeof card.field })}>
                {CAPTURE_FIELDS.map((f) => (
                  <option key={f} value={f}>
                    {s.card.fields[f]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={s.card.saveAs} error={errors['saveAs']}>
            {(a) => <input {...a} value={card.saveAs} readOnly={disabled} onInput={(e) => onChange({ ...card, saveAs: e.currentTarget.value })} />}
          </Field>
          <Check label={s.card.required} checked={card.required} disabled={disabled} onChange={(required) => onChange({ ...card, required })} />
        </div>
      );
    case 'create':
      return (
        <div class="card-form">
          <fieldset disabled={disabled}>
            <legend>{s.card.items}</legend>
            {CrmItem.options.map((item) => (
              <Check
                key={item}
                label={s.card.crm[item]}
                checked={card.items.includes(item)}
                onChange={(on) => onChange({ ...card, items: CrmItem.options.filter((x) => (x === item ? on : card.items.includes(x))) })}
              />
            ))}
            {errors['items'] && <p class="error">{errors['items']}</p>}
          </fieldset>
          <Check label={s.card.qualified} checked={card.qualified} disabled={disabled} onChange={(qualified) => onChange({ ...card, qualified })} />
          <RichTextField label={s.card.optionalText} value={card.text ?? ''} error={errors['text']} disabled={disabled} onChange={(text) => onChange(withText(card, text))} />
        </div>
      );
    default:
      return card satisfies never;
  }
}

/** Optional texts are left out rather than sent empty. */
function withText<C extends { text?: string }>(card: C, text: string): C {
  const { text: _old, ...rest } = card;
  return (text === '' ? rest : { ...rest, text }) as C;
}

/** A "then go to" select over the other cards; empty means the next card in order. */
export function NextSelect(props: { label: string; value: string | undefined; cards: readonly Card[]; self: string; disabled: boolean; error?: string | undefined; onChange: (id: string | undefined) => void; emptyLabel?: string }) {
  const s = useStrings();
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
