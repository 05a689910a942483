import { folderOf, type NotificationSettings } from '../protocol';
import { SETTING } from './notify-rules';
import type { NotifyFrame, WorkspaceFrame } from './workspace-client';

/** At most one chime in this many milliseconds: a burst of messages makes one sound. */
export const CHIME_GAP_MS = 2_000;

export type ChimeContext = {
  meId: string | null;
  online: boolean;
  settings: NotificationSettings;
  /** `Date.now()` as the frame arrives. */
  now: number;
  /** When this panel last chimed, or null. */
  lastChimeAt: number | null;
};

export type ChimeDecision = { chime: true } | { chime: false; why: string };

/**
 * The events the side panel chimes for: a visitor writing in one of my chats, a new chat waiting in Unassigned,
 * and any reminder that asks for a sound (`Re-notify every`: a chat still waiting, for me or for someone). Not a
 * first `assigned-to-you` (someone else acted; the desktop notification covers it). The background reads this
 * too, to show the same events' notifications silent while a panel chimes.
 */
export function panelChimesFor(frame: Pick<NotifyFrame, 'event' | 'sound'>): boolean {
  return frame.sound === true || frame.event === 'new-message' || frame.event === 'new-unassigned';
}

/**
 * Whether a frame from the panel's workspace socket plays the chime. Only `notify` can: the room sends
 * it live, once, to the agent's sockets, never in a `welcome` or its pages, so the list a panel gets
 * on open or on reconnect (however many unread messages it shows) stays silent. The agent's own
 * messages never make a `notify` (the room skips the actor); a summary whose last message is an
 * agent's is refused too, in case one slips through.
 */
export function decideChime(frame: WorkspaceFrame, ctx: ChimeContext): ChimeDecision {
  if (frame.type !== 'notify') return { chime: false, why: 'not-live' };
  if (!panelChimesFor(frame)) return { chime: false, why: 'event' };
  // "Sound" sits under the master switch in the options page, and follows the per-kind switches; a reminder
  // asking for a sound plays it with "Sound" off, never with all notifications off.
  if (!ctx.settings.enabled || !(ctx.settings.sound || frame.sound)) return { chime: false, why: 'sound-off' };
  if (!ctx.settings[SETTING[frame.event]]) return { chime: false, why: 'kind-off' };
  if (!ctx.meId) return { chime: false, why: 'offline' };
  const c = frame.conversation;
  const folder = folderOf(ctx.meId, c);
  if (frame.event === 'new-unassigned') {
    if (!ctx.online) return { chime: false, why: 'offline' };
    if (folder !== 'unassigned') return { chime: false, why: 'not-unassigned' };
  } else {
    if (folder !== 'mine') return { chime: false, why: 'not-mine' };
    if (frame.event === 'new-message' && c.lastMessage && c.lastMessage.from !== 'visitor') return { chime: false, why: 'own-message' };
  }
  if (ctx.lastChimeAt !== null && ctx.now - ctx.lastChimeAt < CHIME_GAP_MS) return { chime: false, why: 'throttled' };
  return { chime: true };
}
