import type { Locator } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { OptionsPage } from './options-page';

/** The CRM and Records sections of the options page, found by labels and roles like the rest. */
export class CrmOptionsPage {
  constructor(readonly options: OptionsPage) {}

  get crm(): Locator {
    return this.options.page.locator('section#crm');
  }
  get records(): Locator {
    return this.options.page.locator('section#records');
  }
  get testResult(): Locator {
    return this.crm.locator('.test-result');
  }
  /** A row of the records table by its title. */
  recordRow(title: string): Locator {
    return this.records.locator('table.records tbody tr', { hasText: title });
  }
  /** An entry of the CRM queue by its title. */
  intent(title: string): Locator {
    return this.records.getByRole('listitem', { name: title });
  }

  async configurePipedrive(domain: string, token: string): Promise<void> {
    await this.crm.getByRole('radio', { name: /^Pipedrive/ }).check();
    await this.crm.getByLabel('Company domain', { exact: true }).fill(domain);
    await this.crm.getByLabel('API token', { exact: true }).fill(token);
  }

  /** Clicks an export button and resolves with the downloaded file's name and text. */
  async download(button: 'Export CSV' | 'Export JSON'): Promise<{ filename: string; content: string }> {
    const page = this.options.page;
    const [download] = await Promise.all([page.waitForEvent('download'), this.records.getByRole('button', { name: button, exact: true }).click()]);
    const path = await download.path();
    return { filename: download.suggestedFilename(), content: await readFile(path, 'utf8') };
  }
}
