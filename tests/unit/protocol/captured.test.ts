import { describe, expect, test } from 'vitest';
import { capturedContact, detailsFromCapture, emptyDetails, type Card } from '../../../protocol';

const capture = (id: string, field: string, saveAs: string) => ({ id, type: 'capture', text: '?', field, saveAs, required: false }) as Card;

describe('capturedContact', () => {
  test('maps answers to name/email/phone/company by each capture card, whatever its saveAs key', () => {
    const cards = [capture('a', 'name', 'who'), capture('b', 'email', 'mail'), capture('c', 'text', 'free'), capture('d', 'company', 'org')];
    expect(capturedContact(cards, { who: ' Ann ', mail: 'ann@example.com', free: 'hello', org: 'Acme' })).toEqual({ name: 'Ann', email: 'ann@example.com', company: 'Acme' });
  });
  test('the first non-empty answer wins; blank or missing answers are skipped; other cards ignored', () => {
    const cards = [capture('a', 'email', 'm1'), capture('b', 'email', 'm2'), { id: 'q', type: 'message', text: 'hi' } as Card];
    expect(capturedContact(cards, { m1: '   ', m2: 'second@example.com' })).toEqual({ email: 'second@example.com' });
    expect(capturedContact(cards, {})).toEqual({});
  });
});

describe('detailsFromCapture', () => {
  test('valid fields fill the panel', () => {
    const d = detailsFromCapture({ name: 'Ann', email: 'ann@example.com', phone: '+44 20 7946 0000', company: 'Acme' });
    expect(d.person).toEqual({ name: 'Ann', email: 'ann@example.com', phone: '+44 20 7946 0000' });
    expect(d.organization).toEqual({ name: 'Acme', address: '' });
  });
  test('each invalid field is left empty on its own', () => {
    const d = detailsFromCapture({ name: 'x'.repeat(201), email: 'nope', phone: 'call me', company: 'Fine Ltd' });
    expect(d.person).toEqual({ name: '', email: '', phone: '' });
    expect(d.organization.name).toBe('Fine Ltd');
  });
  test('nothing captured: the empty panel', () => {
    expect(detailsFromCapture({})).toEqual(emptyDetails());
  });
});
