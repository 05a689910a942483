import { describe, expect, it } from 'vitest';
import { filterConversations, foldText, searchKey } from '../../../models/inbox-search';
import { generatedName } from '../../../models/inbox';
import { summary } from '../../helpers/extension-fixtures';

const chats = [
  summary({ id: 'elo', visitorName: 'Élodie Dupré', lastMessage: { from: 'visitor', text: 'Bonjour, un devis ?', at: 1 } }),
  summary({ id: 'zoe', visitorName: 'ZOË Martin', lastMessage: { from: 'agent', text: 'Le café est prêt', at: 1 } }),
  summary({ id: 'bob', visitorName: 'Bob Buyer', lastMessage: null }),
  summary({ id: 'anon', visitorName: '  ', lastMessage: { from: 'visitor', text: 'Do you ship to Lyon?', at: 1 } }),
];
const ids = (query: string) => filterConversations(chats, query).map((c) => c.id);

describe('inbox search: folding', () => {
  it('drops accents and case, keeps letters and spaces', () => {
    expect(foldText('Élodie DUPRÉ')).toBe('elodie dupre');
    expect(foldText('Zoë  Ñandú\tÇa')).toBe('zoe nandu ca');
    // Already decomposed input (e + combining acute) folds the same as the composed one.
    expect(foldText('e\u0301lodie')).toBe(foldText('élodie'));
    expect(searchKey('  ÉLO ')).toBe('elo');
    expect(searchKey('   ')).toBe('');
  });
});

describe('inbox search: filterConversations', () => {
  it('matches part of the visitor name, whatever the accents and case on either side', () => {
    expect(ids('elodie')).toEqual(['elo']);
    expect(ids('ÉLOD')).toEqual(['elo']);
    expect(ids('dupre')).toEqual(['elo']);
    expect(ids('zoe')).toEqual(['zoe']);
    expect(ids('zoë mar')).toEqual(['zoe']);
  });

  it('matches the last message text', () => {
    expect(ids('cafe')).toEqual(['zoe']);
    expect(ids('DEVIS')).toEqual(['elo']);
    expect(ids('lyon')).toEqual(['anon']);
  });

  it('matches the generated name a nameless visitor is shown with', () => {
    const shown = generatedName('anon');
    expect(ids(shown.toLowerCase())).toEqual(['anon']);
  });

  it('does not match across the name and the message', () => {
    expect(ids('dupre bonjour')).toEqual([]);
  });

  it('an empty or blank query gives the list itself; no match gives none', () => {
    expect(filterConversations(chats, '')).toBe(chats);
    expect(filterConversations(chats, '  ')).toBe(chats);
    expect(ids('nobody')).toEqual([]);
  });

  it('keeps the order given, and sees a chat updated by the room (a new summary object)', () => {
    expect(ids('o')).toEqual(['elo', 'zoe', 'bob', 'anon']);
    const renamed = { ...chats[2]!, visitorName: 'Bérénice' };
    expect(filterConversations([renamed], 'berenice').map((c) => c.id)).toEqual(['bob']);
    expect(ids('berenice')).toEqual([]);
  });
});
