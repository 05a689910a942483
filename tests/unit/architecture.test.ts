import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { expect, test } from 'vitest';

// Dependency direction, for every folder that holds source. A file may import only from the folders listed
// for its own folder (a file listed by name, a shell, uses its own line instead). Exactly this table:
//   protocol               → protocol
//   party                  → protocol, party
//   party/conversation     → protocol, party, party/conversation, party/email
//   party/crm              → protocol, party, party/crm
//   party/email            → protocol, party, party/crm, party/email
//   party/workspace        → protocol, party, party/crm, party/email, party/workspace
//   models                 → protocol, models
//   models/options         → protocol, models, models/options
//   widget                 → protocol, widget
//   widget/chat.tsx        → protocol, widget, widget/ui
//   widget/ui              → protocol, widget, widget/ui
//   ui                     → protocol, models, widget, widget/ui, ui
//   ui/sidepanel           → protocol, models, widget, widget/ui, ui, ui/sidepanel
//   ui/options             → protocol, models, models/options, widget, widget/ui, ui, ui/options
//   entrypoints            → every folder above but party's
//   entrypoints/sidepanel  → every folder above but party's
//   entrypoints/options    → every folder above but party's
// So: protocol imports nothing else; models (state, no DOM) never import ui; the widget stands alone and only its
// shell (chat.tsx) draws its components; ui may use the widget's shared pieces (chime, Boundary, RichText); one
// page's folders (options, sidepanel) never import the other page's; party is the server's alone. A folder with
// no line here fails the test, so a new folder gets a rule. No cycles at all either, inside a folder too (below).
const CLIENT = ['protocol', 'models', 'models/options', 'widget', 'widget/ui', 'ui', 'ui/sidepanel', 'ui/options', 'entrypoints', 'entrypoints/sidepanel', 'entrypoints/options'];
const ALLOWED: Record<string, string[]> = {
  protocol: ['protocol'],
  party: ['protocol', 'party'],
  'party/conversation': ['protocol', 'party', 'party/conversation', 'party/email'],
  'party/crm': ['protocol', 'party', 'party/crm'],
  'party/email': ['protocol', 'party', 'party/crm', 'party/email'],
  'party/workspace': ['protocol', 'party', 'party/crm', 'party/email', 'party/workspace'],
  models: ['protocol', 'models'],
  'models/options': ['protocol', 'models', 'models/options'],
  widget: ['protocol', 'widget'],
  'widget/chat.tsx': ['protocol', 'widget', 'widget/ui'],
  'widget/ui': ['protocol', 'widget', 'widget/ui'],
  ui: ['protocol', 'models', 'widget', 'widget/ui', 'ui'],
  'ui/sidepanel': ['protocol', 'models', 'widget', 'widget/ui', 'ui', 'ui/sidepanel'],
  'ui/options': ['protocol', 'models', 'models/options', 'widget', 'widget/ui', 'ui', 'ui/options'],
  entrypoints: CLIENT,
  'entrypoints/sidepanel': CLIENT,
  'entrypoints/options': CLIENT,
};
const TOPS = ['protocol', 'party', 'models', 'ui', 'widget', 'entrypoints'];
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

const posix = (p: string) => p.split(/[\\/]/).join('/');

/** The relative specifiers a source imports: static, re-exports, side-effect (css) and dynamic imports, type-only too. */
function specifiers(src: string): string[] {
  const re = /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  return [...src.matchAll(re)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

/**
 * Imports that break the rules: for each file (root-relative, posix) and the root-relative paths it imports,
 * the ones whose folder its rule does not list, and every file whose folder has no rule.
 */
function violations(imports: Map<string, string[]>, rules: Record<string, string[]>): string[] {
  const wrong: string[] = [];
  for (const [file, targets] of imports) {
    const rule = rules[file] ?? rules[posix(dirname(file))];
    if (!rule) {
      wrong.push(`${file}: no rule for ${posix(dirname(file))}`);
      continue;
    }
    for (const target of targets) if (!rule.includes(posix(dirname(target)))) wrong.push(`${file} → ${target}`);
  }
  return wrong;
}

test('imports point only in the allowed directions, from every folder', () => {
  const imports = new Map<string, string[]>();
  for (const file of TOPS.flatMap((top) => files(join(ROOT, top)))) {
    const targets = specifiers(readFileSync(file, 'utf8')).map((spec) => {
      const target = resolve(dirname(file), spec);
      // A folder import (`../../protocol`) names its index file.
      return posix(relative(ROOT, existsSync(target) && statSync(target).isDirectory() ? join(target, 'index.ts') : target));
    });
    imports.set(posix(relative(ROOT, file)), targets);
  }
  expect([...imports.values()].flat().length).toBeGreaterThan(300);
  expect(violations(imports, ALLOWED)).toEqual([]);
});

test('the rule check refuses what the table forbids (so the test above can fail)', () => {
  const imports = new Map([
    ['models/options/a.ts', ['models/b.ts', 'protocol/index.ts', 'ui/options/strings.ts']],
    ['ui/sidepanel/c.tsx', ['widget/ui/RichText.tsx', 'ui/options/d.tsx', 'models/options/e.ts']],
    ['ui/options/f.tsx', ['ui/sidepanel/g.tsx', 'models/options/e.ts', 'widget/chime.ts']],
    ['widget/api.ts', ['widget/ui/App.tsx']],
    ['widget/chat.tsx', ['widget/ui/App.tsx']],
    ['entrypoints/options/main.tsx', ['ui/options/App.tsx', 'party/shell.ts']],
    ['models/new-folder/h.ts', ['protocol/index.ts']],
  ]);
  expect(violations(imports, ALLOWED)).toEqual([
    'models/options/a.ts → ui/options/strings.ts',
    'ui/sidepanel/c.tsx → ui/options/d.tsx',
    'ui/sidepanel/c.tsx → models/options/e.ts',
    'ui/options/f.tsx → ui/sidepanel/g.tsx',
    'widget/api.ts → widget/ui/App.tsx',
    'entrypoints/options/main.tsx → party/shell.ts',
    'models/new-folder/h.ts: no rule for models/new-folder',
  ]);
});

test('the comment above the rule table states exactly the table', () => {
  const src = readFileSync(__filename, 'utf8');
  const stated = [...src.slice(0, src.indexOf('const ALLOWED')).matchAll(/^\/\/ {3}(\S+)\s+→ (.+)$/gm)].map(([, key, list]) => [
    key!,
    list === 'every folder above but party\'s' ? CLIENT : list!.split(', '),
  ]);
  expect(Object.fromEntries(stated)).toEqual(ALLOWED);
  expect(stated.map(([key]) => key)).toEqual(Object.keys(ALLOWED));
  // CLIENT is every folder with a rule, but party's.
  expect([...CLIENT].sort()).toEqual(Object.keys(ALLOWED).filter((k) => !k.startsWith('party') && !k.includes('.')).sort());
});

/** Every relative import of every source file, resolved to the file it names (type-only imports too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const all = TOPS.flatMap((top) => files(join(ROOT, top)));
  const known = new Set(all);
  const resolveImport = (from: string, spec: string) => {
    const base = resolve(dirname(from), spec);
    for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) if (known.has(c)) return c;
    return null;
  };
  for (const file of all) {
    const src = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const spec of specifiers(src)) {
      const target = resolveImport(file, spec);
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

test('models/ use @preact/signals-core, never Preact or its bindings: the background worker ships no renderer', () => {
  const wrong = files(join(ROOT, 'models'))
    .filter((f) => /from ['"](preact(\/[a-z-]+)?|@preact\/signals)['"]/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f));
  expect(wrong).toEqual([]);
});
