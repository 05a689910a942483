import { folderOf, type ConversationSummary, type Folder } from '../protocol';

export type Folders = Record<Folder, ConversationSummary[]>;

const byActivity = (a: ConversationSummary, b: ConversationSummary) =>
  b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One pass over the index: each conversation in its folder, newest activity first. */
export function buildFolders(conversations: Iterable<ConversationSummary>, meId: string | null): Folders {
  const out: Folders = { unassigned: [], mine: [], closed: [] };
  if (!meId) return out;
  for (const c of conversations) {
    const folder = folderOf(meId, c);
    if (folder) out[folder].push(c);
  }
  out.unassigned.sort(byActivity);
  out.mine.sort(byActivity);
  out.closed.sort((a, b) => (b.closedAt ?? b.lastActivityAt) - (a.closedAt ?? a.lastActivityAt) || byActivity(a, b));
  return out;
}

/** What the action badge counts: every chat waiting in Unassigned, plus my chats with unread messages. */
export function badgeCount(conversations: Iterable<ConversationSummary>, meId: string | null): number {
  if (!meId) return 0;
  let n = 0;
  for (const c of conversations) {
    const folder = folderOf(meId, c);
    if (folder === 'unassigned' || (folder === 'mine' && c.unread > 0)) n++;
  }
  return n;
}

export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}

const ADJECTIVES = ['Blue', 'Swift', 'Quiet', 'Bright', 'Amber', 'Green', 'Silver', 'Clever', 'Gentle', 'Bold', 'Lucky', 'Calm'];
const ANIMALS = ['Fox', 'Otter', 'Heron', 'Lynx', 'Panda', 'Robin', 'Koala', 'Falcon', 'Badger', 'Dolphin', 'Owl', 'Hare'];

/** A stable friendly name for a visitor who gave none (same id → same name, in every view). */
export function generatedName(id: string): string {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return `${ADJECTIVES[h % ADJECTIVES.length]} ${ANIMALS[(h >>> 8) % ANIMALS.length]}`;
}

export const displayName = (c: Pick<ConversationSummary, 'id' | 'visitorName'>) => c.visitorName.trim() || generatedName(c.id);
