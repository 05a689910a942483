import { folderOf, type ConversationSummary } from '../protocol';

/**
 * The side panel's folders, in tab order: the protocol's three, with the missed chats taken out of Closed into
 * their own folder, where they wait for follow-up until an agent takes them (`Assign to me`) or closes them.
 */
export const INBOX_FOLDERS = ['unassigned', 'mine', 'missed', 'closed'] as const;
export type InboxFolder = (typeof INBOX_FOLDERS)[number];
export type Folders = Record<InboxFolder, ConversationSummary[]>;

/** The panel folder a conversation sits in for this agent, or null when it is not theirs to see. */
export function inboxFolderOf(meId: string, c: Pick<ConversationSummary, 'status' | 'assignee'> & { team?: string }): InboxFolder | null {
  return c.status === 'missed' && folderOf(meId, c) ? 'missed' : folderOf(meId, c);
}

/** When a missed chat was missed: `missedAt`, else (a summary from before issue 13) its last activity. */
export const missedAtOf = (c: ConversationSummary) => c.missedAt ?? c.closedAt ?? c.lastActivityAt;

const byActivity = (a: ConversationSummary, b: ConversationSummary) =>
  b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One pass over the index: each conversation in its folder, newest activity first. */
export function buildFolders(conversations: Iterable<ConversationSummary>, meId: string | null): Folders {
  const out: Folders = { unassigned: [], mine: [], missed: [], closed: [] };
  if (!meId) return out;
  for (const c of conversations) {
    const folder = inboxFolderOf(meId, c);
    if (folder) out[folder].push(c);
  }
  out.unassigned.sort(byActivity);
  out.mine.sort(byActivity);
  out.missed.sort((a, b) => missedAtOf(b) - missedAtOf(a) || byActivity(a, b));
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
