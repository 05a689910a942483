import { newLiveChatCard, type Card, type CardType } from '../../protocol';

/** Card types an admin can add from the editor, in menu order. */
export const CARD_TYPES: readonly CardType[] = ['message', 'question', 'capture', 'branch', 'live-chat', 'create', 'end'];

/** A card id not used yet in `cards`: `base`, then `base-2`, `base-3`... */
export function freshId(cards: readonly Card[], base: string): string {
  const taken = new Set(cards.map((c) => c.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new card of `type` with defaults that already pass validation, so adding never makes the draft invalid. */
export function newCard(type: CardType, cards: readonly Card[]): Card {
  const id = freshId(cards, type);
  switch (type) {
    case 'message':
      return { id, type, text: 'Hello!' };
    case 'question':
      return { id, type, text: 'Which one?', saveAs: freshKey(cards, 'answer'), buttons: [{ id: 'yes', label: 'Yes' }] };
    case 'capture':
      return { id, type, text: 'What is your email?', field: 'email', saveAs: freshKey(cards, 'email'), required: true };
    case 'branch':
      return { id, type, on: firstAnswerKey(cards) ?? 'answer', cases: [] };
    case 'live-chat':
      return newLiveChatCard(id);
    case 'create':
      return { id, type, items: ['lead'], qualified: false };
    case 'end':
      return { id, type, text: 'Thanks!' };
    default:
      return type satisfies never;
  }
}

function answerKeys(cards: readonly Card[]): string[] {
  return cards.flatMap((c) => (c.type === 'question' || c.type === 'capture' ? [c.saveAs] : []));
}
function firstAnswerKey(cards: readonly Card[]): string | undefined {
  return answerKeys(cards)[0];
}
function freshKey(cards: readonly Card[], base: string): string {
  const taken = new Set(answerKeys(cards));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

export const hasLiveChatCard = (cards: readonly Card[]) => cards.some((c) => c.type === 'live-chat');

/** Appends a card of `type`. A second live chat card is refused (the schema allows one). */
export function addCard(cards: readonly Card[], type: CardType): Card[] {
  if (type === 'live-chat' && hasLiveChatCard(cards)) throw new Error('A playbook has at most one live chat card');
  return [...cards, newCard(type, cards)];
}

/**
 * Adds the live chat card before a trailing end card (so the flow reaches it), or at the end.
 * Returns the cards unchanged when one is already there.
 */
export function addLiveChatCard(cards: readonly Card[]): Card[] {
  if (hasLiveChatCard(cards)) return [...cards];
  const card = newCard('live-chat', cards);
  const last = cards[cards.length - 1];
  if (last?.type === 'end') return [...cards.slice(0, -1), card, last];
  return [...cards, card];
}

/** Replaces the card with `id` by `next` (same id kept even if `next` says otherwise). */
export function updateCard(cards: readonly Card[], id: string, next: Card): Card[] {
  return cards.map((c) => (c.id === id ? ({ ...next, id } as Card) : c));
}

/** Removes a card and every reference to it, so no button or branch points at nothing. */
export function deleteCard(cards: readonly Card[], id: string): Card[] {
  return cards
    .filter((c) => c.id !== id)
    .map((c): Card => {
      if (c.type === 'question') {
        return { ...c, buttons: c.buttons.map((b) => (b.next === id ? withoutNext(b) : b)) };
      }
      if (c.type === 'branch') {
        const { otherwise, ...rest } = c;
        return { ...rest, cases: c.cases.filter((k) => k.next !== id), ...(otherwise && otherwise !== id ? { otherwise } : {}) };
      }
      return c;
    });
}

function withoutNext<T extends { next?: string }>(b: T): T {
  const { next: _drop, ...rest } = b;
  return rest as T;
}

/** Moves a card up (-1) or down (+1); out-of-range moves change nothing. */
export function moveCard(cards: readonly Card[], id: string, delta: -1 | 1): Card[] {
  const from = cards.findIndex((c) => c.id === id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= cards.length) return [...cards];
  const out = [...cards];
  [out[from], out[to]] = [out[to]!, out[from]!];
  return out;
}
