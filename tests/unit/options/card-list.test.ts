import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { Card, liveChatTemplate, PlaybookInput, type Card as CardT } from '../../../protocol';
import { CARD_TYPES, addCard, addLiveChatCard, deleteCard, freshId, moveCard, newCard, updateCard } from '../../../models/options/card-list';

const template = () => liveChatTemplate('pb1').cards;

describe('card list operations', () => {
  it('makes a valid new card of every type, with an unused id', () => {
    let cards: CardT[] = template();
    for (const type of CARD_TYPES.filter((t) => t !== 'live-chat')) {
      const card = newCard(type, cards);
      expect(v.safeParse(Card, card).success, type).toBe(true);
      expect(cards.map((c) => c.id)).not.toContain(card.id);
      cards = [...cards, card];
    }
    expect(v.safeParse(PlaybookInput, { ...liveChatTemplate('pb1'), cards }).success).toBe(true);
  });

  it('numbers ids that are taken', () => {
    const cards = [newCard('message', []), { ...newCard('message', []), id: 'message-2' }];
    expect(freshId(cards, 'message')).toBe('message-3');
    expect(freshId(cards, 'end')).toBe('end');
  });

  it('refuses a second live chat card but addLiveChatCard is idempotent', () => {
    const cards = template();
    expect(() => addCard(cards, 'live-chat')).toThrow(/at most one live chat card/);
    expect(addLiveChatCard(cards)).toEqual(cards);
  });

  it('adds the live chat card before a trailing end card', () => {
    const cards = template().filter((c) => c.type !== 'live-chat');
    const out = addLiveChatCard(cards);
    expect(out.map((c) => c.type)).toEqual(['message', 'question', 'live-chat', 'end']);
    expect(addLiveChatCard([]).map((c) => c.type)).toEqual(['live-chat']);
  });

  it('updates a card in place and keeps its id', () => {
    const cards = template();
    const out = updateCard(cards, 'greeting', { id: 'other', type: 'message', text: 'Hey' });
    expect(out[0]).toEqual({ id: 'greeting', type: 'message', text: 'Hey' });
    expect(out.slice(1)).toEqual(cards.slice(1));
  });

  it('deletes a card and every button or branch pointing at it', () => {
    const cards: CardT[] = [
      { id: 'q', type: 'question', text: 'Q?', saveAs: 'q', buttons: [{ id: 'a', label: 'A', next: 'gone' }, { id: 'b', label: 'B', next: 'keep' }] },
      { id: 'br', type: 'branch', on: 'q', cases: [{ equals: 'A', next: 'gone' }, { equals: 'B', next: 'keep' }], otherwise: 'gone' },
      { id: 'gone', type: 'message', text: 'x' },
      { id: 'keep', type: 'end' },
    ];
    const out = deleteCard(cards, 'gone');
    expect(out.map((c) => c.id)).toEqual(['q', 'br', 'keep']);
    expect(out[0]).toEqual({ ...cards[0], buttons: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B', next: 'keep' }] });
    expect(out[1]).toEqual({ id: 'br', type: 'branch', on: 'q', cases: [{ equals: 'B', next: 'keep' }] });
  });

  it('moves cards and ignores moves past either end', () => {
    const cards = template();
    expect(moveCard(cards, 'topic', -1).map((c) => c.id)).toEqual(['topic', 'greeting', 'live-chat', 'thanks']);
    expect(moveCard(cards, 'greeting', -1)).toEqual(cards);
    expect(moveCard(cards, 'thanks', 1)).toEqual(cards);
    expect(moveCard(cards, 'nope', 1)).toEqual(cards);
  });
});
