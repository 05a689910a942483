import { signal } from '@preact/signals';
import type { WorkspaceClient } from '../../models/workspace-client';
import type { CrmSettingsInput, CrmSettingsView, IntentView, StoredRecord } from '../../protocol';
import { ask } from './crm-requests';
import { appendPage, nextCursor, PAGE_SIZE, upsertIntent } from './records-list';

/**
 * The CRM admin state for one workspace connection: the settings (secrets redacted by the room), the
 * built-in records page by page, and the create queue kept fresh by `crm-intent` pushes.
 * Requests throw RequestError; the sections turn that into words.
 */
export class CrmModel {
  readonly settings = signal<CrmSettingsView | null>(null);
  readonly records = signal<StoredRecord[]>([]);
  readonly more = signal(false);
  readonly loading = signal(false);
  readonly intents = signal<IntentView[]>([]);
  private readonly stop: () => void;

  constructor(readonly client: WorkspaceClient) {
    // The room pushes new settings to everyone after a save, and each intent's changes to admins.
    this.stop = client.onFrame((frame) => {
      if (frame.type === 'crm-settings') this.settings.value = frame.settings;
      if (frame.type !== 'crm-intent') return;
      this.intents.value = upsertIntent(this.intents.peek(), frame.intent);
      // A create just landed in the built-in store: show it without losing the pages already loaded.
      if (frame.intent.status === 'created' && frame.intent.target === 'builtin') void this.refreshTop().catch(() => undefined);
    });
  }

  dispose(): void {
    this.stop();
  }

  async loadSettings(): Promise<CrmSettingsView> {
    const { settings } = await ask(this.client, { type: 'crm-get' });
    this.settings.value = settings;
    return settings;
  }

  /** Saves; the room answers `ok` and then pushes the redacted settings to every agent. */
  async save(settings: CrmSettingsInput): Promise<void> {
    await this.client.request({ type: 'crm-save', settings });
  }

  async test(settings?: CrmSettingsInput): Promise<{ ok: boolean; message: string }> {
    const { ok, message } = await ask(this.client, { type: 'crm-test', ...(settings ? { settings } : {}) });
    return { ok, message };
  }

  /** The first page from scratch. */
  async reloadRecords(): Promise<void> {
    await this.page(undefined, true);
  }

  /** The newest page merged into what is shown (pages already loaded stay). */
  async refreshTop(): Promise<void> {
    const wasEmpty = this.records.peek().length === 0;
    const more = this.more.peek();
    await this.page(undefined, false);
    if (!wasEmpty) this.more.value = more;
  }

  async loadMore(): Promise<void> {
    const held = this.records.peek();
    const added = await this.page(nextCursor(held), false);
    // A full page inside one millisecond brings nothing new with `last + 1`: step past it.
    if (added === 0 && this.more.peek()) await this.page(nextCursor(held, true), false);
  }

  private async page(before: number | undefined, reset: boolean): Promise<number> {
    this.loading.value = true;
    try {
      const page = await ask(this.client, { type: 'records-list', limit: PAGE_SIZE, ...(before !== undefined ? { before } : {}) });
      const { records, added } = appendPage(reset ? [] : this.records.peek(), page.records);
      this.records.value = records;
      this.more.value = page.more;
      return added;
    } finally {
      this.loading.value = false;
    }
  }

  async exportFile(format: 'csv' | 'json'): Promise<{ filename: string; content: string }> {
    const { filename, content } = await ask(this.client, { type: 'records-export', format });
    return { filename, content };
  }

  async loadIntents(): Promise<void> {
    const { intents } = await ask(this.client, { type: 'crm-intents-get' });
    this.intents.value = intents;
  }

  /** Retries a failed create now; its new states arrive as `crm-intent` pushes. */
  async retry(id: string): Promise<void> {
    await this.client.request({ type: 'crm-retry', id });
  }
}
