import { CrmItem, type Card } from '../../protocol';
import type { CardFormProps } from './card-form-props';
import { BranchCardForm } from './BranchCardForm';
import { Check, Field } from './Field';
import { LiveChatCardForm } from './LiveChatCardForm';
import { QuestionCardForm } from './QuestionCardForm';
import { RichTextField } from './RichTextField';
import { texts } from '../../models/i18n';
import type { FieldErrors } from '../../models/options/validation';


const CAPTURE_FIELDS = ['text', 'name', 'email', 'phone', 'company'] as const;

/** The form for one card, by type. */
export function CardForm(props: CardFormProps) {
  const s = texts().options;
  const { card, errors, disabled } = props;
  const onChange = props.onChange as (c: typeof card) => void;
  switch (card.type) {
    case 'live-chat':
      return <LiveChatCardForm card={card} teams={props.teams} errors={errors} disabled={disabled} onChange={onChange} />;
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
