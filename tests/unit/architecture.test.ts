import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { expect, test } from 'vitest';

// Dependency direction: protocol ← models ← ui ← {entrypoints, widget}, and protocol ← party.
const ALLOWED: Record<string, string[]> = {
  protocol: ['protocol'],
  party: ['protocol', 'party'],
  models: ['protocol', 'models'],
  ui: ['protocol', 'models', 'ui', 'widget'],
  widget: ['protocol', 'widget'],
  entrypoints: ['protocol', 'models', 'ui', 'widget', 'entrypoints'],
};
const ROOT = resolve(__dirname, '../..');

function files(dir: string): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

test('imports point only in the allowed directions', () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const [top, allowed] of Object.entries(ALLOWED)) {
    for (const file of files(join(ROOT, top))) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
        checked++;
        const target = relative(ROOT, resolve(dirname(file), m[1]!)).split(/[\\/]/)[0]!;
        if (!allowed.includes(target)) wrong.push(`${relative(ROOT, file)} → ${m[1]}`);
      }
    }
  }
  expect(checked).toBeGreaterThan(20);
  expect(wrong).toEqual([]);
});

test('protocol/ has no I/O and no platform APIs', () => {
  for (const file of files(join(ROOT, 'protocol'))) {
    const src = readFileSync(file, 'utf8');
    expect(src, file).not.toMatch(/\bfetch\(|new WebSocket|localStorage|document\.|chrome\.|browser\.|from 'partykit|from 'wxt/);
  }
});
