import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { BackgroundService, HEARTBEAT_MS, REVIVE_ALARM } from '../models/background-service';
import { browserNotificationPermission } from '../models/notification-permission';
import { SessionManager } from '../models/session';
import { partyTransport } from '../models/transport';

type FirefoxSidebar = { sidebarAction?: { open(): Promise<void>; toggle(): Promise<void> }; browserAction?: { onClicked: { addListener(f: () => void): void } } };

/**
 * The window the agent last had in front, known without awaiting: `sidePanel.open()` works only
 * inside the click's user gesture, which ends at the first `await`. Kept up to date from focus
 * changes, read once at start and again each time a notification is shown.
 */
let lastWindowId: number | undefined;
function noteFocusedWindow(): void {
  if (import.meta.env.FIREFOX) return;
  browser.windows
    .getLastFocused()
    .then((w) => {
      if (w.id !== undefined && w.id !== browser.windows.WINDOW_ID_NONE) lastWindowId = w.id;
    })
    .catch((e: unknown) => console.error('Baton: could not read the focused window', e));
}

/** Synchronous up to the browser's open call (see `BackgroundDeps.openPanel`). */
function openPanel(): Promise<void> {
  if (import.meta.env.FIREFOX) return (browser as unknown as FirefoxSidebar).sidebarAction?.open() ?? Promise.resolve();
  // A worker woken by the click itself has not heard back from getLastFocused yet: the current window then.
  return browser.sidePanel.open({ windowId: lastWindowId ?? browser.windows.WINDOW_ID_CURRENT });
}

export default defineBackground(() => {
  const service = new BackgroundService({
    session: new SessionManager(),
    makeTransport: (a) => partyTransport(a),
    permission: browserNotificationPermission,
    openPanel,
    notifying: noteFocusedWindow,
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    idle: browser.idle,
  });

  // Listeners first and synchronously: a stopped worker is woken by these events.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REVIVE_ALARM) void service.alarm();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local') void service.storageChanged(changes);
  });
  // Away after the agent's idle minutes, Online again when they return (models/idle-away.ts).
  browser.idle.onStateChanged.addListener((state) => void service.idleChanged(state));
  // No await before the service opens the panel: the click's user gesture must still be there.
  const listenClicks = () => browser.notifications?.onClicked.addListener((id) => void service.notificationClicked(id));
  listenClicks();
  // `notifications` is optional: its API appears only once the agent allows it.
  browser.permissions.onAdded.addListener((p) => {
    if (p.permissions?.includes('notifications')) listenClicks();
  });
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== 'sidepanel') return;
    port.onMessage.addListener((msg: { type?: string; conversationId?: string | null; chime?: boolean }) => {
      if (msg?.type === 'focus') service.panelReport(port, { conversationId: msg.conversationId ?? null, chime: msg.chime === true });
    });
    port.onDisconnect.addListener(() => service.panelReport(port, null));
  });

  if (!import.meta.env.FIREFOX) {
    browser.windows.onFocusChanged.addListener((id) => {
      if (id !== browser.windows.WINDOW_ID_NONE) lastWindowId = id;
    });
    browser.windows.onRemoved.addListener((id) => {
      if (id === lastWindowId) lastWindowId = undefined;
    });
    noteFocusedWindow();
  }

  if (import.meta.env.FIREFOX) {
    (browser as unknown as FirefoxSidebar).browserAction?.onClicked.addListener(() => void (browser as unknown as FirefoxSidebar).sidebarAction?.toggle());
  } else {
    void browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
  }

  // The alarm revives the socket if the worker was stopped; 30 s is the shortest Chrome allows.
  void browser.alarms.create(REVIVE_ALARM, { periodInMinutes: 0.5 });
  setInterval(() => service.heartbeat(), HEARTBEAT_MS);
  void service.start();
});
