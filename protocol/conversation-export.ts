import { csvRow } from './csv';
import type { ExportedConversation } from './lifecycle';
import type { Entry } from './model';

/*
 * The conversation export's files (issue 17), the same whoever writes them: the options page's export (pages
 * from the workspace room) and the side panel's export of one chat (what its agent holds). JSON keeps every
 * field; CSV is one row per entry (message or event) with the chat's details beside it, for spreadsheets.
 */

export type ExportFormat = 'json' | 'csv';

export const CONVERSATION_CSV_COLUMNS = ['conversation', 'started', 'closed', 'status', 'assignee', 'visitor', 'email', 'phone', 'company', 'notes', 'seq', 'time', 'type', 'from', 'author', 'text'] as const;

const iso = (t: number | null | undefined) => (typeof t === 'number' ? new Date(t).toISOString() : '');

function entryCells(e: Entry): unknown[] {
  if (e.kind === 'message') return [e.seq, iso(e.at), 'message', e.from, e.authorName ?? '', e.text];
  const what = [e.agent?.name, e.cause, e.record?.title, e.reason].filter(Boolean).join(' · ');
  return [e.seq, iso(e.at), e.event, 'event', e.by?.name ?? e.agent?.name ?? '', what];
}

/** The CSV rows (no header) of one conversation. */
export function conversationCsvRows(c: ExportedConversation): string[] {
  const v = c.conversation;
  const d = c.details;
  const head = [v.id, iso(v.createdAt), iso(v.closedAt), v.status, v.assignee?.name ?? '', v.visitorName, d.person.email, d.person.phone, d.organization.name, d.notes];
  return c.entries.map((e) => csvRow([...head, ...entryCells(e)]));
}

/**
 * Builds an export file from pages as they come, keeping text only (each page's objects can go once added), so
 * an export of every conversation never holds them all as objects at once.
 */
export class ExportWriter {
  private parts: string[] = [];
  private count = 0;

  constructor(
    readonly format: ExportFormat,
    private about: { workspaceId: string; exportedAt: number },
  ) {
    this.parts.push(format === 'csv' ? `${csvRow(CONVERSATION_CSV_COLUMNS)}\r\n` : `{"format":"baton-conversations","version":1,"workspaceId":${JSON.stringify(about.workspaceId)},"exportedAt":${JSON.stringify(iso(about.exportedAt))},"conversations":[`);
  }

  add(conversations: readonly ExportedConversation[]) {
    for (const c of conversations) {
      if (this.format === 'csv') {
        const rows = conversationCsvRows(c);
        if (rows.length) this.parts.push(rows.join('\r\n') + '\r\n');
      } else this.parts.push((this.count ? ',' : '') + JSON.stringify(c));
      this.count++;
    }
  }

  get size() {
    return this.count;
  }

  finish(): string {
    return this.parts.join('') + (this.format === 'json' ? ']}' : '');
  }
}

export const exportMimeOf = (format: ExportFormat) => (format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');

export function exportFilename(workspaceId: string, format: ExportFormat, at: number, conversationId?: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  return `baton-${conversationId ? `conversation-${safe(conversationId)}` : `conversations-${safe(workspaceId)}`}-${new Date(at).toISOString().slice(0, 10)}.${format}`;
}
