// Builds the embeddable widget into public/ (PartyKit's static folder) and prints its sizes.
//   public/widget.js       the loader the snippet points to   (budget: 1 KB gzipped)
//   public/widget-chat.js  the chat bundle, JS + CSS          (budget: 25 KB gzipped)
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
  { entry: 'widget/chat.tsx', file: 'widget-chat.js', budget: 25 * 1024 },
];

export async function buildWidget({ quiet = false } = {}) {
  const sizes = [];
  for (const b of bundles) {
    await build({ ...common, entryPoints: [join(root, b.entry)], outfile: join(out, b.file) });
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
