// Side panel render times in headless Chromium: a 10,000-chat inbox's first render and opening a
// 1,000-message chat, each from "data in hand" to the next rendered frame, after a warm-up.
// Run alone: node tests/bench/sidepanel-render.mjs   (numbers printed, never asserted; not part of npm test)
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

// Beside this file, or (once esbuild has bundled it into .tmp/bench.mjs for `npm run bench`) from the repo root.
const here = (file) => {
  const beside = fileURLToPath(new URL(file, import.meta.url));
  return existsSync(beside) ? beside : resolve('tests/bench', file);
};
const GOALS = { inboxMs: 100, chatMs: 50 };

/** Nearest-rank percentile of a list of numbers. */
function pick(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const stats = (values) => ({ p50: pick(values, 50), p95: pick(values, 95) });
const median = (runs, key) => pick(runs.map((r) => r[key]), 50);
const ms = (x) => x.toFixed(1);

async function bundle() {
  const out = await build({
    entryPoints: [here('./sidepanel-render-entry.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'import.meta.env.FIREFOX': 'false', 'process.env.NODE_ENV': '"production"' },
    minify: true,
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

/**
 * Measures, in one page after warming it up: (1) the inbox: folders from the index + first render + next frame;
 * (2) a chat: its welcome frame handed to the real ConversationClient until the frame that shows the newest line.
 */
export async function sidepanelRender({ conversations = 10_000, messages = 1_000, runs = 20, log = console.log } = {}) {
  const script = await bundle();
  const css = readFileSync(here('../../ui/sidepanel/sidepanel.css'), 'utf8');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 420, height: 760 } });
    await page.setContent(`<!doctype html><html><head><style>${css}</style></head><body><div id="app"></div></body></html>`);
    await page.addScriptTag({ content: script });
    // Warm-up: JIT, Intl formatters, first style resolution are paid once per panel, not per render.
    for (let i = 0; i < 2; i++) {
      await page.evaluate(() => window.bench.inbox(200));
      await page.evaluate(() => window.bench.chat(50, 20));
    }
    // Typed into the search, one keystroke at a time, accents and case as an agent might.
    const TYPED = ['d', 'dé', 'dél', 'DÉLI', 'delivery', 'Vi', 'Visi', 'visitor 4', 'visitor 42'];
    await page.evaluate((typed) => window.bench.search(200, typed), TYPED);
    const inboxRuns = [];
    const searchRuns = [];
    const chatRuns = [];
    for (let i = 0; i < runs; i++) {
      inboxRuns.push(await page.evaluate((n) => window.bench.inbox(n), conversations));
      chatRuns.push(await page.evaluate((n) => window.bench.chat(n, 20), messages));
      searchRuns.push(await page.evaluate(([n, typed]) => window.bench.search(n, typed), [conversations, TYPED]));
    }
    const back = (await page.evaluate((n) => window.bench.chat(n, 20, { scrollBack: true }), messages)).scrolledBack;
    const welcome = await page.evaluate((n) => window.bench.workspaceWelcome(n), conversations);
    const inbox = { conversations, runs, ...stats(inboxRuns.map((r) => r.totalMs)), goalMs: GOALS.inboxMs, foldersMs: median(inboxRuns, 'foldersMs'), renderMs: median(inboxRuns, 'renderMs'), rowsInDom: inboxRuns[0].rows };
    const search = {
      conversations,
      runs,
      coldMs: median(searchRuns, 'coldMs'),
      warmMs: median(searchRuns, 'warmMs'),
      keystroke: stats(searchRuns.flatMap((r) => r.keystrokes)),
      keystrokes: searchRuns.length * TYPED.length + searchRuns.length,
    };
    const chat = {
      messages,
      runs,
      ...stats(chatRuns.map((r) => r.totalMs)),
      goalMs: GOALS.chatMs,
      firstFrame: stats(chatRuns.map((r) => r.firstFrameMs)),
      decodeMs: median(chatRuns, 'decodeMs'),
      renderMs: median(chatRuns, 'renderMs'),
      framesToNewest: Math.max(...chatRuns.map((r) => r.framesToEnd)),
      itemsInDom: chatRuns[0].items,
      frameChars: chatRuns[0].frameChars,
      scrollBack: back,
    };
    const fmt = (n) => n.toLocaleString('en');
    const load = loadavg()[0].toFixed(1);
    log(`Side panel (headless Chromium, 420×760, ${runs} runs after warm-up, to the next rendered frame; load average ${load} on ${cpus().length} CPUs):`);
    log(`Side panel: inbox ${fmt(conversations)} chats first render p50 ${ms(inbox.p50)} ms p95 ${ms(inbox.p95)} ms (goal ≤ ${GOALS.inboxMs} ms)`);
    log(`  folders ${ms(inbox.foldersMs)} ms + render to DOM ${ms(inbox.renderMs)} ms (medians), ${inbox.rowsInDom} rows in the DOM`);
    log(`Side panel: search ${fmt(conversations)} chats: filter ${ms(search.coldMs)} ms on a fresh index (each chat folded), ${ms(search.warmMs)} ms per keystroke after (medians)`);
    log(`  keystroke to the next rendered frame p50 ${ms(search.keystroke.p50)} ms p95 ${ms(search.keystroke.p95)} ms (${search.keystrokes} keystrokes in the ${fmt(Math.ceil(conversations / 3))}-chat Unassigned folder, no debounce)`);
    log(`Side panel: open a ${fmt(messages)}-message chat p50 ${ms(chat.p50)} ms p95 ${ms(chat.p95)} ms (goal ≤ ${GOALS.chatMs} ms)`);
    log(`  decode+apply ${ms(chat.decodeMs)} ms + render to DOM ${ms(chat.renderMs)} ms (medians), ${chat.itemsInDom} entries in the DOM, newest line shown in frame ${chat.framesToNewest}`);
    log(`  scrolling up renders older entries: ${back.rendered} of ${fmt(messages)} after ${back.steps} scrolls to the top, view jumped ${back.jumps} times`);
    log(`  workspace welcome with ${fmt(conversations)} chats: ${fmt(welcome.frameChars)} chars, valibot decode ${ms(welcome.decodeMs)} ms, accepted by WorkspaceClient: ${welcome.acceptedByWorkspaceClient ? 'yes' : `NO (over Limits.frameChars ${fmt(welcome.limit)})`}`);
    return { inbox, search, chat, workspaceWelcome: welcome };
  } finally {
    await browser.close();
  }
}

// Run alone (not when imported, nor when bundled into another script).
if (process.argv[1]?.endsWith('sidepanel-render.mjs')) {
  await sidepanelRender({ runs: Number(process.env.SIDEPANEL_RUNS ?? 20) });
}
