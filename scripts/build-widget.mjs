// Builds the embeddable widget into public/ (PartyKit's static folder) and prints its sizes.
//   public/widget.js       the loader the snippet points to   (budget: 1 KB gzipped)
//   public/widget-chat.js  the chat bundle, JS + CSS          (budget: 25,000 B gzipped)
//   public/widget-extra.js the on-demand chunk: rating and "Email me this chat" (budget: 8 KB gzipped), added by
//                          the chat bundle beside itself when one of them is shown; it takes Preact from the chat
//                          bundle (widget/kit.ts) instead of carrying a second copy
// Exits non-zero when a budget is exceeded, so `npm test` catches a size regression.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public');

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome100', 'firefox100', 'safari15'],
  legalComments: 'none',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

const bundles = [
  { entry: 'widget/loader.ts', file: 'widget.js', budget: 1024 },
  { entry: 'widget/chat.tsx', file: 'widget-chat.js', budget: 25_000 },
  { entry: 'widget/ui/extras-chunk.ts', file: 'widget-extra.js', budget: 8 * 1024, kit: true },
];

/** widget/kit.ts's KIT_NAMES (`[module, export]` per place of the kit the chat bundle shares), read from the file itself. */
export async function kitNames() {
  const res = await build({ ...common, entryPoints: [join(root, 'widget/kit.ts')], format: 'esm', minify: false, write: false });
  const { KIT_NAMES } = await import(`data:text/javascript;base64,${Buffer.from(res.outputFiles[0].text).toString('base64')}`);
  return KIT_NAMES;
}

/**
 * The chunk's Preact imports, answered from the chat bundle's kit (on the chunk's <script> element, chat.tsx): each
 * shared module becomes `export const name = kit[place], …`, so a name the kit lacks fails this build ("No matching
 * export"), and a Preact module the kit does not share is refused (it would be a second Preact, whose hooks break
 * in the chat's tree).
 */
export function kitPlugin(names) {
  return {
    name: 'baton-kit',
    setup(b) {
      b.onResolve({ filter: /^(preact|@preact\/signals(-core)?)(\/.*)?$/ }, (a) =>
        names.some(([mod]) => mod === a.path) ? { path: a.path, namespace: 'kit' } : { errors: [{ text: `the on-demand chunk imports ${a.path}, which widget/kit.ts does not share` }] },
      );
      b.onLoad({ filter: /.*/, namespace: 'kit' }, (a) => ({
        contents: `const kit = document.currentScript.baton.kit;\n${names.flatMap(([mod, name], i) => (mod === a.path ? [`export const ${name} = kit[${i}];`] : [])).join('\n')}`,
        loader: 'js',
      }));
    },
  };
}

export async function buildWidget({ quiet = false } = {}) {
  const sizes = [];
  const names = await kitNames();
  for (const b of bundles) {
    await build({ ...common, entryPoints: [join(root, b.entry)], outfile: join(out, b.file), ...(b.kit ? { plugins: [kitPlugin(names)] } : {}) });
    const code = readFileSync(join(out, b.file));
    sizes.push({
      file: `public/${b.file}`,
      raw: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      budget: b.budget,
    });
  }
  if (!quiet) {
    for (const s of sizes) {
      const ok = s.gzip <= s.budget ? 'ok' : 'OVER BUDGET';
      console.log(`${s.file.padEnd(24)} raw ${String(s.raw).padStart(6)} B  gzip ${String(s.gzip).padStart(6)} B  brotli ${String(s.brotli).padStart(6)} B  (budget ${s.budget} B gzip: ${ok})`);
    }
  }
  return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await buildWidget();
  const over = sizes.filter((s) => s.gzip > s.budget);
  if (over.length) {
    console.error(`Widget size budget exceeded: ${over.map((s) => `${s.file} is ${s.gzip} B gzipped, budget ${s.budget} B`).join('; ')}`);
    process.exit(1);
  }
}
