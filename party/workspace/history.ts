import { HISTORY_MAX, type ConversationSummary, type HistoryItem, type HistoryOutcome, type VisitorKeys } from '../../protocol';
import type { Storage } from '../ports';

/**
 * Whether `other` is a chat of the same visitor as `of`. A verified visitor: the same verified user id, nothing
 * else (a claim can't reach an account's chats, nor an account another's). Otherwise: the same browser (anonymous
 * visitor id) or the same email, among chats no site vouched for.
 */
export function sameVisitor(of: VisitorKeys, other: VisitorKeys): boolean {
  if (of.userId !== undefined) return other.userId === of.userId;
  if (other.userId !== undefined) return false;
  return (of.visitorId !== undefined && other.visitorId === of.visitorId) || (!!of.email && other.email === of.email);
}

export function outcomeOf(summary: ConversationSummary, keys: VisitorKeys): HistoryOutcome {
  if (keys.records?.includes('deal')) return 'deal';
  if (keys.records?.includes('lead')) return 'lead';
  return summary.status === 'closed' ? 'closed' : summary.status === 'missed' ? 'missed' : 'open';
}

/**
 * The previous conversations of a chat's visitor: the same visitor (sameVisitor), not the chat itself, only
 * what `may` lets the asking agent see, newest first, at most HISTORY_MAX.
 */
export function previousConversations(
  id: string,
  keys: ReadonlyMap<string, VisitorKeys>,
  summary: (id: string) => ConversationSummary | undefined,
  may: (s: ConversationSummary) => boolean,
): HistoryItem[] {
  const of = keys.get(id);
  if (!of) return [];
  const out: HistoryItem[] = [];
  for (const [otherId, other] of keys) {
    const s = otherId === id ? undefined : summary(otherId);
    if (s && sameVisitor(of, other) && may(s)) out.push({ conversation: s, outcome: outcomeOf(s, other) });
  }
  return out.sort((a, b) => b.conversation.createdAt - a.conversation.createdAt).slice(0, HISTORY_MAX);
}

/** Each conversation's visitor keys, stored under `vk:<conversation id>`. */
export class VisitorKeysIndex {
  readonly keys = new Map<string, VisitorKeys>();

  constructor(private storage: Storage) {}

  async load() {
    for (const [k, v] of await this.storage.list<VisitorKeys>({ prefix: 'vk:' })) this.keys.set(k.slice(3), v);
  }

  async forget(id: string) {
    this.keys.delete(id);
    await this.storage.delete(`vk:${id}`);
  }

  async set(id: string, keys: VisitorKeys) {
    if (JSON.stringify(this.keys.get(id)) === JSON.stringify(keys)) return;
    this.keys.set(id, keys);
    await this.storage.put(`vk:${id}`, keys);
  }
}
