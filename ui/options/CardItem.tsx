import { useEffect, useRef, useState } from 'preact/hooks';
import type { Card, Team } from '../../protocol';
import { cardSummary } from '../../models/options/card-summary';
import { CardForm } from './CardForm';
import { Icon } from './Icon';
import { texts } from '../../models/i18n';
import { hasErrors, type FieldErrors } from '../../models/options/validation';

type Props = {
  card: Card;
  index: number;
  count: number;
  cards: readonly Card[];
  teams: readonly Team[];
  errors: FieldErrors;
  open: boolean;
  readOnly: boolean;
  /** The playbook has never loaded on an allowed site: the live chat card only runs offline. */
  offlineOnly: boolean;
  onToggle: () => void;
  onChange: (card: Card) => void;
  onDelete: () => void;
  onMove: (delta: -1 | 1) => void;
};

/** A card in the playbook: its summary with pencil and trash, and its form when open. */
export function CardItem(p: Props) {
  const t = texts().options;
  const [confirming, setConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const pencilRef = useRef<HTMLButtonElement>(null);
  const title = t.editor.cardTypes[p.card.type];
  const headingId = `card-${p.card.id}-title`;
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  return (
    <li class={`card-item ${p.open ? 'open' : ''}`} aria-labelledby={headingId} data-card-type={p.card.type}>
      <div class="card-head">
        <div class="card-title">
          <h4 id={headingId}>
            {p.index + 1}. {title}
          </h4>
          <p class="summary">{cardSummary(p.card, t)}</p>
          {p.card.type === 'live-chat' && p.offlineOnly && <p class="badge warn">{t.editor.offlineOnly}</p>}
          {hasErrors(p.errors) && <p class="badge bad">{t.editor.hasProblems}</p>}
        </div>
        <div class="card-actions">
          {!p.readOnly && (
            <>
              <button type="button" class="icon" aria-label={`${t.editor.moveUp}: ${title}`} disabled={p.index === 0} onClick={() => p.onMove(-1)}>
                <Icon name="up" />
              </button>
              <button type="button" class="icon" aria-label={`${t.editor.moveDown}: ${title}`} disabled={p.index === p.count - 1} onClick={() => p.onMove(1)}>
                <Icon name="down" />
              </button>
            </>
          )}
          <button type="button" class="icon" ref={pencilRef} aria-label={`${t.editor.editCard}: ${title}`} aria-expanded={p.open} title={t.editor.editCard} onClick={p.onToggle}>
            <Icon name="pencil" />
          </button>
          {!p.readOnly && (
            <button type="button" class="icon danger" aria-label={`${t.editor.deleteCard}: ${title}`} title={t.editor.deleteCard} onClick={() => setConfirming(true)}>
              <Icon name="trash" />
            </button>
          )}
        </div>
      </div>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-label={t.editor.deleteCard} aria-describedby={`${headingId}-confirm`}>
          <p id={`${headingId}-confirm`}>{t.editor.confirmDelete(title)}</p>
          <button type="button" class="danger" onClick={p.onDelete}>
            {t.editor.confirm}
          </button>
          <button
            type="button"
            ref={cancelRef}
            onClick={() => {
              setConfirming(false);
              pencilRef.current?.focus();
            }}
          >
            {t.playbooks.cancel}
          </button>
        </div>
      )}
      {p.open && (
        <div class="card-body">
          <CardForm card={p.card} cards={p.cards} teams={p.teams} errors={p.errors} disabled={p.readOnly} onChange={p.onChange} />
          <button type="button" onClick={p.onToggle}>
            {t.editor.closeCard}
          </button>
        </div>
      )}
    </li>
  );
}
