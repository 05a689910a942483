import type { BrowserContext, Locator, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';

/** The options page as a user sees it: every locator goes through labels and roles, like a screen reader would. */
export class OptionsPage {
  constructor(
    readonly page: Page,
    readonly extensionId: string,
  ) {}

  static async open(context: BrowserContext, extensionId: string): Promise<OptionsPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    return new OptionsPage(page, extensionId);
  }

  section(name: 'connect' | 'playbooks' | 'installation' | 'agents' | 'teams' | 'hours' | 'identity' | 'visitors' | 'notifications' | 'health'): Locator {
    return this.page.locator(`section#${name}`);
  }
  get connectStatus(): Locator {
    return this.section('connect').locator('.connect-status');
  }

  async connect(server: string, workspace: string, credential: string): Promise<void> {
    const s = this.section('connect');
    await s.getByLabel('Server', { exact: true }).fill(server);
    await s.getByLabel('Workspace', { exact: true }).fill(workspace);
    await s.getByLabel('Credential', { exact: true }).fill(credential);
    await s.getByRole('button', { name: 'Connect', exact: true }).click();
  }

  get editor(): Locator {
    return this.page.locator('section.playbook-editor');
  }
  card(type: string): Locator {
    return this.editor.locator(`li.card-item[data-card-type="${type}"]`);
  }
  /** The rich-text textarea labelled `label` inside `scope`. */
  richText(scope: Locator, label: string): Locator {
    return scope.getByRole('textbox', { name: label, exact: true });
  }
  preview(scope: Locator, label: string): Locator {
    return scope.getByRole('group', { name: `Preview: ${label}` });
  }

  /** Selects `text` inside a textarea, as a user dragging over it would. */
  async select(textarea: Locator, text: string): Promise<void> {
    await textarea.evaluate((el: HTMLTextAreaElement, t: string) => {
      const start = el.value.indexOf(t);
      if (start < 0) throw new Error(`"${t}" not in "${el.value}"`);
      el.focus();
      el.setSelectionRange(start, start + t.length);
    }, text);
  }

  installCard(playbookName: string): Locator {
    return this.section('installation').getByRole('article', { name: playbookName });
  }

  async screenshot(locator: Locator | Page, name: string): Promise<string> {
    mkdirSync('tests/e2e/screenshots', { recursive: true });
    const path = `tests/e2e/screenshots/options-${name}.png`;
    await locator.screenshot({ path, ...(locator === this.page ? { fullPage: true } : {}) });
    return path;
  }
}
