import type { SavedReply } from '../protocol';
import { foldText } from './inbox-search';

/**
 * The composer's saved-reply list: `/query` at the very start of the message box, what it matches, and
 * what choosing a reply does to the text. Pure: the component only keeps the caret and the open state.
 */

/** The `/query` being typed: the box starts with `/` and the caret is still inside that first word. */
export type SlashToken = { query: string; end: number };

export function slashToken(text: string, caret: number = text.length): SlashToken | null {
  const m = /^\/([^\s/]*)$/.exec(text.slice(0, caret));
  if (!m) return null;
  // The rest of the word after the caret belongs to the token too (editing `/pri|ce`).
  const tail = /^[^\s/]*/.exec(text.slice(caret))![0];
  return { query: m[1]! + tail, end: caret + tail.length };
}

/**
 * Replies for `query`, case- and accent-insensitive: those whose shortcut starts with it first (by
 * shortcut), then those whose shortcut or text contains it. An empty query lists them all.
 */
export function filterReplies(replies: readonly SavedReply[], query: string): SavedReply[] {
  const q = foldText(query.trim());
  const byShortcut = (a: SavedReply, b: SavedReply) => (a.shortcut < b.shortcut ? -1 : a.shortcut > b.shortcut ? 1 : 0);
  if (!q) return [...replies].sort(byShortcut);
  const first: SavedReply[] = [];
  const then: SavedReply[] = [];
  for (const r of replies) {
    const shortcut = foldText(r.shortcut);
    if (shortcut.startsWith(q)) first.push(r);
    else if (shortcut.includes(q) || foldText(r.text).includes(q)) then.push(r);
  }
  return [...first.sort(byShortcut), ...then.sort(byShortcut)];
}

/** The box after choosing `reply`: it replaces the `/query` token, or else goes in at the selection. */
export function insertReply(text: string, reply: Pick<SavedReply, 'text'>, selection: { start: number; end: number }): { text: string; caret: number } {
  const token = slashToken(text, selection.start);
  const [from, to] = token && selection.start === selection.end ? [0, token.end] : [selection.start, selection.end];
  return { text: text.slice(0, from) + reply.text + text.slice(to), caret: from + reply.text.length };
}
