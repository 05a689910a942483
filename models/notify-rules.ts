import { folderOf, type NotificationSettings } from '../protocol';
import { texts } from './i18n';
import { displayName } from './inbox';
import type { NotifyFrame } from './workspace-client';

export type NotifyContext = {
  meId: string | null;
  online: boolean;
  settings: NotificationSettings;
  /** The optional `notifications` permission is granted. */
  permitted: boolean;
  /** The conversation open in the side panel while the panel has focus, if any. */
  focusedConversationId: string | null;
};

export type NotifyDecision = { show: true } | { show: false; why: string };

/** The per-kind switch of each event (the options page's Notifications section). */
export const SETTING: Record<NotifyFrame['event'], keyof NotificationSettings> = {
  'new-unassigned': 'newUnassigned',
  'assigned-to-you': 'assignedToMe',
  'new-message': 'newMessage',
};

/** Whether a `notify` from the room becomes a desktop notification for this agent, now. */
export function decideNotification(frame: NotifyFrame, ctx: NotifyContext): NotifyDecision {
  if (!ctx.permitted) return { show: false, why: 'permission' };
  if (!ctx.meId || !ctx.online) return { show: false, why: 'offline' };
  if (!ctx.settings.enabled) return { show: false, why: 'all-off' };
  if (!ctx.settings[SETTING[frame.event]]) return { show: false, why: 'kind-off' };
  const c = frame.conversation;
  // The room already filters; checking again keeps a stale or misrouted event from leaking a chat.
  const folder = folderOf(ctx.meId, c);
  if (frame.event === 'new-unassigned' && folder !== 'unassigned') return { show: false, why: 'not-unassigned' };
  if (frame.event !== 'new-unassigned' && folder !== 'mine') return { show: false, why: 'not-mine' };
  if (frame.event === 'new-message' && ctx.focusedConversationId === c.id) return { show: false, why: 'chat-focused' };
  return { show: true };
}

/** Title and body for a notification, in the browser's UI language; ids carry the conversation so a click can open it. */
export function notificationContent(frame: NotifyFrame): { id: string; title: string; message: string } {
  const t = texts().notify;
  const name = displayName(frame.conversation);
  const id = `conv:${frame.conversation.id}:${frame.event}:${Date.now()}`;
  switch (frame.event) {
    case 'new-unassigned':
      return { id, title: t.newUnassignedTitle, message: t.newUnassignedBody(name) };
    case 'assigned-to-you':
      return { id, title: t.assignedTitle, message: t.assignedBody(name) };
    case 'new-message':
      return { id, title: name, message: frame.text ?? frame.conversation.lastMessage?.text ?? t.newMessageBody };
    default:
      return frame.event satisfies never;
  }
}

/** The conversation a notification id points at (null for ids we did not make). */
export function conversationOfNotification(id: string): string | null {
  const m = /^conv:([^:]+):/.exec(id);
  return m ? m[1]! : null;
}
