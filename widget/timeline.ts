import type { Entry } from '../protocol/model';
import type { TranscriptLine } from '../protocol/model';
import type { Strings } from './i18n';
import type { Pending } from './outbox';
import type { Failed } from './chat-model';

export type Item = {
  key: string;
  kind: 'bot' | 'visitor' | 'agent' | 'event';
  text: string;
  at: number;
  /** Who wrote it (bot or agent), for the label above the bubble. */
  name?: string;
  /** Visitor messages only. */
  state?: 'sending' | 'failed' | 'sent' | 'seen';
  /** Failed messages: why, when the visitor can do something about it. */
  note?: string;
  /** Failed for now (too many messages): the visitor may send it again. */
  retry?: boolean;
};

export type TimelineInput = {
  transcript: readonly TranscriptLine[];
  /** Transcript length when the live chat took over, or null while the bot runs alone. */
  handoff: number | null;
  entries: readonly Entry[];
  pending: readonly Pending[];
  failed: readonly (Pending & Partial<Pick<Failed, 'code'>>)[];
  seenByAgent: number;
  botName: string;
  t: Strings;
  /** Outside business hours: the words saying when the team is back, before transcript line `at`. */
  closed?: { at: number; text: string } | null;
  /** The visitor's email, when they gave it: a missed chat says "We'll email you at …". */
  email?: string;
};

/**
 * One list for the window: the bot lines up to the hand-off, then the live chat, then whatever the
 * bot said after it (offline flow). The bot speaks only through the widget's own transcript: the
 * room's copies (the transcript it stored, its offline message) and the hand-off bookkeeping events
 * are left out, so nothing shows twice.
 */
export function timeline(input: TimelineInput): Item[] {
  const { transcript, handoff, t } = input;
  const split = handoff ?? transcript.length;
  const line = (l: TranscriptLine, i: number): Item => ({
    key: `b${i}`,
    kind: l.from,
    text: l.text,
    at: l.at,
    ...(l.from === 'bot' ? { name: input.botName } : {}),
  });
  const lines = (from: number, to: number) => {
    transcript.slice(from, to).forEach((l, i) => {
      if (input.closed?.at === from + i) items.push({ key: 'closed', kind: 'event', text: input.closed.text, at: l.at });
      items.push(line(l, from + i));
    });
  };
  const items: Item[] = [];
  lines(0, split);
  const lastVisitor = input.entries.reduce((s, e) => (e.kind === 'message' && e.from === 'visitor' ? e.seq : s), 0);
  for (const e of input.entries) {
    if (e.kind === 'event') {
      const text =
        e.event === 'joined' && e.agent ? t.joined(e.agent.name)
        : e.event === 'reassigned' && e.agent ? t.reassigned(e.agent.name)
        : e.event === 'unassigned' ? (e.cause === 'no-reply' ? t.noReply : t.unassigned)
        : e.event === 'closed' ? t.closedByAgent
        : e.event === 'missed' && input.email ? t.emailYou(input.email)
        : '';
      if (text) items.push({ key: `s${e.seq}`, kind: 'event', text, at: e.at });
      continue;
    }
    // Transcript copies carry ids t1, t2…; only messages typed during the live chat are new here.
    if (e.from === 'bot' || /^t\d+$/.test(e.id)) continue;
    if (e.from === 'agent') items.push({ key: `s${e.seq}`, kind: 'agent', text: e.text, at: e.at, name: e.authorName ?? '' });
    else {
      const state = e.seq === lastVisitor && input.seenByAgent >= e.seq ? 'seen' : 'sent';
      items.push({ key: `s${e.seq}`, kind: 'visitor', text: e.text, at: e.at, state });
    }
  }
  for (const p of input.pending) items.push({ key: p.id, kind: 'visitor', text: p.text, at: p.at, state: 'sending' });
  for (const p of input.failed) {
    const note = p.code === 'conversation-full' ? t.full : p.code === 'rate-limited' ? t.tooFast : undefined;
    items.push({ key: p.id, kind: 'visitor', text: p.text, at: p.at, state: 'failed', ...(note ? { note } : {}), ...(p.code === 'rate-limited' ? { retry: true } : {}) });
  }
  lines(split, transcript.length);
  if (input.closed && input.closed.at >= transcript.length) items.push({ key: 'closed', kind: 'event', text: input.closed.text, at: transcript[transcript.length - 1]?.at ?? 0 });
  return items;
}
