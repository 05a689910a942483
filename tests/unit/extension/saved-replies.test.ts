import { describe, expect, it } from 'vitest';
import type { SavedReply } from '../../../protocol';
import { filterReplies, insertReply, slashToken } from '../../../models/saved-replies';

const reply = (shortcut: string, text: string): SavedReply => ({ id: shortcut, shortcut, text, updatedAt: 1 });
const replies = [
  reply('thanks', 'Merci beaucoup, à bientôt !'),
  reply('price', 'Our plans start at 49 €/month.'),
  reply('pricing-eu', 'Prices include VAT in the EU.'),
  reply('demo', 'Happy to book a demo: pick a slot.'),
  reply('hello', 'Hi! How can I help with pricing?'),
];
const shortcuts = (list: SavedReply[]) => list.map((r) => r.shortcut);

describe('slashToken', () => {
  it('is the word after a / at the very start of the box, up to the caret', () => {
    expect(slashToken('/')).toEqual({ query: '', end: 1 });
    expect(slashToken('/pri')).toEqual({ query: 'pri', end: 4 });
    expect(slashToken('/pri', 2)).toEqual({ query: 'pri', end: 4 }); // the rest of the word counts
  });
  it('is nothing elsewhere or once the word is over', () => {
    expect(slashToken('hello /pri')).toBeNull();
    expect(slashToken(' /pri')).toBeNull();
    expect(slashToken('/pri ')).toBeNull();
    expect(slashToken('/pri\n')).toBeNull();
    expect(slashToken('/usr/bin')).toBeNull();
    expect(slashToken('/pri', 0)).toBeNull();
  });
});

describe('filterReplies', () => {
  it('lists them all by shortcut for an empty query', () => {
    expect(shortcuts(filterReplies(replies, ''))).toEqual(['demo', 'hello', 'price', 'pricing-eu', 'thanks']);
  });
  it('puts shortcut prefixes first, then shortcut or text containing the query', () => {
    expect(shortcuts(filterReplies(replies, 'pri'))).toEqual(['price', 'pricing-eu', 'hello']);
    expect(shortcuts(filterReplies(replies, 'eu'))).toEqual(['pricing-eu']);
  });
  it('ignores case and accents both ways', () => {
    expect(shortcuts(filterReplies(replies, 'PRI'))).toEqual(['price', 'pricing-eu', 'hello']);
    expect(shortcuts(filterReplies(replies, 'bientot'))).toEqual(['thanks']);
    expect(shortcuts(filterReplies(replies, 'BIENTÔT'))).toEqual(['thanks']);
    expect(shortcuts(filterReplies([reply('cafe', 'Un café ?')], 'CAFÉ'))).toEqual(['cafe']);
  });
  it('is empty when nothing matches', () => {
    expect(filterReplies(replies, 'zzz')).toEqual([]);
    expect(filterReplies([], '')).toEqual([]);
  });
});

describe('insertReply', () => {
  it('replaces the /query with the text, keeping what follows', () => {
    expect(insertReply('/pri', replies[1]!, { start: 4, end: 4 })).toEqual({ text: 'Our plans start at 49 €/month.', caret: 30 });
    expect(insertReply('/pri more', replies[1]!, { start: 2, end: 2 })).toEqual({ text: 'Our plans start at 49 €/month. more', caret: 30 });
  });
  it('goes in at the selection when there is no /query', () => {
    expect(insertReply('Sure. ', reply('x', 'Done.'), { start: 6, end: 6 })).toEqual({ text: 'Sure. Done.', caret: 11 });
    expect(insertReply('Sure. old', reply('x', 'new'), { start: 6, end: 9 })).toEqual({ text: 'Sure. new', caret: 9 });
  });
});
