// Synthetic but schema-valid data for the side panel render bench: an inbox index and one long chat.
import { emptyDetails, PROTOCOL_VERSION, type ConversationSummary, type ConversationView, type Entry } from '../../protocol';

export const ME = { id: 'a1', name: 'Ada' };
const WORDS = 'pricing delivery invoice discount shipping warranty contract support trial upgrade refund quote'.split(' ');
const sentence = (i: number, words: number) => Array.from({ length: words }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ');

/** `n` conversations in every status, a third of them mine, activity spread over the last days. */
export function summaries(n: number, now = Date.now()): ConversationSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    playbookId: 'p',
    status: i % 3 === 0 ? 'waiting' : i % 3 === 1 ? 'active' : 'closed',
    assignee: i % 3 === 1 ? ME : null,
    visitorName: i % 5 ? `Visitor ${i}` : '',
    lastMessage: { from: 'visitor', text: `Message ${i} about ${sentence(i, 6)}`, at: now - i * 1000 },
    unread: i % 4,
    createdAt: now - i * 2000,
    lastActivityAt: now - ((i * 7919) % n) * 1000,
    closedAt: i % 3 === 2 ? now - i * 500 : null,
  }));
}

/** `n` log entries: mostly messages of varied length from visitor, agent and bot, an event every 50. */
export function entries(n: number, now = Date.now()): Entry[] {
  return Array.from({ length: n }, (_, i): Entry => {
    const seq = i + 1;
    const at = now - (n - i) * 30_000;
    if (i % 50 === 49) return { kind: 'event', seq, id: `e${seq}`, event: 'joined', at, by: ME, agent: ME };
    const from = i < 6 ? 'bot' : i % 2 ? 'agent' : 'visitor';
    const text = `${sentence(i, 4 + ((i * 13) % 40))}.`;
    return from === 'visitor' ? { kind: 'message', seq, id: `m${seq}`, from, text, at } : { kind: 'message', seq, id: `m${seq}`, from, authorName: from === 'bot' ? 'Bot' : ME.name, text, at };
  });
}

/** The agent `welcome` a conversation room sends for a chat with `n` entries, as the socket hands it over. */
export function chatWelcome(id: string, n: number): string {
  const now = Date.now();
  const log = entries(n, now);
  const conversation: ConversationView = {
    id,
    playbookId: 'p',
    status: 'active',
    assignee: ME,
    visitorName: 'Grace',
    lastMessage: { from: 'visitor', text: 'Hello', at: now },
    unread: 0,
    createdAt: now - n * 30_000,
    lastActivityAt: now,
    closedAt: null,
    workspaceId: 'w',
    context: { pageUrl: 'https://shop.example/pricing', referrer: '', language: 'en-GB', userAgent: 'Mozilla/5.0 Chrome/126.0', timezone: 'Europe/Paris' },
    answers: { company: 'Acme' },
    waitUntil: null,
    lastSeq: n,
    seen: { visitor: Math.max(0, n - 1), agent: Math.max(0, n - 2) },
  };
  return JSON.stringify({ type: 'welcome', role: 'agent', v: PROTOCOL_VERSION, conversation, entries: log, details: emptyDetails() });
}
