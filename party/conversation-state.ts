import {
  visibleToVisitor,
  type AgentRef,
  type Answers,
  type ConversationSummary,
  type ConversationView,
  type Entry,
  type RecordRef,
  type Status,
  type VisitorContext,
  type VisitorView,
} from '../protocol';

/** Everything a conversation room keeps besides its log and details. Stored under `meta`. */
export type Meta = {
  conversationId: string;
  workspaceId: string;
  workspaceUrl: string;
  playbookId: string;
  botName: string;
  status: Status;
  assignee: AgentRef | null;
  createdAt: number;
  closedAt: number | null;
  waitUntil: number | null;
  /** The playbook's wait time, for chats put back in Unassigned (absent in rooms created before it was kept). */
  waitSeconds?: number;
  offlineMessage: string;
  context: VisitorContext;
  answers: Answers;
  lastSeq: number;
  seen: { visitor: number; agent: number };
  visitorName: string;
  /** Revision of the last report to the workspace room (reports can arrive out of order). */
  rev?: number;
  /** A report failed: the alarm retries it. */
  reportDue?: boolean;
  /** CRM items created from this conversation: a retry returns these instead of creating twice. */
  records: { lead?: RecordRef; deal?: RecordRef };
};

export const entryKey = (seq: number) => `e:${String(seq).padStart(10, '0')}`;

/** A friendly stable name for a visitor who did not give one ("Visitor 3F2A"). */
export function generatedVisitorName(conversationId: string): string {
  let h = 0;
  for (const ch of conversationId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `Visitor ${(h % 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function summaryOf(meta: Meta, entries: readonly Entry[]): ConversationSummary {
  let lastMessage: ConversationSummary['lastMessage'] = null;
  let unread = 0;
  let lastActivityAt = meta.createdAt;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (i === entries.length - 1) lastActivityAt = e.at;
    if (e.kind !== 'message') continue;
    lastMessage ??= { from: e.from, text: e.text.slice(0, 200), at: e.at };
    if (e.from === 'visitor' && e.seq > meta.seen.agent) unread++;
    if (e.seq <= meta.seen.agent && lastMessage) break;
  }
  return {
    id: meta.conversationId,
    playbookId: meta.playbookId,
    status: meta.status,
    assignee: meta.assignee,
    visitorName: meta.visitorName,
    lastMessage,
    unread,
    createdAt: meta.createdAt,
    lastActivityAt,
    closedAt: meta.closedAt,
  };
}

export function agentView(meta: Meta, entries: readonly Entry[]): ConversationView {
  return {
    ...summaryOf(meta, entries),
    workspaceId: meta.workspaceId,
    context: meta.context,
    answers: meta.answers,
    waitUntil: meta.waitUntil,
    lastSeq: meta.lastSeq,
    seen: meta.seen,
  };
}

export function visitorView(meta: Meta): VisitorView {
  return {
    id: meta.conversationId,
    status: meta.status,
    agentName: meta.status === 'active' ? (meta.assignee?.name ?? null) : null,
    closedAt: meta.closedAt,
    lastSeq: meta.lastSeq,
    seenByAgent: meta.seen.agent,
  };
}

/** What a visitor may see of an entry: no CRM events, no agent ids, no "by whom". */
export function forVisitor(entries: readonly Entry[]): Entry[] {
  const out: Entry[] = [];
  for (const e of entries) {
    if (!visibleToVisitor(e)) continue;
    if (e.kind === 'message') {
      const { agentId: _omit, ...rest } = e;
      out.push(rest);
    } else {
      // The visitor gets the agent's name, never their id (`hidden` keeps the shape valid).
      out.push({ kind: 'event', seq: e.seq, id: e.id, event: e.event, at: e.at, ...(e.agent ? { agent: { id: 'hidden', name: e.agent.name } } : {}) });
    }
  }
  return out;
}

/** Index of the first entry with seq > lastSeq (entries are sorted by seq). */
export function firstAfter(entries: readonly Entry[], lastSeq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.seq <= lastSeq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How long a chat may wait for an agent: the playbook's wait time (older rooms: what their first deadline was). */
export const waitMsOf = (m: Pick<Meta, 'waitSeconds' | 'waitUntil' | 'createdAt'>) =>
  m.waitSeconds !== undefined ? m.waitSeconds * 1000 : Math.max(30_000, (m.waitUntil ?? m.createdAt + 30_000) - m.createdAt);
