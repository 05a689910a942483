import { signal } from '@preact/signals-core';
import { Scope } from '../scope';
import type { WorkspaceClient, WorkspaceCommand } from '../workspace-client';
import { ask, type CrmAnswer } from './crm-requests';
import { ExportWriter, exportFilename, exportMimeOf, type ErasureView, type ExportFormat, type RetentionView } from '../../protocol';

type Question = Extract<WorkspaceCommand, { type: 'conversations-export' | 'visitor-find' | 'visitor-erase' | 'erasures-get' | 'retention-get' }>;

/**
 * The admin's data lifecycle for one workspace connection (issue 17): the conversation export (page by page
 * from the workspace room, written as text as it comes), a visitor's deletion, the deletion log, and the
 * retention setting. Frames from the room (another admin's change, a sweep that ended) keep the signals in step.
 */
export class DataAdmin {
  readonly retention = signal<RetentionView | null>(null);
  /** Newest first; null until listed. */
  readonly erasures = signal<ErasureView[] | null>(null);
  /** The export under way: conversations written so far, of how many. */
  readonly progress = signal<{ done: number; total: number } | null>(null);
  private readonly scope = new Scope();

  constructor(
    readonly client: WorkspaceClient,
    private readonly workspaceId: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.scope.add(
      client.onFrame((frame) => {
        if (frame.type === 'retention') this.retention.value = frame.retention;
        else if (frame.type === 'erasures') this.erasures.value = frame.erasures;
      }),
    );
  }

  dispose() {
    this.scope.dispose();
  }

  async loadRetention(): Promise<void> {
    await this.ask({ type: 'retention-get' });
  }
  async loadErasures(): Promise<void> {
    await this.ask({ type: 'erasures-get' });
  }

  /** null: closed conversations are kept. Resolves once the room took it (its `retention` frame follows). */
  async saveRetention(days: number | null): Promise<void> {
    await this.client.request({ type: 'retention-save', days });
  }

  /**
   * The export file: every conversation (oldest first), or one. Asks the room page after page; each page is
   * written out as text and let go. Rejects with the refusal (the next try starts again from the first page).
   */
  async exportFile(format: ExportFormat, conversationId?: string): Promise<{ filename: string; content: string; type: string; count: number }> {
    const at = this.now();
    const writer = new ExportWriter(format, { workspaceId: this.workspaceId, exportedAt: at });
    let cursor: string | undefined;
    this.progress.value = { done: 0, total: 0 };
    try {
      for (;;) {
        const page = await this.ask({ type: 'conversations-export', ...(conversationId ? { conversationId } : {}), ...(cursor ? { cursor } : {}) });
        writer.add(page.conversations);
        this.progress.value = { done: writer.size, total: page.total };
        if (page.cursor === null) break;
        cursor = page.cursor;
      }
    } finally {
      this.progress.value = null;
    }
    return { filename: exportFilename(this.workspaceId, format, at, conversationId), content: writer.finish(), type: exportMimeOf(format), count: writer.size };
  }

  find(query: string) {
    return this.ask({ type: 'visitor-find', query });
  }

  async erase(query: string): Promise<ErasureView> {
    return (await this.ask({ type: 'visitor-erase', query })).erasure;
  }

  /** Sends a question and resolves with its answer frame (or rejects with the refusal): crm-requests.ts's `ask`. */
  private ask<Q extends Question>(question: Q): Promise<CrmAnswer<Q>> {
    return ask(this.client, question, this.scope);
  }

}
