import type { Locator, Page } from 'playwright-core';
import { OptionsPage } from './options-page';

export type EmailFormInput = {
  host: string;
  port: string;
  tls: RegExp;
  user: string;
  password?: string;
  fromAddress: string;
  fromName: string;
  replyDomain: string;
  delayMinutes: string;
};

/** The options page's Email section, found by labels and roles like the rest. */
export class EmailOptionsPage {
  constructor(readonly options: OptionsPage) {}

  get page(): Page {
    return this.options.page;
  }
  get email(): Locator {
    return this.page.locator('section#email');
  }
  get testResult(): Locator {
    return this.email.locator('.test-result');
  }
  get saved(): Locator {
    return this.email.locator('p.status[role="status"]');
  }
  field(label: string): Locator {
    return this.email.getByLabel(label, { exact: true });
  }

  async fill(input: EmailFormInput): Promise<void> {
    await this.field('Host').fill(input.host);
    await this.email.getByRole('radio', { name: input.tls }).check();
    await this.field('Port').fill(input.port);
    await this.field('User name').fill(input.user);
    if (input.password !== undefined) await this.field('Password').fill(input.password);
    await this.field('From address').fill(input.fromAddress);
    await this.field('From name').fill(input.fromName);
    await this.field('Reply domain').fill(input.replyDomain);
    await this.field('Wait before emailing unseen replies (minutes)').fill(input.delayMinutes);
  }

  async save(): Promise<void> {
    await this.email.getByRole('button', { name: 'Save', exact: true }).click();
  }
}
