import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startWidgetEnv, type WidgetEnv } from '../helpers/widget-env';
import { WidgetPage } from '../helpers/widget-page';

// Rough edges a new visitor met in Chromium (issue 12): what the header says, the end of a chat, a phone's screen.
const SHOTS = 'tests/e2e/screenshots';
let env: WidgetEnv;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [env, browser] = await Promise.all([startWidgetEnv('edges-ws', 'Demo Admin'), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

async function visit(viewport = { width: 1100, height: 760 }): Promise<{ page: Page; widget: WidgetPage; errors: string[] }> {
  const context = await browser.newContext({ locale: 'en-US', viewport, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.site.url + '/');
  await page.locator('[data-baton][data-mounted]').waitFor({ state: 'attached' });
  return { page, widget: new WidgetPage(page), errors };
}

/** What has the focus: `launcher`, the name of an element inside the widget, or `page` when it is outside. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement?.closest('[data-baton]')?.shadowRoot?.activeElement;
    if (!el) return 'page';
    return el.classList.contains('launcher') ? 'launcher' : (el.getAttribute('aria-label') ?? el.textContent!.trim());
  });

/** The header's text (the name in bold and whatever line is under it). */
const headerText = (page: Page) => page.locator('[data-baton]').evaluate((host) => host.shadowRoot!.querySelector('.head .who')!.textContent);

/**
 * Each element matching `selector` in the widget: whether the points at its centre and near its four corners
 * hit the element itself (nothing on top of any part of it), and whether it lies wholly inside the log's
 * visible box (for log items) and the viewport.
 */
const hits = (page: Page, selector: string) =>
  page.locator('[data-baton]').evaluate((host, sel) => {
    const root = host.shadowRoot!;
    const log = root.querySelector('.log')!.getBoundingClientRect();
    return [...root.querySelectorAll<HTMLElement>(sel)].map((el) => {
      const r = el.getBoundingClientRect();
      // Inside a pill's rounded ends too (hit testing follows border-radius): its ends' centres, top and bottom.
      const [x, y, end] = [r.left + r.width / 2, r.top + r.height / 2, Math.min(r.height, r.width) / 2];
      const points = [[x, y], [r.left + end, y], [r.right - end, y], [x, r.top + 2], [x, r.bottom - 2]];
      const mine = (x: number, y: number) => {
        const top = root.elementFromPoint(x, y);
        return !!top && (top === el || el.contains(top));
      };
      return {
        text: el.textContent!.trim(),
        onTop: points.every(([px, py]) => mine(px!, py!)),
        inLog: r.top >= log.top - 0.5 && r.bottom <= log.bottom + 0.5,
        inViewport: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
      };
    });
  }, selector);

describe('widget rough edges (Chromium)', () => {
  it("the header names the agent, never the internal playbook name; when the chat ends the last event shows above the footer and the header keeps the agent", async () => {
    await env.setOnline(true);
    const { page, widget, errors } = await visit({ width: 1100, height: 600 });
    await widget.open();
    await widget.choose('Talk to sales');
    await widget.waitForText('An agent will be with you in a moment.');
    const notify = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned', 'new-unassigned notification');
    const agent = await env.conversation(notify.conversation.id);
    agent.send({ type: 'claim', ref: 'claim-edges' });
    await widget.waitForText(`${env.agentName} joined the chat`);
    await page.getByRole('dialog', { name: env.agentName }).waitFor();
    await page.screenshot({ path: `${SHOTS}/widget-edges-agent.png` });
    // "Demo playbook" is the admin's name for the playbook: the visitor sees only who they talk to.
    expect.soft(await headerText(page)).toBe(env.agentName);

    // Enough lines that the log scrolls, so that a taller footer could hide the last one.
    for (let i = 1; i <= 6; i++) agent.send({ type: 'send', id: `agent-edges-${i}`, text: `Line ${i} of a longer answer that wraps onto two lines in the window` });
    await widget.waitForText('Line 6 of a longer answer');
    agent.send({ type: 'close', ref: 'close-edges' });
    await page.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await widget.waitForText('The agent closed the chat');
    await page.screenshot({ path: `${SHOTS}/widget-edges-ended.png` });
    const events = await hits(page, '.log .event');
    expect.soft(events.at(-1)).toMatchObject({ text: expect.stringContaining('The agent closed the chat'), inLog: true, onTop: true });
    expect.soft(await headerText(page)).toBe(env.agentName);
    expect(errors).toEqual([]);
    agent.close();
    await page.context().close();
  });

  it('on a phone (390 × 844) nothing of the full-screen window sits under the launcher; the window’s own button brings it back', async () => {
    await env.setOnline(true);
    const { page, widget, errors } = await visit({ width: 390, height: 844 });
    await widget.open();
    await widget.waitForText('What can we help you with?');
    await page.screenshot({ path: `${SHOTS}/widget-edges-phone.png` });
    const choices = await hits(page, '.choices button');
    expect(choices.map((c) => c.text)).toEqual(['Talk to sales', 'I have a question']);
    for (const c of choices) expect.soft(c, c.text).toMatchObject({ onTop: true, inViewport: true });
    // The launcher is not drawn over the window, nor left as an invisible target.
    expect.soft(await widget.launcher.isVisible()).toBe(false);

    await widget.minimize.click();
    await widget.log.waitFor({ state: 'detached' });
    expect(await widget.launcher.isVisible()).toBe(true);
    await expect.poll(() => focused(page)).toBe('launcher');

    // By keyboard: the window takes the focus from the launcher it hides, and gives it back.
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('Talk to sales');
    await page.keyboard.press('Enter');
    const notify = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned', 'new-unassigned notification');
    const agent = await env.conversation(notify.conversation.id);
    agent.send({ type: 'claim', ref: 'claim-phone' });
    await widget.waitForText(`${env.agentName} joined the chat`);
    agent.send({ type: 'close', ref: 'close-phone' });
    await page.getByRole('button', { name: 'Start a new chat' }).waitFor();
    for (const c of await hits(page, '.ended button, .head button')) expect.soft(c, c.text).toMatchObject({ onTop: true, inViewport: true });
    await page.screenshot({ path: `${SHOTS}/widget-edges-phone-ended.png` });
    await widget.minimize.click();
    await expect.poll(() => focused(page)).toBe('launcher');
    // Nothing in an ended chat takes the focus by itself: the window's own Minimize button has it, not the page.
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('Minimize chat');
    agent.close();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
