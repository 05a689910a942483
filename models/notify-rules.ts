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

/**
 * Title and body for a notification, in the browser's UI language; ids carry the conversation so a click can open
 * it. A chat waiting (new in Unassigned, or assigned to you) has one id per chat and kind, like a Web notification's
 * tag: a `Re-notify every` reminder (`repeat`) replaces it and shows again, rather than piling up. Messages each get
 * their own.
 */
export function notificationContent(frame: NotifyFrame): { id: string; title: string; message: string } {
  const t = texts().notify;
  const name = displayName(frame.conversation);
  const tag = `conv:${frame.conversation.id}:${frame.event}`;
  switch (frame.event) {
    case 'new-unassigned':
      return frame.repeat ? { id: tag, title: t.stillWaitingTitle, message: t.stillWaitingBody(name) } : { id: tag, title: t.newUnassignedTitle, message: t.newUnassignedBody(name) };
    case 'assigned-to-you':
      return frame.repeat ? { id: tag, title: t.awaitingReplyTitle, message: t.awaitingReplyBody(name) } : { id: tag, title: t.assignedTitle, message: t.assignedBody(name) };
    case 'new-message':
      return { id: `${tag}:${Date.now()}`, title: name, message: frame.text ?? frame.conversation.lastMessage?.text ?? t.newMessageBody };
    default:
      return frame.event satisfies never;
  }
}

/** Whether the notification makes a sound: the agent's `Sound` setting, or a reminder that asks for one. */
export const notificationSound = (frame: NotifyFrame, settings: NotificationSettings): boolean => frame.sound === true || settings.sound;

/** The conversation a notification id points at (null for ids we did not make). */
export function conversationOfNotification(id: string): string | null {
  const m = /^conv:([^:]+):/.exec(id);
  return m ? m[1]! : null;
}
