import { signal } from '@preact/signals-core';
import { Scope } from '../scope';
import type { WorkspaceClient } from '../workspace-client';
import type { CrmSettingsInput, CrmSettingsView, IntentView, StoredRecord } from '../../protocol';
import { ask } from './crm-requests';
import { appendPage, PAGE_SIZE, upsertIntent } from './records-list';

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
  /** A first page has arrived (before it, an empty list says nothing). */
  readonly loaded = signal(false);
  readonly intents = signal<IntentView[]>([]);
  /** Where the next page of records starts: the last storage key the room read. */
  private cursor: string | undefined;
  private readonly scope = new Scope();

  constructor(readonly client: WorkspaceClient) {
    // The room pushes new settings to everyone after a save, and each intent's changes to admins.
    this.scope.add(
      client.onFrame((frame) => {
      if (frame.type === 'crm-settings') this.settings.value = frame.settings;
      if (frame.type !== 'crm-intent') return;
      this.intents.value = upsertIntent(this.intents.peek(), frame.intent);
      // A create just landed in the built-in store: show it without losing the pages already loaded.
      if (frame.intent.status === 'created' && frame.intent.target === 'builtin') void this.refreshTop().catch(() => undefined);
      }),
    );
  }

  /** Stops listening to the room (the options model does this when its connection closes). */
  dispose(): void {
    this.scope.dispose();
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

  /** The newest page merged into what is shown (pages already loaded, and where the next one starts, stay). */
  async refreshTop(): Promise<void> {
    const wasEmpty = this.records.peek().length === 0;
    const kept = { more: this.more.peek(), cursor: this.cursor };
    await this.page(undefined, false);
    if (!wasEmpty) {
      this.more.value = kept.more;
      this.cursor = kept.cursor;
    }
  }

  /** The page after the last one loaded, from the room's exact cursor (records of one millisecond are neither skipped nor repeated). */
  async loadMore(): Promise<void> {
    if (!this.cursor) return;
    await this.page(this.cursor, false);
  }

  private async page(cursor: string | undefined, reset: boolean): Promise<void> {
    this.loading.value = true;
    try {
      const page = await ask(this.client, { type: 'records-list', limit: PAGE_SIZE, ...(cursor !== undefined ? { cursor } : {}) });
      this.records.value = appendPage(reset ? [] : this.records.peek(), page.records).records;
      this.more.value = page.more && page.cursor !== undefined;
      this.cursor = page.cursor;
      this.loaded.value = true;
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
