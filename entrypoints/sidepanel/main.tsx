import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { defaultNotificationSettings } from '../../protocol';
import { PENDING_OPEN_KEY } from '../../models/background-service';
import { PanelChime } from '../../ui/sidepanel/panel-chime';
import { allowNotifications, browserNotificationPermission, promptState, refuseNotifications, revisitNotifications, type PromptState } from '../../models/notification-permission';
import { runNotificationTest, type NotificationsApi } from '../../models/notification-test';
import { PanelModel } from '../../models/panel-model';
import { StatusPrefs } from '../../models/status-prefs';
import { CONNECTION_KEY, SessionManager } from '../../models/session';
import { partyTransport } from '../../models/transport';
import { texts } from '../../models/i18n';
import { App } from '../../ui/sidepanel/App';
import '../../ui/sidepanel/sidepanel.css';

// The panel keeps its own workspace socket: it lives as long as the panel is open, while the
// service worker may be stopped at any moment (see docs/extension.md).
const model = new PanelModel({ session: new SessionManager(), makeTransport: (a) => partyTransport(a) });
const focused = signal(document.hasFocus() && document.visibilityState === 'visible');
const prompt = signal<PromptState | null>(null);
const prefs = new StatusPrefs();
void prefs.load();
document.documentElement.lang = texts().lang;

const updateFocus = () => (focused.value = document.hasFocus() && document.visibilityState === 'visible');
addEventListener('focus', updateFocus);
addEventListener('blur', updateFocus);
document.addEventListener('visibilitychange', updateFocus);
// Nothing typed in the details panel is lost when the panel closes.
addEventListener('pagehide', () => void model.chat.value?.draft.flush());

async function openPending() {
  const got = await browser.storage.local.get(PENDING_OPEN_KEY);
  const id = got[PENDING_OPEN_KEY];
  if (typeof id !== 'string') return;
  await browser.storage.local.remove(PENDING_OPEN_KEY);
  model.openChat(id);
}

browser.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (CONNECTION_KEY in changes) void model.start();
  if (changes[PENDING_OPEN_KEY]?.newValue) void openPending();
});

// Sound on new messages, while the panel is open: the AudioContext starts on the first click or key press.
const chime = new PanelChime({ target: document });
effect(() => {
  const ws = model.workspace.value;
  if (!ws) return;
  return ws.onFrame((frame) => {
    chime.frame(frame, { meId: ws.me.peek()?.id ?? null, online: ws.online.peek(), settings: ws.settings.peek() });
  });
});

// Tell the background which chat is in front of the agent, so it skips its message notifications,
// and whether this panel chimes, so it shows those notifications silent (one sound, not two).
let port: ReturnType<typeof browser.runtime.connect> | null = null;
const reportFocus = () => {
  const chat = model.chat.value;
  try {
    port ??= connectPort();
    const chimes = chime.ready.value && model.workspace.value?.status.value === 'connected';
    port.postMessage({ type: 'focus', conversationId: focused.value && chat ? chat.id : null, chime: chimes });
  } catch {
    port = null;
  }
};
function connectPort() {
  const p = browser.runtime.connect({ name: 'sidepanel' });
  p.onDisconnect.addListener(() => {
    port = null;
    // The service worker restarted: say it again so it knows.
    setTimeout(reportFocus, 1_000);
  });
  return p;
}
effect(reportFocus);

// Ask for desktop notifications once we are connected to a workspace.
effect(() => {
  if (model.workspace.value?.status.value === 'connected' && prompt.value === null) {
    void promptState(browserNotificationPermission).then((s) => (prompt.value = s));
  }
});

/** `Test notifications`, inside the button's click: a real notification and the chime, and what stops them. */
function testNotifications() {
  const ws = model.workspace.peek();
  const t = texts().notify;
  return runNotificationTest(
    {
      permission: browserNotificationPermission,
      // Read now: Chrome adds the API once the optional permission is granted.
      notifications: () => browser.notifications as unknown as NotificationsApi | undefined,
      sound: () => chime.test(),
      iconUrl: browser.runtime.getURL('/icon/128.png'),
    },
    { online: ws?.online.peek() ?? false, settings: ws?.settings.peek() ?? defaultNotificationSettings() },
    { title: t.testTitle, message: t.testBody },
  );
}

function Root() {
  return (
    <App
      model={model}
      focused={focused.value}
      prompt={prompt.value}
      prefs={prefs}
      onTest={testNotifications}
      onAllow={() => allowNotifications(browserNotificationPermission).then((s) => (prompt.value = s))}
      onRefuse={() => void refuseNotifications().then(() => (prompt.value = 'refused'))}
      onRevisit={() => void revisitNotifications().then(() => (prompt.value = 'ask'))}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
    />
  );
}

void model.start().then(openPending);
render(<Root />, document.getElementById('app')!);
