import { BatonError, EXPORT_PAGE_MAX, ExportedConversation, decodeValue, type ConversationSummary } from '../../protocol';
import type { RoomLink } from '../link';

/** An export page stops growing past this many characters (a WebSocket message may carry 1 MiB). */
export const EXPORT_PAGE_CHARS = 400_000;

/** Where a conversation sits in the export's order (oldest first, then by id): the cursor of the page it ends. */
export const exportKey = (s: Pick<ConversationSummary, 'createdAt' | 'id'>) => `${String(s.createdAt).padStart(15, '0')}:${s.id}`;

/** The conversations a page may take, in order: one, or every conversation after the cursor. `total`: the whole export's. */
export function exportSelection(index: Iterable<ConversationSummary>, o: { conversationId?: string; cursor?: string }): { rest: ConversationSummary[]; total: number } {
  if (o.conversationId !== undefined) {
    const one = [...index].find((s) => s.id === o.conversationId);
    if (!one) throw new BatonError('not-found', 'No such conversation');
    const after = o.cursor !== undefined && exportKey(one) <= o.cursor;
    return { rest: after ? [] : [one], total: 1 };
  }
  const all = [...index].sort((a, b) => (exportKey(a) < exportKey(b) ? -1 : 1));
  return { rest: o.cursor === undefined ? all : all.filter((s) => exportKey(s) > o.cursor!), total: all.length };
}

/**
 * One page of the export: each conversation's room is asked for what it holds, one room at a time (the
 * workspace never holds more than a page), until the page is full by count or size. A room that no longer
 * exists is skipped; one that does not answer fails the page (the admin's next try resumes from the cursor).
 */
export async function exportPage(link: RoomLink, index: Iterable<ConversationSummary>, o: { conversationId?: string; cursor?: string }) {
  const { rest, total } = exportSelection(index, o);
  const conversations: ExportedConversation[] = [];
  let size = 0;
  let last: string | null = null;
  let i = 0;
  for (; i < rest.length && conversations.length < EXPORT_PAGE_MAX && size < EXPORT_PAGE_CHARS; i++) {
    const s = rest[i]!;
    const res = await link.json({ party: 'conversation', id: s.id }, { type: 'export' });
    last = exportKey(s);
    if (res.status === 404) continue;
    if (res.status !== 200) throw new BatonError('unavailable', 'A conversation room did not answer; try again');
    const got = decodeValue(ExportedConversation, res.body);
    if (!got.ok) throw new BatonError('internal', 'A conversation room answered something unexpected');
    conversations.push(got.value);
    size += JSON.stringify(got.value).length;
  }
  return { conversations, cursor: i < rest.length ? last : null, total };
}
