// Insights section render time in headless Chromium (issue 16): the room's `insights` frame for 100,000
// conversations over 90 days arriving in the real options page section, to the rendered frame showing every chart.
// Run alone: node tests/bench/insights-render.mjs   (numbers printed, never asserted)
// INSIGHTS_SHOTS=<dir> also saves screenshots (light, dark, French) of the section as the bench draws it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const here = (file) => {
  const beside = fileURLToPath(new URL(file, import.meta.url));
  return existsSync(beside) ? beside : resolve('tests/bench', file);
};
const GOAL_MS = 200;

function pick(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const ms = (x) => x.toFixed(1);

async function bundle() {
  const out = await build({
    entryPoints: [here('./insights-render-entry.tsx')],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'import.meta.env.FIREFOX': 'false', 'process.env.NODE_ENV': '"production"' },
    minify: true,
    logLevel: 'error',
  });
  const js = out.outputFiles.find((f) => f.path.endsWith('.js')).text;
  const css = out.outputFiles.filter((f) => f.path.endsWith('.css')).map((f) => f.text).join('\n');
  return { js, css };
}

export async function insightsRender({ conversations = 100_000, days = 90, runs = 15, log = console.log, shots = process.env.INSIGHTS_SHOTS } = {}) {
  const { js, css } = await bundle();
  const pageCss = readFileSync(here('../../ui/options/style.css'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const open = async (options = {}) => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, ...options });
    await page.setContent(`<!doctype html><html><head><meta name="color-scheme" content="light dark"><style>${pageCss}\n${css}</style></head><body><main><div id="app"></div></main></body></html>`);
    await page.addScriptTag({ content: js });
    return page;
  };
  try {
    const page = await open({ locale: 'en-US' });
    for (let i = 0; i < 3; i++) await page.evaluate(([n, d]) => window.bench.run(n, d), [conversations, days]);
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await page.evaluate(([n, d]) => window.bench.run(n, d), [conversations, days]));
    const total = results.map((r) => r.totalMs);
    const dom = results.map((r) => r.domMs);
    const fmt = (n) => n.toLocaleString('en');
    log(`Insights section (headless Chromium, 1100×900, ${runs} runs after warm-up; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs):`);
    log(`Insights: ${fmt(conversations)} conversations over ${days} days, insights frame to every chart drawn p50 ${ms(pick(total, 50))} ms p95 ${ms(pick(total, 95))} ms (goal ≤ ${GOAL_MS} ms)`);
    log(`  decode + figures, tables and charts into the DOM (before paint) p50 ${ms(pick(dom, 50))} ms; frame ${fmt(results[0].frameChars)} chars, ${fmt(results[0].nodes)} elements in the section`);
    if (shots) {
      mkdirSync(shots, { recursive: true });
      const shoot = async (name, options) => {
        const p = name === 'light' ? page : await open(options);
        if (p !== page) await p.evaluate(([n, d]) => window.bench.run(n, d), [conversations, days]);
        await p.locator('#insights').screenshot({ path: `${shots}/insights-${name}.png` });
        if (p !== page) await p.close();
      };
      await shoot('light');
      await shoot('dark', { colorScheme: 'dark', locale: 'en-US' });
      await shoot('fr', { locale: 'fr-FR' });
      log(`  screenshots in ${shots}`);
    }
    return { conversations, days, runs, p50: pick(total, 50), p95: pick(total, 95), domP50: pick(dom, 50), goalMs: GOAL_MS };
  } finally {
    await browser.close();
  }
}

if (process.argv[1]?.endsWith('insights-render.mjs')) {
  await insightsRender({ runs: Number(process.env.INSIGHTS_RUNS ?? 15) });
}
