import { describe, expect, it } from 'vitest';
import { Answers, isSafeName } from '../../../protocol';
import * as v from 'valibot';
import { validateField } from '../../../widget/validate-field';

describe('captured answers never hold what the rooms refuse in a name', () => {
  it.each([
    ['a right-to-left override', 'Ada\u202e ecalevoL', 'Ada ecalevoL'],
    ['an isolate', '\u2067Ada\u2069', 'Ada'],
    ['NUL and a tab', 'Ada\u0000\tLovelace', 'AdaLovelace'],
    ['a lone surrogate', 'Ada\ud83d', 'Ada'],
  ])('%s is dropped from a name', (_label, typed, kept) => {
    const result = validateField('name', typed, true);
    expect(result).toEqual({ ok: true, value: kept });
    if (result.ok) {
      expect(isSafeName(result.value)).toBe(true);
      expect(v.is(Answers, { name: result.value })).toBe(true);
    }
  });

  it('keeps emoji and right-to-left scripts', () => {
    expect(validateField('company', 'شركة 😀', true)).toEqual({ ok: true, value: 'شركة 😀' });
  });

  it('a name of only such characters is empty: required says so', () => {
    expect(validateField('name', '\u202e\u2066', true)).toEqual({ ok: false, error: 'Please fill this in' });
  });
});
