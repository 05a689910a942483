import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { expect, test } from 'vitest';

// Dependency direction, by top folder: a file may import only from the folders listed for its own.
// protocol imports nothing else; models → protocol; ui → protocol, models, widget (the shared chime and
// rich text); widget → protocol; entrypoints → everything but party; party → protocol. And no cycles at
// all, inside a folder either (see the last test).
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

/** Every relative import of every source file, resolved to the file it names (type-only imports too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const all = Object.keys(ALLOWED).flatMap((top) => files(join(ROOT, top)));
  const known = new Set(all);
  const resolveImport = (from: string, spec: string) => {
    const base = resolve(dirname(from), spec);
    for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) if (known.has(c)) return c;
    return null;
  };
  for (const file of all) {
    const src = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
      const target = resolveImport(file, (m[1] ?? m[2])!);
      if (target) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components of more than one file (or a file importing itself): the import cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.map((f) => relative(ROOT, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

test('no import cycle anywhere in the tree (type-only imports count too)', () => {
  const graph = importGraph();
  expect(graph.size).toBeGreaterThan(100);
  expect(cycles(graph)).toEqual([]);
});

test('the cycle finder finds a cycle (so the test above can fail)', () => {
  const g = new Map([
    ['/r/a.ts', ['/r/b.ts']],
    ['/r/b.ts', ['/r/c.ts']],
    ['/r/c.ts', ['/r/a.ts']],
    ['/r/d.ts', ['/r/a.ts']],
  ]);
  expect(cycles(g)).toHaveLength(1);
  expect(cycles(g)[0]).toHaveLength(3);
});

test('party/ modules know nothing of PartyKit: only the two room shells import partykit/server', () => {
  const shells = ['party/conversation/room.ts', 'party/workspace/room.ts', 'party/shell.ts', 'party/main.ts'];
  const wrong = files(join(ROOT, 'party'))
    .filter((f) => !shells.includes(relative(ROOT, f)))
    .filter((f) => /from ['"]partykit/.test(readFileSync(f, 'utf8')));
  expect(wrong.map((f) => relative(ROOT, f))).toEqual([]);
});

test('protocol/ has no I/O and no platform APIs', () => {
  for (const file of files(join(ROOT, 'protocol'))) {
    const src = readFileSync(file, 'utf8');
    expect(src, file).not.toMatch(/\bfetch\(|new WebSocket|localStorage|document\.|chrome\.|browser\.|from 'partykit|from 'wxt/);
  }
});
