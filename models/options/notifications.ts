import type { NotificationSettings } from '../../protocol';

export type NotificationEvent = 'newUnassigned' | 'assignedToMe' | 'newMessage';
export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = ['newUnassigned', 'assignedToMe', 'newMessage'];

/** The next settings after flipping one switch. `enabled` is the master switch ("all notifications"). */
export function withSwitch(s: NotificationSettings, key: keyof NotificationSettings, on: boolean): NotificationSettings {
  return { ...s, [key]: on };
}

/** "Turn all off": the master switch off; each event keeps its choice for when they come back on. */
export const allOff = (s: NotificationSettings): NotificationSettings => ({ ...s, enabled: false });

/** Whether an event would notify with these settings. */
export const notifies = (s: NotificationSettings, event: NotificationEvent) => s.enabled && s[event];
