import { ExportWriter, emptyDetails, exportFilename, exportMimeOf, type Details, type Entry, type ExportFormat, type ConversationView, type PageView } from '../protocol';

/**
 * `Export chat` in the side panel: the open chat as its agent holds it (state, every entry, details, trail),
 * written in the same format as the options page's export (protocol/conversation-export.ts).
 */
export function chatExportFile(chat: { view: ConversationView; entries: readonly Entry[]; details: Details | null; trail: readonly PageView[] }, format: ExportFormat, now: number) {
  const writer = new ExportWriter(format, { workspaceId: chat.view.workspaceId, exportedAt: now });
  writer.add([{ conversation: chat.view, entries: [...chat.entries], details: chat.details ?? emptyDetails(), trail: [...chat.trail] }]);
  return { filename: exportFilename(chat.view.workspaceId, format, now, chat.view.id), content: writer.finish(), type: exportMimeOf(format) };
}
