import { signal } from '@preact/signals-core';
import { Scope } from '../scope';
import type { WorkspaceClient } from '../workspace-client';
import type { EmailSettingsInput, EmailSettingsView } from '../../protocol';
import { ask } from './crm-requests';

/**
 * The Email section's state for one workspace connection: the settings as the room shows them to admins (the
 * password never: only whether one is stored), kept fresh by the `email-settings` pushes that follow each save.
 * Requests throw RequestError; the section turns that into words.
 */
export class EmailModel {
  readonly settings = signal<EmailSettingsView | null>(null);
  private readonly scope = new Scope();

  constructor(readonly client: WorkspaceClient) {
    this.scope.add(
      client.onFrame((frame) => {
        if (frame.type === 'email-settings') this.settings.value = frame.settings;
      }),
    );
  }

  dispose(): void {
    this.scope.dispose();
  }

  async load(): Promise<EmailSettingsView> {
    const { settings } = await ask(this.client, { type: 'email-settings-get' });
    this.settings.value = settings;
    return settings;
  }

  /** Saves; the room answers `ok` and then pushes the new settings (password redacted) to the admins. */
  async save(settings: EmailSettingsInput): Promise<void> {
    await this.client.request({ type: 'email-settings-save', settings });
  }

  /** Sends a test email with the saved settings to the admin's own address; `ok: false` carries the SMTP server's words. */
  async test(): Promise<{ ok: boolean; message: string }> {
    const { ok, message } = await ask(this.client, { type: 'email-test' });
    return { ok, message };
  }
}
