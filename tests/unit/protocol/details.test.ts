import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { applyDetailsPatch, Details, DetailLimits, emptyDetails, isCalendarDate, validateDetailsPatch } from '../../../protocol';
import { details } from './fixtures';

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2026-01-31', '2026-12-31', '2026-04-30', '1999-01-01', '9999-12-31'])('%s is real', (d) => {
    expect(isCalendarDate(d)).toBe(true);
  });

  it.each(['2025-02-29', '1900-02-29', '2100-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-01', '2026-01-00',
    '2026-01-32', '26-1-1', '2026-1-1', '20260101', '2026-01-01 ', '', '2026-01-01T00:00', '+2026-01-01', '２０２６-01-01'])(
    '%j is not',
    (d) => {
      expect(isCalendarDate(d)).toBe(false);
    },
  );
});

describe('validateDetailsPatch', () => {
  it('is empty for a valid patch, an empty patch and a clearing patch', () => {
    expect(validateDetailsPatch({})).toEqual({});
    expect(validateDetailsPatch({ value: { amount: 5, currency: 'USD' }, expectedCloseDate: '2024-02-29' })).toEqual({});
    expect(validateDetailsPatch({ value: { amount: null }, person: { email: '', phone: '' }, expectedCloseDate: '' })).toEqual({});
  });

  it('keys every problem by its dotted path, one message per field', () => {
    expect(
      validateDetailsPatch({
        value: { amount: -5, currency: 'eur' },
        expectedCloseDate: '2026-02-30',
        person: { email: 'ada@', phone: 'call me', name: 'n'.repeat(DetailLimits.name + 1) },
        organization: { address: 'a'.repeat(DetailLimits.address + 1) },
        notes: 'x'.repeat(DetailLimits.notes + 1),
      }),
    ).toEqual({
      'value.amount': 'Amount cannot be negative',
      'value.currency': 'Use an ISO 4217 currency code, e.g. EUR',
      expectedCloseDate: 'Enter a real date as YYYY-MM-DD',
      'person.email': 'Enter a valid email address',
      'person.phone': 'Enter a valid phone number',
      'person.name': 'Name must be at most 200 characters',
      'organization.address': 'Address must be at most 500 characters',
      notes: 'Notes must be at most 10000 characters',
    });
  });

  it('gives the first, most useful message when a value breaks several rules', () => {
    expect(validateDetailsPatch({ value: { amount: -Infinity } })).toEqual({ 'value.amount': 'Amount must be a finite number' });
    expect(validateDetailsPatch({ value: { amount: NaN } })).toEqual({ 'value.amount': 'Amount must be a number' });
    expect(validateDetailsPatch({ value: { amount: 2e12 } })).toEqual({ 'value.amount': 'Amount is too large' });
  });

  it('counts length after trimming, at the exact limit', () => {
    expect(validateDetailsPatch({ organization: { name: ` ${'o'.repeat(DetailLimits.orgName)} ` } })).toEqual({});
    expect(validateDetailsPatch({ organization: { name: 'o'.repeat(DetailLimits.orgName + 1) } })).toHaveProperty(['organization.name']);
  });

  it('reports unknown fields at their path', () => {
    const errors = validateDetailsPatch({ person: { email: 'a@b.io', fax: '1' }, budget: 1 });
    expect(Object.keys(errors).sort()).toEqual(['budget', 'person.fax']);
  });

  it('reports a patch that is not an object under the empty key', () => {
    for (const p of [null, 'x', 5, undefined]) expect(Object.keys(validateDetailsPatch(p))).toEqual(['']);
  });

  it('refuses wrong types inside groups', () => {
    expect(validateDetailsPatch({ person: 'Ada' })).toHaveProperty(['person']);
    expect(validateDetailsPatch({ value: { amount: '5' } })).toEqual({ 'value.amount': 'Amount must be a number' });
    expect(validateDetailsPatch({ notes: 5 })).toHaveProperty(['notes']);
  });
});

describe('applyDetailsPatch', () => {
  it('merges partial nested groups and keeps every other field', () => {
    const next = applyDetailsPatch(details, { person: { phone: '+1 555 0100' }, value: { currency: 'USD' } });
    expect(next).toEqual({
      ...details,
      value: { amount: 1200.5, currency: 'USD' },
      person: { ...details.person, phone: '+1 555 0100' },
    });
  });

  it('clears with null amount and empty strings, and never touches the input', () => {
    const before = structuredClone(details);
    const next = applyDetailsPatch(details, { value: { amount: null }, expectedCloseDate: '', person: { email: '' }, notes: '' });
    expect(next.value).toEqual({ amount: null, currency: 'EUR' });
    expect(next.expectedCloseDate).toBe('');
    expect(next.person).toEqual({ ...details.person, email: '' });
    expect(next.notes).toBe('');
    expect(details).toEqual(before);
    expect(next.person).not.toBe(details.person);
  });

  it('an empty patch changes nothing', () => {
    expect(applyDetailsPatch(details, {})).toEqual(details);
  });

  it('patches organization and notes independently', () => {
    const next = applyDetailsPatch(emptyDetails(), { organization: { address: '1 Main St' }, notes: 'Call back' });
    expect(next.organization).toEqual({ name: '', address: '1 Main St' });
    expect(next.notes).toBe('Call back');
  });

  it('the result of a valid patch on valid details is still valid', () => {
    const next = applyDetailsPatch(emptyDetails('USD'), { value: { amount: 0 }, expectedCloseDate: '2024-02-29' });
    expect(v.is(Details, next)).toBe(true);
  });
});

describe('emptyDetails', () => {
  it('is valid, has every field, and defaults to EUR', () => {
    expect(v.is(Details, emptyDetails())).toBe(true);
    expect(emptyDetails().value.currency).toBe('EUR');
    expect(emptyDetails('JPY').value).toEqual({ amount: null, currency: 'JPY' });
    expect(emptyDetails()).not.toBe(emptyDetails());
  });

  it('Details refuses a missing field (every field is always present)', () => {
    const { notes: _n, ...rest } = emptyDetails();
    expect(v.is(Details, rest)).toBe(false);
  });
});
