import { signal } from '@preact/signals-core';
import type { HistoryItem, PageView } from '../protocol';
import { refusalText } from './protocol-text';
import { Scope } from './scope';
import type { WorkspaceClient } from './workspace-client';

/** How long `Previous conversations` waits for the workspace's answer before saying it could not load them. */
export const HISTORY_TIMEOUT_MS = 10_000;

export type HistoryState =
  | { state: 'loading' }
  | { state: 'loaded'; items: readonly HistoryItem[] }
  | { state: 'failed'; reason: string };

/**
 * `Previous conversations` of one open chat's visitor: asked once with `history-get` when the chat opens,
 * answered by a `history` frame for this chat (then `ok`). The chat itself is never listed. Bounded: the room
 * sends at most 20, and an answer that does not come within HISTORY_TIMEOUT_MS ends as `failed`.
 */
export class VisitorHistory {
  readonly state = signal<HistoryState>({ state: 'loading' });
  private readonly scope = new Scope();

  constructor(
    private readonly ws: Pick<WorkspaceClient, 'onFrame' | 'request'>,
    readonly conversationId: string,
    timeoutMs = HISTORY_TIMEOUT_MS,
  ) {
    this.scope.add(
      ws.onFrame((frame) => {
        if (frame.type !== 'history' || frame.conversationId !== conversationId || this.state.peek().state === 'loaded') return;
        this.state.value = { state: 'loaded', items: frame.conversations.filter((c) => c.conversation.id !== conversationId) };
      }),
    );
    const stopTimer = this.scope.timeout(() => {
      if (this.state.peek().state === 'loading') this.state.value = { state: 'failed', reason: '' };
    }, timeoutMs);
    ws.request({ type: 'history-get', conversationId }).then(
      () => {
        stopTimer();
        // The room sends `history` before its `ok`: an ok alone means nothing to list.
        if (!this.scope.disposed && this.state.peek().state === 'loading') this.state.value = { state: 'loaded', items: [] };
      },
      (e: unknown) => {
        stopTimer();
        if (!this.scope.disposed && this.state.peek().state === 'loading') this.state.value = { state: 'failed', reason: refusalText(e) };
      },
    );
  }

  dispose(): void {
    this.scope.dispose();
  }
}

/** The page the visitor is on: the trail's newest entry (the trail is oldest first), else null. */
export const currentPage = (trail: readonly PageView[]): PageView | null => trail[trail.length - 1] ?? null;

/** `Pages visited`, newest first. */
export const pagesNewestFirst = (trail: readonly PageView[]): PageView[] => [...trail].reverse();

/** The UTM parameters present, in their usual order, as [name, value] pairs (`utm_source`…). */
export function utmPairs(utm: Partial<Record<'source' | 'medium' | 'campaign' | 'term' | 'content', string>> | undefined): [string, string][] {
  if (!utm) return [];
  return (['source', 'medium', 'campaign', 'term', 'content'] as const).filter((k) => utm[k]?.trim()).map((k) => [`utm_${k}`, utm[k]!]);
}
