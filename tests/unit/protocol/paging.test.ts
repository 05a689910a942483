import { describe, expect, test } from 'vitest';
import { pages } from '../../../protocol';

describe('pages', () => {
  test('keeps every item, in order, each page near the size limit', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ i, text: 'x'.repeat(90) }));
    const out = pages(items, 1_000);
    expect(out.flat()).toEqual(items);
    expect(out.length).toBeGreaterThan(5);
    for (const page of out) expect(JSON.stringify(page).length).toBeLessThanOrEqual(1_000 + 2);
  });
  test('one oversized item gets a page of its own', () => {
    const out = pages([{ a: 'small' }, { a: 'y'.repeat(5_000) }, { a: 'small' }], 1_000);
    expect(out.map((p) => p.length)).toEqual([1, 1, 1]);
  });
  test('an empty list is one empty page (the welcome still goes out)', () => {
    expect(pages([], 1_000)).toEqual([[]]);
  });
});
