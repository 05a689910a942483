import type { CreateConversationRequest, CreateConversationResponse, OfflineSubmission, WidgetConfig } from '../protocol/http';
import type { VisitorContext } from '../protocol/model';
import type { IdentifyRequest, IdentifyResult } from '../protocol/identity';

/** The public endpoints the widget calls, all on the server that served widget.js. */
export function widgetApi(base: string, workspace: string, fetcher: typeof fetch = fetch) {
  const url = (path: string) => `${base}/parties/workspace/${encodeURIComponent(workspace)}${path}`;
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetcher(url(path), body === undefined ? undefined : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // The refusal's body rides along: outside business hours it says when the team is back (`hours`).
    if (!res.ok) throw Object.assign(new Error(`${path}: HTTP ${res.status}`), { body: await res.json().catch(() => null) });
    return (await res.json()) as T;
  };
  return {
    config: (playbookId: string) => call<WidgetConfig>(`/widget/${encodeURIComponent(playbookId)}`),
    createConversation: (req: CreateConversationRequest) => call<CreateConversationResponse>('/conversations', req),
    offline: (req: OfflineSubmission) => call<{ ok: true }>('/offline', req),
    identify: (req: IdentifyRequest) => call<IdentifyResult>('/identify', req),
    socketUrl: (conversationId: string) => `${base.replace(/^http/, 'ws')}/parties/conversation/${encodeURIComponent(conversationId)}`,
  };
}
export type WidgetApi = ReturnType<typeof widgetApi>;

const cut = (s: string, n: number) => s.slice(0, n);

/** What the agent sees about the visitor: page, referrer, language, browser, time zone. */
export function visitorContext(): VisitorContext {
  let timezone: string | undefined;
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    timezone = undefined;
  }
  return {
    pageUrl: cut(location.href, 2_000),
    referrer: cut(document.referrer, 2_000),
    language: cut(navigator.language || '', 35),
    userAgent: cut(navigator.userAgent, 500),
    ...(timezone ? { timezone: cut(timezone, 64) } : {}),
    ...(document.title ? { title: cut(document.title, 300) } : {}),
  };
}

/** A url-safe random id for client message ids and offline submission ids. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[b & 63]).join('');
}
