// Prints how long the side panel's inbox takes to first paint with 1,000 / 10,000 / 50,000 chats.
// Run: node tests/bench/inbox-render.mjs   (needs Debian's Chromium; not part of npm test)
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const bundle = await build({
  entryPoints: ['tests/bench/inbox-render-entry.tsx'],
  bundle: true,
  write: false,
  format: 'iife',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  define: { 'import.meta.env.FIREFOX': 'false' },
});
const css = (await import('node:fs')).readFileSync('ui/sidepanel/sidepanel.css', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const n of [1_000, 10_000, 50_000]) {
    const page = await browser.newPage({ viewport: { width: 420, height: 760 } });
    await page.setContent(`<style>${css}</style><div id="app"></div>`);
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const r = await page.evaluate((count) => window.runBench(count), n);
    console.log(
      `${String(r.conversations).padStart(6)} chats: folders ${r.foldersMs.toFixed(1)} ms, render ${r.renderMs.toFixed(1)} ms, ` +
        `first paint ${r.firstPaintMs.toFixed(1)} ms, ${r.rowsInDom} rows in the DOM, scroll frame median ${r.scrollFrameMedianMs.toFixed(1)} ms`,
    );
    await page.close();
  }
} finally {
  await browser.close();
}
