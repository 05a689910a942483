import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import type { CreateConversationRequest, OfflineSubmission, WidgetConfig } from '../../protocol/http';
import type { IdentifyRequest } from '../../protocol/identity';
import { liveChatTemplate } from '../../protocol/playbook';
import type { WidgetApi } from '../../widget/api';
import { strings } from '../../widget/i18n';
import { App } from '../../widget/ui/App';
import type { LoadExtras } from '../../widget/ui/Extra';
import { WidgetModel, type WidgetDeps } from '../../widget/widget-model';
import { FakeRoom, MemoryStorage } from './widget-fake-room';
// Loaded with this helper (not on demand as in the page): a test that ends while a part is drawn leaves no import
// running after its environment is gone.
import * as extrasModule from '../../widget/ui/extras';

const { revision: _r, allowedOrigins: _o, ...playbook } = liveChatTemplate('pb1');
playbook.cards[0] = { id: 'greeting', type: 'message', text: 'Hi **there**' };

/**
 * The three endpoints, in memory; records what the widget posted. Like the workspace, creating a
 * conversation is refused (503 `unavailable`) while nobody is online: set `online` to change that after
 * the config was fetched, as an agent going online or offline does. `attempts` counts every POST.
 */
function fakeApi(available: boolean, reason: WidgetConfig['reason'] = available ? undefined : 'nobody-online', hours: WidgetConfig['hours'] = { open: true }) {
  const created: CreateConversationRequest[] = [];
  const offline: OfflineSubmission[] = [];
  const identified: IdentifyRequest[] = [];
  const state = { online: available, attempts: 0 };
  const api: WidgetApi = {
    config: async () => ({ playbook, available, ...(reason ? { reason } : {}), hours }) satisfies WidgetConfig,
    createConversation: async (req) => {
      state.attempts++;
      if (!hours.open) throw Object.assign(new Error('/conversations: HTTP 503'), { body: { type: 'error', code: 'unavailable', message: 'Outside business hours', hours } });
      if (!state.online || reason === 'origin-not-allowed') throw new Error('/conversations: HTTP 503');
      created.push(req);
      return { conversationId: 'conv1', visitorToken: 'visitor-token', waitUntil: 0 };
    },
    offline: async (req) => (offline.push(req), { ok: true }),
    identify: async (req) => (identified.push(req), { ok: true, verified: false }),
    socketUrl: (id) => `ws://test/${id}`,
  };
  return Object.assign(state, { api, created, offline, identified });
}

const mounted: (() => void)[] = [];

/** Unmounts every widget `mountWidget` drew (call in afterEach): their document listeners go too. */
export function unmountWidgets() {
  for (const unmount of mounted.splice(0)) unmount();
}

export type MountedWidget = Awaited<ReturnType<typeof mountWidget>>;

/** The whole widget (model + UI) in a happy-dom document, against a FakeRoom and in-memory endpoints. */
export async function mountWidget({ available = true, reason = undefined as WidgetConfig['reason'], lang = 'en' as 'en' | 'fr', storage = new MemoryStorage(), room = new FakeRoom(), hours = { open: true } as WidgetConfig['hours'], emit = undefined as WidgetDeps['emit'], extras = (() => Promise.resolve(extrasModule)) as LoadExtras } = {}) {
  const fake = fakeApi(available, reason, hours);
  let n = 0;
  const t = strings(lang);
  const model = new WidgetModel({
    api: fake.api,
    playbookId: 'pb1',
    storage,
    key: 'baton:ws:pb1',
    strings: t,
    connect: () => room.connect(),
    context: () => ({ pageUrl: 'https://shop.example/', referrer: '', language: lang, userAgent: 'test' }),
    newId: () => `id-${String(++n).padStart(8, '0')}`,
    now: () => Date.UTC(2026, 0, 5, 9, 30),
    ...(emit ? { emit } : {}),
  });
  const container = document.createElement('div');
  document.body.append(container);
  const unmount = () => {
    render(null, container);
    container.remove();
    model.chat.value?.stop();
    model.attention.dispose();
  };
  mounted.push(unmount);
  await act(async () => {
    // The on-demand chunk's parts, as a plain import (the built widget fetches public/widget-extra.js instead).
    render(h(App, { model, t, lang, extras }), container);
    await model.init();
  });
  const settle = async () => {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
      room.flush();
    });
  };
  const byLabel = (label: string) => container.querySelector<HTMLElement>(`[aria-label="${label}"]`);
  const button = (text: string) => [...container.querySelectorAll('button')].find((b) => b.textContent === text)!;
  const click = async (el: HTMLElement) => {
    await act(async () => el.click());
    await settle();
  };
  const type = async (text: string, key = 'Enter') => {
    const box = byLabel('Message') as HTMLTextAreaElement;
    await act(async () => {
      box.value = text;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      // A textarea sends on Enter (our handler); an <input> submits its form, which happy-dom does not emulate.
      if (box.tagName === 'TEXTAREA') box.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      else box.closest('form')!.requestSubmit();
    });
    await settle();
  };
  return { model, room, fake, container, storage, byLabel, button, click, type, settle, unmount, log: () => container.querySelector('[role="log"]')! };
}
