import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startWidgetEnv, type WidgetEnv } from '../helpers/widget-env';
import { WidgetPage } from '../helpers/widget-page';
import { focusRing, visible } from '../helpers/focus';

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

describe('widget keyboard: focus rings, the end of a chat, a wrong answer', () => {
  const visit = async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    await page.goto(env.site.url + '/');
    await page.locator('[data-baton][data-mounted]').waitFor({ state: 'attached' });
    const widget = new WidgetPage(page);
    await widget.launcher.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Talk to sales' }).waitFor();
    await expect.poll(() => focused(page)).toBe('Talk to sales');
    return { page, widget };
  };

  it("the header's buttons have a ring that shows on the header's colour, light and dark", async () => {
    await env.setOnline(true);
    const { page } = await visit();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.getByRole('button', { name: 'Talk to sales' }).focus();
      // Backwards from the first choice: the log, then the header's Minimize and Mute buttons.
      const rings: string[] = [];
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Shift+Tab');
        const ring = await focusRing(page);
        if (ring && /Minimize|Mute/.test(ring.what)) rings.push(`${ring.what} ${visible(ring) ? 'visible' : `invisible (${ring.contrast}:1)`}`);
      }
      expect(rings, colorScheme).toEqual(['button: Minimize chat visible', 'button: Mute sounds visible']);
    }
    await page.keyboard.press('Tab'); // the ring on Minimize, for the screenshot
    await page.screenshot({ path: 'tests/e2e/screenshots/widget-keyboard-header-ring-dark.png' });
    await page.context().close();
  });

  it('when the agent ends the chat while the visitor types, the focus moves to "Start a new chat"', async () => {
    await env.setOnline(true);
    const { page, widget } = await visit();
    await page.keyboard.press('Enter'); // Talk to sales
    await widget.waitForText('An agent will be with you in a moment.');
    await expect.poll(() => focused(page)).toBe('Message');
    const notify = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned', 'new-unassigned notification');
    const agent = await env.conversation(notify.conversation.id);
    agent.send({ type: 'claim', ref: 'claim-kb' });
    await widget.waitForText(`${env.agentName} joined the chat`);
    await page.keyboard.type('Half a sentence');
    agent.send({ type: 'close', ref: 'close-kb' });
    await page.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await expect.poll(() => focused(page)).toBe('Start a new chat');
    agent.close();
    await page.context().close();
  });

  it('a wrong email keeps what was typed, says why, and keeps the focus in the field', async () => {
    await env.setOnline(false);
    const { page, widget } = await visit();
    await page.keyboard.press('Enter'); // Talk to sales
    await widget.waitForText('What is your name?');
    await expect.poll(() => focused(page)).toBe('Message');
    await page.keyboard.type('Ada Lovelace');
    await page.keyboard.press('Enter');
    await widget.waitForText('What is your email address?');
    await page.keyboard.type('ada at example');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('Enter a valid email address').waitFor();
    expect(await widget.message.inputValue()).toBe('ada at example');
    expect(await widget.message.getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toBe('Message');
    // Fixed in place, it goes through.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('ada@example.com');
    await page.keyboard.press('Enter');
    await widget.waitForText('Thanks! We will be in touch.');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.context().close();
  });
});
