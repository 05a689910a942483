import type { ConversationSummary } from '../protocol';
import { displayName } from './inbox';

/**
 * Text as the inbox search compares it: decomposed (NFD), combining marks dropped, lower-cased, runs
 * of white space made one space. "Élodie", "ELODIE" and "elodie" all fold to "elodie".
 */
export function foldText(text: string): string {
  // Most names and messages are plain ASCII: no decomposition to do (and it is the costly part).
  let out = NON_ASCII.test(text) ? text.normalize('NFD').replace(MARKS, '') : text;
  out = out.toLowerCase();
  return ODD_SPACE.test(out) ? out.replace(SPACES, ' ') : out;
}
const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}+/gu;
const ODD_SPACE = /\s\s|[^\S ]/;
const SPACES = /\s+/g;

type Folded = { visitorName: string; text: string; key: string };
// Summaries are replaced, never changed, when the room sends news: each one is folded once, on the first
// search that reaches it, so the next keystrokes only compare strings. The raw strings are kept to check.
const folded = new WeakMap<ConversationSummary, Folded>();

function keyOf(c: ConversationSummary): string {
  const text = c.lastMessage?.text ?? '';
  const hit = folded.get(c);
  if (hit && hit.visitorName === c.visitorName && hit.text === text) return hit.key;
  // A newline never comes out of foldText, so a query cannot match across the name and the message.
  const key = `${foldText(displayName(c))}\n${foldText(text)}`;
  folded.set(c, { visitorName: c.visitorName, text, key });
  return key;
}

/** The query as it is compared: folded and trimmed. Empty means "no search". */
export const searchKey = (query: string): string => foldText(query).trim();

/**
 * The conversations whose visitor name (the one the row shows, generated names included) or last message
 * contains the query, case- and accent-insensitively, in the order given. No query: the list itself.
 */
export function filterConversations(items: ConversationSummary[], query: string): ConversationSummary[] {
  const q = searchKey(query);
  if (!q) return items;
  return items.filter((c) => keyOf(c).includes(q));
}
