import type { Card } from '../../protocol';
import type { CardFormProps } from './card-form-props';
import { NextSelect } from './NextSelect';
import { Field } from './Field';
import { Icon } from './Icon';
import { texts } from '../../models/i18n';

type Branch = Extract<Card, { type: 'branch' }>;

/** Jumps on a saved answer: one case per expected value, and where to go otherwise. */
export function BranchCardForm({ card, cards, errors, disabled, onChange }: CardFormProps<Branch>) {
  const s = texts().options.card;
  const setCase = (i: number, next: Branch['cases'][number] | null) =>
    onChange({ ...card, cases: next ? card.cases.map((c, j) => (j === i ? next : c)) : card.cases.filter((_, j) => j !== i) });
  const firstOther = cards.find((c) => c.id !== card.id)?.id;
  return (
    <div class="card-form">
      <Field label={s.on} error={errors['on']}>
        {(a) => <input {...a} value={card.on} readOnly={disabled} onInput={(e) => onChange({ ...card, on: e.currentTarget.value })} />}
      </Field>
      <fieldset>
        <legend>{s.cases}</legend>
        {card.cases.map((c, i) => (
          <div class="row sub-item" key={i}>
            <Field label={`${s.equals} (${i + 1})`} error={errors[`cases.${i}.equals`]}>
              {(a) => <input {...a} value={c.equals} readOnly={disabled} onInput={(e) => setCase(i, { ...c, equals: e.currentTarget.value })} />}
            </Field>
            <NextSelect label={s.next} value={c.next} cards={cards} self={card.id} disabled={disabled} error={errors[`cases.${i}.next`]} onChange={(next) => next && setCase(i, { ...c, next })} />
            {!disabled && (
              <button type="button" class="icon" aria-label={`${s.removeCase} ${i + 1}`} onClick={() => setCase(i, null)}>
                <Icon name="close" />
              </button>
            )}
          </div>
        ))}
        {!disabled && firstOther && (
          <button type="button" onClick={() => onChange({ ...card, cases: [...card.cases, { equals: 'yes', next: firstOther }] })}>
            {s.addCase}
          </button>
        )}
      </fieldset>
      <NextSelect
        label={s.otherwise}
        value={card.otherwise}
        cards={cards}
        self={card.id}
        disabled={disabled}
        error={errors['otherwise']}
        onChange={(otherwise) => {
          const { otherwise: _old, ...rest } = card;
          onChange(otherwise ? { ...rest, otherwise } : rest);
        }}
      />
    </div>
  );
}
