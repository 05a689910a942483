import type { Card } from '../../protocol';
import { freshId } from '../../models/options/card-list';
import type { CardFormProps } from './card-form-props';
import { NextSelect } from './NextSelect';
import { Field } from './Field';
import { RichTextField } from './RichTextField';
import { Icon } from './Icon';
import { TeamSelect } from './TeamSelect';
import { texts } from '../../models/i18n';

type Question = Extract<Card, { type: 'question' }>;
type Button = Question['buttons'][number];

/** The button with `key` set, or left out when undefined (the saved button has no key for "none"). */
function withKey(b: Button, key: 'next' | 'team', value: string | undefined): Button {
  const { [key]: _old, ...rest } = b;
  return value === undefined ? rest : { ...rest, [key]: value };
}

/** A question with buttons; each button may jump to another card. */
export function QuestionCardForm({ card, cards, teams, errors, disabled, onChange }: CardFormProps<Question>) {
  const s = texts().options.card;
  const setButton = (i: number, next: Button | null) =>
    onChange({ ...card, buttons: next ? card.buttons.map((b, j) => (j === i ? next : b)) : card.buttons.filter((_, j) => j !== i) });
  const addButton = () => {
    const id = freshId(card.buttons.map((b) => ({ id: b.id, type: 'end' as const })), 'option');
    onChange({ ...card, buttons: [...card.buttons, { id, label: s.buttonLabel }] });
  };
  return (
    <div class="card-form">
      <RichTextField label={s.text} value={card.text} error={errors['text']} disabled={disabled} onChange={(text) => onChange({ ...card, text })} />
      <Field label={s.saveAs} error={errors['saveAs']}>
        {(a) => <input {...a} value={card.saveAs} readOnly={disabled} onInput={(e) => onChange({ ...card, saveAs: e.currentTarget.value })} />}
      </Field>
      <fieldset>
        <legend>{s.buttons}</legend>
        {card.buttons.map((b, i) => (
          <div class="row sub-item" key={b.id}>
            <Field label={`${s.buttonLabel} ${i + 1}`} error={errors[`buttons.${i}.label`]}>
              {(a) => <input {...a} value={b.label} readOnly={disabled} onInput={(e) => setButton(i, { ...b, label: e.currentTarget.value })} />}
            </Field>
            <NextSelect
              label={s.next}
              value={b.next}
              cards={cards}
              self={card.id}
              disabled={disabled}
              error={errors[`buttons.${i}.next`]}
              onChange={(next) => setButton(i, withKey(b, 'next', next))}
            />
            {(teams.length > 0 || b.team !== undefined) && (
              <TeamSelect
                label={`${s.buttonTeam} ${i + 1}`}
                value={b.team}
                teams={teams}
                emptyLabel={s.noTeam}
                disabled={disabled}
                error={errors[`buttons.${i}.team`]}
                onChange={(team) => setButton(i, withKey(b, 'team', team))}
              />
            )}
            {!disabled && (
              <button type="button" class="icon" aria-label={`${s.removeButton} ${i + 1}`} onClick={() => setButton(i, null)}>
                <Icon name="close" />
              </button>
            )}
          </div>
        ))}
        {errors['buttons'] && <p class="error">{errors['buttons']}</p>}
        {!disabled && (
          <button type="button" onClick={addButton}>
            {s.addButton}
          </button>
        )}
      </fieldset>
    </div>
  );
}
