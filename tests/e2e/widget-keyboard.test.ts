import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startWidgetEnv, type WidgetEnv } from '../helpers/widget-env';
import { WidgetPage } from '../helpers/widget-page';

let env: WidgetEnv;
let browser: Browser;

beforeAll(async () => {
  [env, browser] = await Promise.all([startWidgetEnv('keyboard-ws'), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

/** What has the focus: `launcher`, the name (aria-label or text) of an element inside the widget, or `page` when it is outside. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const host = document.activeElement?.closest('[data-baton]');
    if (!host) return 'page';
    const el = host.shadowRoot?.activeElement;
    if (!el) return 'host';
    if (el.classList.contains('launcher')) return 'launcher';
    return el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName;
  });

describe('widget keyboard', () => {
  it('minimizing (Escape inside the window, or the Minimize button) gives the focus back to the launcher', async () => {
    await env.setOnline(true);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(env.site.url + '/');
    const widget = new WidgetPage(page);
    await page.locator('[data-baton][data-mounted]').waitFor({ state: 'attached' });

    // Open with the keyboard.
    await widget.launcher.focus();
    expect(await focused(page)).toBe('launcher');
    await page.keyboard.press('Enter');
    await widget.waitForText('What can we help you with?');
    await page.getByRole('button', { name: 'Talk to sales' }).waitFor();

    // Opened by the visitor: the first choice has the focus (the window comes before the launcher in the
    // shadow root, so Tab alone would leave the widget). Escape from there.
    await expect.poll(() => focused(page)).toBe('Talk to sales');
    await page.keyboard.press('Escape');
    await widget.log.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('launcher');
    expect(await widget.launcher.getAttribute('aria-expanded')).toBe('false');

    // Enter opens it again, the first choice takes the focus again; Escape on the launcher minimizes too.
    await page.keyboard.press('Enter');
    await widget.log.waitFor();
    await expect.poll(() => focused(page)).toBe('Talk to sales');
    await widget.launcher.focus();
    await page.keyboard.press('Escape');
    await widget.log.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('launcher');

    // The Minimize button, pressed with the keyboard, does the same as Escape.
    await page.keyboard.press('Enter');
    await widget.log.waitFor();
    await widget.minimize.focus();
    await page.keyboard.press('Enter');
    await widget.log.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('launcher');

    // And with the mouse: a click on Minimize leaves the focus on the launcher, not on the page.
    await widget.launcher.click();
    await widget.log.waitFor();
    await widget.minimize.click();
    await widget.log.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('launcher');
    expect(errors).toEqual([]);
    await context.close();
  });
});
