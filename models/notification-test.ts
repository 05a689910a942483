import type { NotificationSettings } from '../protocol';
import type { PermissionApi } from './notification-permission';

/** The part of `browser.notifications` the test uses; `getPermissionLevel` is Chrome's only. */
export type NotificationsApi = {
  create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string; silent?: boolean }): Promise<string>;
  getPermissionLevel?: () => Promise<string>;
};

/** The chime, tried within the test button's click: heard, held back until a click, or impossible here. */
export type SoundResult = 'played' | 'blocked' | 'unavailable';

export type DesktopResult =
  | { shown: true }
  /** `permission`: Baton may not notify; `denied`: the browser's own setting turned Baton's notifications off; `failed`: `create` threw. */
  | { shown: false; why: 'permission' | 'denied' | 'failed'; detail?: string };

/** What the self-test found, each part in the order the panel says it. */
export type NotifyTestReport = {
  desktop: DesktopResult;
  sound: SoundResult;
  /** The agent is not Online: no routed chats and no notifications, whatever this test shows. */
  away: boolean;
  /** All notifications are off in the options page. */
  allOff: boolean;
  /** `Sound` is off in the options page: notifications are silent and the panel does not chime (reminders still ring). */
  soundOff: boolean;
};

export type NotifyTestDeps = {
  permission: Pick<PermissionApi, 'contains'>;
  /** `browser.notifications`, read when the test runs: Chrome adds it once the optional permission is granted. */
  notifications: () => NotificationsApi | undefined;
  /** Plays the panel's chime (inside the click). */
  sound: () => Promise<SoundResult>;
  iconUrl: string;
  now?: () => number;
};

/** The id of a test notification: a click on it opens nothing (models/notify-rules.ts reads only `conv:` ids). */
export const TEST_NOTIFICATION_PREFIX = 'baton-test:';

/**
 * `Test notifications`: a real desktop notification and the panel's chime, and what would stop either. The sound
 * starts first, while the click's user gesture still holds (the browser allows audio only then). The notification
 * is silent, as it is while the panel chimes: one sound, the one being tested.
 */
export async function runNotificationTest(
  deps: NotifyTestDeps,
  agent: { online: boolean; settings: NotificationSettings },
  text: { title: string; message: string },
): Promise<NotifyTestReport> {
  const sound = deps.sound().catch((): SoundResult => 'unavailable');
  return {
    desktop: await showDesktop(deps, text),
    sound: await sound,
    away: !agent.online,
    allOff: !agent.settings.enabled,
    soundOff: agent.settings.enabled && !agent.settings.sound,
  };
}

async function showDesktop(deps: NotifyTestDeps, text: { title: string; message: string }): Promise<DesktopResult> {
  const granted = await deps.permission.contains().catch(() => false);
  const api = deps.notifications();
  if (!granted || !api) return { shown: false, why: 'permission' };
  try {
    if ((await api.getPermissionLevel?.()) === 'denied') return { shown: false, why: 'denied' };
    await api.create(`${TEST_NOTIFICATION_PREFIX}${(deps.now ?? Date.now)()}`, { type: 'basic', iconUrl: deps.iconUrl, ...text, silent: true });
    return { shown: true };
  } catch (e) {
    return { shown: false, why: 'failed', detail: e instanceof Error ? e.message : String(e) };
  }
}
