import type { Card } from '../../protocol';
import type { FieldErrors } from '../../models/options/validation';

/** What every card's form is given. */
export type CardFormProps<C extends Card = Card> = {
  card: C;
  /** The other cards, for "then go to" choices. */
  cards: readonly Card[];
  errors: FieldErrors;
  disabled: boolean;
  onChange: (card: C) => void;
};
