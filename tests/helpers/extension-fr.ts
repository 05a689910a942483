import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, FLAGS } from './browser';
import { buildWithNotificationsGranted, notifications, type Agent } from './extension-panel';

// Evaluated inside the extension's service worker, where `chrome` exists.
declare const chrome: any;

/**
 * An agent's Chromium in French, connected to `workspace`. Measured with Debian's headless Chromium:
 * `--lang` is what makes chrome.i18n.getMessage answer from `_locales/fr` (the manifest's name and
 * description; LANGUAGE alone does not; it is set anyway, as a headful Linux Chromium reads it);
 * Playwright's `locale` is what pages see as navigator.language and chrome.i18n.getUILanguage(), which
 * picks every text of the pages (models/i18n.ts). The service worker's getUILanguage() stays en-US
 * whatever is given (the headless browser's own UI language: Playwright's `locale` overrides pages only),
 * so the background's notifications are English in this headless browser.
 */
export async function launchFrenchAgent(server: string, workspace: string, credential: string, lang = 'fr'): Promise<Agent> {
  const extensionPath = buildWithNotificationsGranted();
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'baton-chromium-fr-')), {
    executablePath: CHROMIUM,
    headless: true,
    locale: lang,
    env: { ...process.env, LANGUAGE: lang, LANG: `${lang}_FR.UTF-8` },
    args: [...FLAGS, `--lang=${lang}`, `--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  await notifications(worker); // observe `create` from the start, as launchAgent does
  await worker.evaluate((connection) => chrome.storage.local.set({ connection }), { server, workspace, credential });
  return { context, extensionId, worker };
}

/** What the manifest's catalogue answers for a key: proves `_locales/fr` is the one in use. */
export async function message(agent: Agent, key: string): Promise<string> {
  return agent.worker.evaluate((k) => chrome.i18n.getMessage(k), key);
}
