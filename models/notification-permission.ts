import { browser } from 'wxt/browser';

/** Remembers that the agent said "not now" to desktop notifications, until they revisit it. */
export const PROMPT_KEY = 'notificationPrompt';

export type PermissionApi = { contains(): Promise<boolean>; request(): Promise<boolean> };
export type PromptState = 'granted' | 'ask' | 'refused';

const NOTIFICATIONS = { permissions: ['notifications' as const] };

/** The real optional permission. `request` must run inside a click (a user gesture). */
export const browserNotificationPermission: PermissionApi = {
  contains: () => browser.permissions.contains(NOTIFICATIONS),
  request: () => browser.permissions.request(NOTIFICATIONS),
};

export async function promptState(api: PermissionApi): Promise<PromptState> {
  if (await api.contains()) return 'granted';
  const got = await browser.storage.local.get(PROMPT_KEY);
  return got[PROMPT_KEY] === 'refused' ? 'refused' : 'ask';
}

/** Asks the browser; a "Block" in the browser's own prompt is remembered like our "Not now". */
export async function allowNotifications(api: PermissionApi): Promise<PromptState> {
  const granted = await api.request().catch(() => false);
  if (granted) {
    await browser.storage.local.remove(PROMPT_KEY);
    return 'granted';
  }
  await browser.storage.local.set({ [PROMPT_KEY]: 'refused' });
  return 'refused';
}

export async function refuseNotifications(): Promise<void> {
  await browser.storage.local.set({ [PROMPT_KEY]: 'refused' });
}

/** "Turn on desktop notifications" in settings: ask again next time. */
export async function revisitNotifications(): Promise<void> {
  await browser.storage.local.remove(PROMPT_KEY);
}
