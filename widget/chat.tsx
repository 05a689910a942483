import { effect } from '@preact/signals';
import { render } from 'preact';
import { randomId, visitorContext, widgetApi } from './api';
import { pickLanguage, strings } from './i18n';
import type { KeyValue } from './outbox';
import { reconnectingSocket } from './socket';
import { CHAT_CSS, onAccent } from './styles';
import { App } from './ui/App';
import { WidgetModel } from './widget-model';
import { JsApi } from './js-api';
import { visitStart, watchHistory } from './trail';
import { KIT, type ExtrasHost } from './kit';
import type { ExtrasModule } from './ui/Extra';

/**
 * The chat bundle. loader.ts draws the launcher in a shadow root on a host element marked
 * `data-baton` and loads this script; here we take that shadow root over. No globals are defined (the site's
 * own `Baton` queue is taken over, js-api.ts).
 */
const constructable = 'adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype;

/** Styles for the shadow root: a constructed stylesheet (not subject to CSP style-src) where supported. */
function styler(root: ShadowRoot) {
  if (constructable) {
    const sheets = [CHAT_CSS, ''].map((css) => {
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    });
    root.adoptedStyleSheets = sheets;
    return (css: string) => sheets[1]!.replaceSync(css);
  }
  // Older browsers (Safari < 16.4): <style> elements, which need style-src to allow them under a CSP.
  const [base, accent] = [CHAT_CSS, ''].map((css) => Object.assign(document.createElement('style'), { textContent: css }));
  return (css: string, first = false) => {
    if (first) root.append(base!, accent!);
    accent!.textContent = css;
  };
}

function storage(): KeyValue {
  try {
    localStorage.setItem('baton:probe', '1');
    localStorage.removeItem('baton:probe');
    return localStorage;
  } catch {
    // Blocked storage (sandboxed frame, strict privacy mode): chats last for this page view.
    const map = new Map<string, string>();
    return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
  }
}

/**
 * This script's own URL (loader.ts added it): the on-demand chunk sits beside it, same origin, same query. Read
 * while this script runs; unknown (a tool that rewrote the scripts) only the chunk's parts are missing.
 */
const self = (document.currentScript as HTMLScriptElement | null)?.src;
let extras: Promise<ExtrasModule> | undefined;

/**
 * The on-demand chunk (rating, "Email me this chat"): a <script> beside this bundle, as loader.ts loads this one
 * (so the same CSP script-src), added once when first needed. It gets Preact from this bundle (kit.ts).
 */
const loadExtras = () =>
  (extras ??= new Promise((done) => {
    const script = document.createElement('script') as HTMLScriptElement & { baton: ExtrasHost<ExtrasModule> };
    // The file name is the first "widget-chat.js" in the URL (the loader made it so): the query stays.
    script.src = self!.replace('widget-chat.js', 'widget-extra.js');
    script.baton = { kit: KIT, done };
    // Not fetched (offline…): nothing is drawn, and the next part shown tries again.
    script.onerror = () => {
      extras = undefined;
      script.remove();
    };
    document.head.append(script);
  }));

async function mount(host: HTMLElement) {
  const root = host.shadowRoot;
  const { ws = '', pb = '', base = '' } = host.dataset;
  if (!root || host.dataset.mounted) return;
  host.dataset.mounted = '1';
  const lang = pickLanguage(host.dataset.lang, navigator.language);
  const t = strings(lang);
  let api: JsApi | null = null;
  const store = storage();
  // Where this visit began, refreshed on every page of the site: a chat started later carries it.
  const visit = visitStart(store, `baton:${ws}:visit`, Date.now(), location.href, document.referrer);
  const page = () => ({ href: location.href, title: document.title });
  // This browser's anonymous visitor id for the workspace: its previous conversations, and blocks.
  const vidKey = `baton:${ws}:vid`;
  const visitorId = store.getItem(vidKey) || randomId();
  store.setItem(vidKey, visitorId);
  const model = new WidgetModel({
    emit: (event, data) => api?.emit(event, data),
    api: widgetApi(base, ws),
    playbookId: pb,
    storage: store,
    key: `baton:${ws}:${pb}`,
    strings: t,
    connect: (url) => reconnectingSocket(url),
    context: () => ({ ...visitorContext(), visit }),
    page,
    visitorId,
    newId: randomId,
  });
  root.replaceChildren();
  const setAccent = styler(root);
  setAccent('', true);
  effect(() => {
    const color = model.config.value?.playbook.color ?? '';
    // Checked here too: the colour lands in CSS, so only a plain #rrggbb may pass.
    if (/^#[0-9a-f]{6}$/i.test(color)) setAccent(`:host{--accent:${color};--on-accent:${onAccent(color)}}`);
  });
  render(<App model={model} t={t} lang={lang} extras={loadExtras} />, root as unknown as HTMLElement);
  // The loader's launcher was clicked on this page: the window opens with the focus in it. Opened
  // from storage instead (a reload, another page), it leaves the focus where the page has it.
  const clicked = host.dataset.open === '1';
  model.open.value = model.engaged = clicked;
  await model.init();
  if (model.open.value) model.toggle(true, clicked);
  // The site's `Baton(…)` calls, queued by the snippet until now, then live (js-api.ts); a site outside the
  // playbook's Allowed sites, or a server that did not answer, gets no API.
  if (!model.config.value) return;
  // A single-page app's navigations (only where the widget runs): read once the app has had a moment to set its title.
  watchHistory(() => setTimeout(() => model.pageView(location.href, document.title), 300));
  api = new JsApi(model);
  api.install(window as { Baton?: unknown });
  api.emit('ready');
}

for (const host of document.querySelectorAll<HTMLElement>('[data-baton]')) void mount(host);
