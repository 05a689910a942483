import type { Locator, Page } from 'playwright-core';

/** The widget as a visitor sees it, by accessible names (Playwright pierces the open shadow root). */
export class WidgetPage {
  readonly launcher: Locator;
  readonly message: Locator;
  readonly send: Locator;
  readonly minimize: Locator;
  readonly log: Locator;

  constructor(readonly page: Page) {
    this.launcher = page.getByRole('button', { name: 'Open chat', exact: true });
    this.message = page.getByRole('textbox', { name: 'Message', exact: true });
    this.send = page.getByRole('button', { name: 'Send', exact: true });
    this.minimize = page.getByRole('button', { name: 'Minimize chat', exact: true });
    this.log = page.getByRole('log');
  }

  async open() {
    await this.launcher.click();
    await this.log.waitFor();
  }

  /** Waits until the log shows `text` (in a bubble or an event line). */
  async waitForText(text: string) {
    await this.log.getByText(text, { exact: false }).first().waitFor();
  }

  async choose(label: string) {
    await this.page.getByRole('button', { name: label, exact: true }).click();
  }

  /** Types into the Message box and presses Enter. */
  async say(text: string) {
    await this.message.fill(text);
    await this.message.press('Enter');
  }

  /** Every bubble's text, in order. */
  bubbles(): Promise<string[]> {
    return this.log.locator('.bubble').allInnerTexts();
  }

  /** How many bubbles read exactly `text`. */
  async count(text: string): Promise<number> {
    return (await this.bubbles()).filter((b) => b.trim() === text).length;
  }
}
