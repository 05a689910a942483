import {
  visibleToVisitor,
  type ChatRouting,
  type AgentRef,
  type Answers,
  type ConversationSummary,
  type ConversationView,
  type Entry,
  type CrmTarget,
  type RecordRef,
  type Status,
  type VisitorContext,
  type VisitorView,
  type VisitorIdentity,
} from '../../protocol';
import type { EmailState } from './email-due';

/** Everything a conversation room keeps besides its log and details. Stored under `meta`. */
export type Meta = {
  conversationId: string;
  workspaceId: string;
  /** Rooms created before BATON_PUBLIC_URL kept the URL of the request that created them: never used any more. */
  workspaceUrl?: string;
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
  records: {
    lead?: RecordRef;
    deal?: RecordRef;
    /** The CRM person (and organization) this chat's creates hang on, and in which CRM: later creates reuse them. */
    person?: RecordRef;
    organization?: RecordRef;
    crm?: CrmTarget;
  };
  /** How the chat is dealt and escalated (its live chat card's settings when it was created); absent: manual, no reminders. */
  routing?: ChatRouting;
  /** The chat's team (routing.team): while nobody has it, only that team and admins see it. */
  team?: string;
  /** When it started waiting for a person: its creation, or when it went back to Unassigned. */
  waitingSince?: number;
  /** An agent took it by hand (or a person gave it to one): escalation is over. */
  claimedAt?: number;
  /** Routing gave it to the assignee at this time (until they reply, reminders and the reassignment run). */
  assignedAt?: number;
  /** The assignee's last message. */
  lastAgentReplyAt?: number;
  /** When agents were last told of it (new, assigned, reminded). */
  lastNotifiedAt?: number;
  /** The visitor's place in line, and the revision it came with (the workspace's; an older one is ignored). */
  position?: number;
  positionRev?: number;
  /** When it was missed. */
  missedAt?: number;
  /** Who the site says the visitor is (`Baton('identify', …)`), verified or their own claim. */
  identity?: VisitorIdentity;
  /** Typing preview was on when the chat began: the visitor's drafts go to its agents. */
  typingPreview?: boolean;
  /** The salted hash of the address the chat came from (blocks). */
  address?: string;
  /** The widget's anonymous id for the visitor's browser. */
  visitorId?: string;
  /** The allowed site the chat was created from (its Origin): the page trail keeps only that site's pages. */
  origin?: string;
  /** Email to the visitor (email-due.ts): the address, what was sent, the unsubscribe. */
  email?: EmailState;
};

/** Statuses in which nobody has the chat and its wait-time alarm runs. */
export const isWaiting = (s: Status) => s === 'waiting' || s === 'unassigned';

export const entryKey = (seq: number) => `e:${String(seq).padStart(10, '0')}`;

/** A friendly stable name for a visitor who did not give one ("Visitor 3F2A"). */
export function generatedVisitorName(conversationId: string): string {
  let h = 0;
  for (const ch of conversationId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `Visitor ${(h % 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The inbox row of a chat. `tail` is the newest part of the log (the room keeps a window in memory); `unread`
 * counts the visitor's messages after the agent's last `seen` (the log keeps that count for the whole chat).
 */
export function summaryOf(meta: Meta, tail: readonly Entry[], unread: number): ConversationSummary {
  let lastMessage: ConversationSummary['lastMessage'] = null;
  const last = tail[tail.length - 1];
  for (let i = tail.length - 1; i >= 0 && !lastMessage; i--) {
    const e = tail[i]!;
    if (e.kind === 'message') lastMessage = { from: e.from, text: e.text.slice(0, 200), at: e.at };
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
    lastActivityAt: last ? last.at : meta.createdAt,
    closedAt: meta.closedAt,
    ...(meta.team !== undefined ? { team: meta.team } : {}),
    ...(meta.routing && meta.routing.mode !== 'manual' ? { routing: meta.routing.mode } : {}),
    ...(meta.missedAt !== undefined ? { missedAt: meta.missedAt } : {}),
    ...(meta.identity?.verified ? { verified: true as const } : {}),
  };
}

/** The visitor's place in line, while the chat waits for an agent. */
export const placeOf = (meta: Pick<Meta, 'status' | 'assignee' | 'position'>) => (isWaiting(meta.status) && meta.assignee === null ? meta.position : undefined);

export function agentView(summary: ConversationSummary, meta: Meta): ConversationView {
  return {
    ...summary,
    workspaceId: meta.workspaceId,
    context: meta.context,
    answers: meta.answers,
    waitUntil: meta.waitUntil,
    lastSeq: meta.lastSeq,
    seen: meta.seen,
    ...(meta.identity ? { identity: meta.identity } : {}),
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
    ...(placeOf(meta) !== undefined ? { position: placeOf(meta) } : {}),
    ...(meta.typingPreview ? { typingPreview: true as const } : {}),
    ...(meta.email?.address ? { emailKnown: true as const } : {}),
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
      out.push({ kind: 'event', seq: e.seq, id: e.id, event: e.event, at: e.at, ...(e.agent ? { agent: { id: 'hidden', name: e.agent.name } } : {}), ...(e.cause ? { cause: e.cause } : {}) });
    }
  }
  return out;
}

/** How long a chat may wait for an agent: the playbook's wait time (older rooms: what their first deadline was). */
export const waitMsOf = (m: Pick<Meta, 'waitSeconds' | 'waitUntil' | 'createdAt'>) =>
  m.waitSeconds !== undefined ? m.waitSeconds * 1000 : Math.max(30_000, (m.waitUntil ?? m.createdAt + 30_000) - m.createdAt);
