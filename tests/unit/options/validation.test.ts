import { describe, expect, it } from 'vitest';
import { liveChatTemplate, newLiveChatCard } from '../../../protocol';
import { checkPlaybook, parseOrigins, serverFieldErrors, within } from '../../../models/options/validation';

const base = () => liveChatTemplate('pb1');

describe('playbook validation mapped to fields', () => {
  it('accepts the template and trims labels in what it sends', () => {
    const result = checkPlaybook({ ...base(), name: '  Sales  ' });
    expect(result).toMatchObject({ ok: true, value: { name: 'Sales' } });
  });

  it('puts each problem next to its field path', () => {
    const p = base();
    const chat = { ...newLiveChatCard(), waitSeconds: 45, offlineMessage: 'Click [here](javascript:alert(1))' };
    const result = checkPlaybook({ ...p, name: ' ', color: 'blue', cards: [p.cards[0], p.cards[1], chat, p.cards[3]] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['name']).toBe('Required');
    expect(result.errors['color']).toMatch(/colour like/);
    expect(result.errors['cards.2.waitSeconds']).toMatch(/30 s and 10 min/);
    expect(result.errors['cards.2.offlineMessage']).toMatch(/Links must be http/);
    expect(within(result.errors, 'cards.2')).toEqual({
      waitSeconds: result.errors['cards.2.waitSeconds'],
      offlineMessage: result.errors['cards.2.offlineMessage'],
    });
  });

  it('reports whole-playbook rules under the empty key', () => {
    const p = base();
    const result = checkPlaybook({ ...p, cards: [...p.cards, { ...newLiveChatCard('second') }] });
    expect(result).toEqual({ ok: false, errors: { '': 'A playbook has at most one live chat card' } });
  });

  it('flags bad origins by line', () => {
    const result = checkPlaybook({ ...base(), allowedOrigins: parseOrigins('https://ok.example\nftp://nope') });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(['allowedOrigins.1']);
  });

  it('maps a server refusal to editor fields', () => {
    expect(serverFieldErrors({ message: 'Invalid', fields: { 'playbook.cards.1.text': 'Too long' } })).toEqual({ 'cards.1.text': 'Too long' });
    expect(serverFieldErrors({ message: 'Revision mismatch' })).toEqual({ '': 'Revision mismatch' });
  });

  it('parses the allowed sites text', () => {
    expect(parseOrigins(' https://a.example/ \n\nhttp://b.example:8080, https://c.example ')).toEqual([
      'https://a.example',
      'http://b.example:8080',
      'https://c.example',
    ]);
    expect(parseOrigins('   ')).toEqual([]);
  });
});
