import type { Card, Team } from '../../protocol';
import type { FieldErrors } from '../../models/options/validation';

/** What every card's form is given. */
export type CardFormProps<C extends Card = Card> = {
  card: C;
  /** The other cards, for "then go to" choices. */
  cards: readonly Card[];
  /** The workspace's teams, for the live chat card's and the question buttons' `Team`. */
  teams: readonly Team[];
  errors: FieldErrors;
  disabled: boolean;
  onChange: (card: C) => void;
};
