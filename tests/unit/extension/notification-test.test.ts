import { describe, expect, it } from 'vitest';
import { defaultNotificationSettings } from '../../../protocol';
import { runNotificationTest, TEST_NOTIFICATION_PREFIX, type NotificationsApi, type NotifyTestDeps, type SoundResult } from '../../../models/notification-test';
import { conversationOfNotification } from '../../../models/notify-rules';

const TEXT = { title: 'Baton: test notification', message: 'Desktop notifications work.' };
const online = { online: true, settings: { ...defaultNotificationSettings(), sound: true } };

/** The browser's notifications API as a test wants it: what `getPermissionLevel` says, whether `create` throws. */
function fakeNotifications(level?: string, fail?: string) {
  const created: { id: string; options: Parameters<NotificationsApi['create']>[1] }[] = [];
  const api: NotificationsApi = {
    create: async (id, options) => {
      if (fail) throw new Error(fail);
      created.push({ id, options });
      return id;
    },
    ...(level ? { getPermissionLevel: async () => level } : {}),
  };
  return { api, created };
}

function deps(over: Partial<NotifyTestDeps> & { granted?: boolean } = {}): NotifyTestDeps {
  const { api } = fakeNotifications('granted');
  return {
    permission: { contains: async () => over.granted ?? true },
    notifications: () => api,
    sound: async (): Promise<SoundResult> => 'played',
    iconUrl: 'chrome-extension://x/icon/128.png',
    now: () => 42,
    ...over,
  };
}

describe('Test notifications', () => {
  it('shows a real, silent notification (the chime is the sound tested) that a click does not take for a chat', async () => {
    const { api, created } = fakeNotifications('granted');
    const report = await runNotificationTest(deps({ notifications: () => api }), online, TEXT);
    expect(report).toEqual({ desktop: { shown: true }, sound: 'played', away: false, allOff: false, soundOff: false });
    expect(created).toEqual([{ id: `${TEST_NOTIFICATION_PREFIX}42`, options: { type: 'basic', iconUrl: 'chrome-extension://x/icon/128.png', ...TEXT, silent: true } }]);
    expect(conversationOfNotification(created[0]!.id)).toBeNull();
  });

  it('permission not granted (or the API not there yet): says so, shows nothing', async () => {
    const { api, created } = fakeNotifications('granted');
    expect((await runNotificationTest(deps({ granted: false, notifications: () => api }), online, TEXT)).desktop).toEqual({ shown: false, why: 'permission' });
    expect((await runNotificationTest(deps({ notifications: () => undefined }), online, TEXT)).desktop).toEqual({ shown: false, why: 'permission' });
    expect(created).toEqual([]);
  });

  it('notifications turned off for Baton in the browser (Chrome’s permission level): says so', async () => {
    const { api, created } = fakeNotifications('denied');
    expect((await runNotificationTest(deps({ notifications: () => api }), online, TEXT)).desktop).toEqual({ shown: false, why: 'denied' });
    expect(created).toEqual([]);
  });

  it('a browser without getPermissionLevel (Firefox) just shows it; one whose create fails says why', async () => {
    const firefox = fakeNotifications(undefined);
    expect((await runNotificationTest(deps({ notifications: () => firefox.api }), online, TEXT)).desktop).toEqual({ shown: true });
    const broken = fakeNotifications('granted', 'Unable to download all specified images.');
    expect((await runNotificationTest(deps({ notifications: () => broken.api }), online, TEXT)).desktop).toEqual({ shown: false, why: 'failed', detail: 'Unable to download all specified images.' });
  });

  it('starts the sound before anything is awaited (the click’s gesture), and reports it', async () => {
    const order: string[] = [];
    const running = runNotificationTest(
      deps({
        sound: async (): Promise<SoundResult> => (order.push('sound'), 'blocked'),
        permission: { contains: async () => (order.push('permission'), true) },
      }),
      online,
      TEXT,
    );
    expect(order).toEqual(['sound', 'permission']);
    expect((await running).sound).toBe('blocked');
    expect((await runNotificationTest(deps({ sound: () => Promise.reject(new Error('no audio')) }), online, TEXT)).sound).toBe('unavailable');
  });

  it('says what else keeps alerts away: Away, all notifications off, Sound off', async () => {
    const settings = defaultNotificationSettings();
    expect(await runNotificationTest(deps(), { online: false, settings }, TEXT)).toMatchObject({ away: true, allOff: false, soundOff: true });
    // With everything off, "Sound off" is not said on top.
    expect(await runNotificationTest(deps(), { online: true, settings: { ...settings, enabled: false } }, TEXT)).toMatchObject({ away: false, allOff: true, soundOff: false });
  });
});
