import type { EmailPolicy, Entry, MessageEntry } from '../../protocol';

/*
 * When a conversation emails its visitor, as plain rules (no I/O): the room (core.ts) keeps `EmailState` in its
 * meta, asks these functions, and alarm.ts folds `due` into the room's one alarm.
 *
 * An agent's message the visitor has not seen, while the visitor is gone (no widget socket), goes out once the
 * visitor has been gone and the agent quiet for the delay: one email gathers every unseen agent message since the
 * last one (a burst is one email; bot messages never count). Only to an address the visitor gave in this chat
 * (a capture card, the offline form, "Email me this chat") or the site vouched for (verified identity).
 */

/** What a conversation knows of its email (stored in its meta, `email`). */
export type EmailState = {
  v: 1;
  /** The visitor's address for this chat, and where it came from; absent: none, nothing is sent. */
  address?: string;
  source?: 'chat' | 'identity';
  /** The visitor unsubscribed (the link in any email): nothing more is sent. */
  stopped?: true;
  /** The last message sequence an unseen-reply email carried. */
  emailedSeq: number;
  /** When the pending unseen-reply email is due (null: none). */
  due: number | null;
  /** When transcripts were asked for (the caps). */
  transcripts: number[];
  /** Keys of the emails already asked for once (the missed notice, the transcript at close). */
  sent?: string[];
  /** The chat this one continues (an email reply to a closed chat started it). */
  linkedFrom?: string;
};

export const newEmailState = (): EmailState => ({ v: 1, emailedSeq: 0, due: null, transcripts: [] });


export const TRANSCRIPTS_PER_CHAT = 3;
export const TRANSCRIPT_SPACING_MS = 5 * 60_000;

/** The agent messages an unseen-reply email would carry: after what the visitor saw and what was emailed. */
export function unseenAgentMessages(entries: readonly Entry[], seenByVisitor: number, emailedSeq: number): MessageEntry[] {
  const after = Math.max(seenByVisitor, emailedSeq);
  return entries.filter((e): e is MessageEntry => e.kind === 'message' && e.from === 'agent' && e.seq > after);
}

/**
 * When the unseen-reply email is due, or null: never while the visitor is here, nor without an address, after
 * an unsubscribe, or with the setting off. `awaySince`: when the visitor's last socket closed.
 */
export function unseenDue(state: EmailState, policy: EmailPolicy, unseen: readonly MessageEntry[], visitorHere: boolean, awaySince: number): number | null {
  if (visitorHere || !state.address || state.stopped || !policy.on || !policy.unseenReplies || unseen.length === 0) return null;
  const lastAt = unseen[unseen.length - 1]!.at;
  return Math.max(lastAt, awaySince) + policy.delayMs;
}

export type TranscriptRefusal = 'email-off' | 'email-needed' | 'transcript-limit';

/** Whether the visitor may have the transcript now (`given`: an address typed in the request). */
export function transcriptAllowed(state: EmailState, policy: EmailPolicy, given: string | undefined, now: number): TranscriptRefusal | null {
  if (!policy.on || !policy.transcriptOnRequest || state.stopped) return 'email-off';
  if (!state.address && !given) return 'email-needed';
  if (state.transcripts.length >= TRANSCRIPTS_PER_CHAT) return 'transcript-limit';
  const last = state.transcripts[state.transcripts.length - 1];
  if (last !== undefined && now - last < TRANSCRIPT_SPACING_MS) return 'transcript-limit';
  return null;
}

/** Whether a one-off email (the missed notice, the transcript at close) should be asked for. */
export function onceAllowed(state: EmailState, policy: EmailPolicy, kind: 'missed' | 'close'): boolean {
  if (!policy.on || !state.address || state.stopped) return false;
  if (kind === 'missed' ? !policy.missedNotice : !policy.transcriptAtClose) return false;
  return !state.sent?.includes(kind);
}

/** The chat's email after an address came from the visitor (`chat`) or a verified identity: the first one stays. */
export function withAddress(state: EmailState, address: string, source: 'chat' | 'identity'): EmailState {
  if (state.address || !address) return state;
  return { ...state, address: address.trim().toLowerCase(), source };
}
