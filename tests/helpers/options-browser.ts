import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM, FLAGS } from './browser';

/**
 * Like launchWithExtension(), in another UI language: `--lang` sets what chrome.i18n.getUILanguage()
 * answers, `locale` what navigator.language says.
 */
export async function launchWithExtensionIn(lang: string, extensionPath = resolve('.output/chrome-mv3')): Promise<{ context: BrowserContext; extensionId: string }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'baton-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: lang,
    args: [...FLAGS, `--lang=${lang}`, `--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  return { context, extensionId: new URL(worker.url()).host };
}
