import { describe, expect, test } from 'vitest';
import { familyOf, type StoredFamily } from '../../../party/migrate';
import { CONVERSATION_MIGRATIONS, CONVERSATION_STORED } from '../../../party/conversation/migrations';
import { WORKSPACE_MIGRATIONS, WORKSPACE_STORED } from '../../../party/workspace/migrations';

// Each room's catalogue of what it stores (README "Recipe: adding a stored shape"); tests/integration/
// stored-catalogue.test.ts checks that a room driven through its features stores nothing the catalogue lacks.
const CATALOGUES: [string, readonly StoredFamily[], number][] = [
  ['workspace', WORKSPACE_STORED, WORKSPACE_MIGRATIONS.length + 1],
  ['conversation', CONVERSATION_STORED, CONVERSATION_MIGRATIONS.length + 1],
];

describe.each(CATALOGUES)('the %s catalogue', (_room, catalogue, latest) => {
  test('names each key family once, and no family lies inside another', () => {
    const keys = catalogue.map((s) => s.key);
    expect(keys.length).toBe(new Set(keys).size);
    for (const s of catalogue) expect(catalogue.filter((o) => o !== s && familyOf([o], s.key)).map((o) => o.key), s.key).toEqual([]);
  });

  test('gives each family a shape and a version no newer than the room reaches', () => {
    for (const s of catalogue) {
      expect(s.shape.trim(), s.key).not.toBe('');
      expect(Number.isInteger(s.v) && s.v >= 1 && s.v <= latest, `${s.key}: v ${s.v}`).toBe(true);
    }
  });

  test('a key belongs to the prefix family it starts with, or to the exact key it is', () => {
    expect(familyOf(catalogue, 'schema')?.key).toBe('schema');
    expect(familyOf(catalogue, 'schema:x')).toBeUndefined();
    expect(familyOf(catalogue, 'no-such-family:1')).toBeUndefined();
  });
});
