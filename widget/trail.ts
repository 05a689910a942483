import type { PageView, VisitStart } from '../protocol/trail';
import type { KeyValue } from './outbox';

/** A visit ends after this long without a page of the site (as analytics count sessions). */
const VISIT_QUIET_MS = 30 * 60_000;
/** Views kept for a batch not yet sent, and how long a batch gathers. */
const BATCH_MAX = 20;
const BATCH_MS = 1_000;

const cut = (s: string, n: number) => s.slice(0, n);

/**
 * Where this visit began: the first page of the site after 30 minutes without one, its referrer and UTM
 * parameters. Kept in storage (refreshed on each page) so a chat started later on another page carries it.
 */
export function visitStart(storage: KeyValue, key: string, now: number, href: string, referrer: string): VisitStart {
  let visit: (VisitStart & { last: number }) | null = null;
  try {
    visit = JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    visit = null;
  }
  if (!visit || !(now - visit.last < VISIT_QUIET_MS)) {
    const q = new URL(href).searchParams;
    const utm: Record<string, string> = {};
    for (const k of ['source', 'medium', 'campaign', 'term', 'content']) {
      const value = q.get(`utm_${k}`);
      if (value) utm[k] = cut(value, 200);
    }
    visit = { landingPage: cut(href, 2_000), referrer: cut(referrer, 2_000), at: now, ...(Object.keys(utm).length ? { utm } : {}), last: now };
  }
  visit.last = now;
  try {
    storage.setItem(key, JSON.stringify(visit));
  } catch {
    // Storage blocked: this page is the visit's start.
  }
  const { last: _last, ...start } = visit;
  return start;
}

/**
 * Page views while a chat is open, in batches: a new URL is queued (the same one twice in a row once), and the
 * batch goes after a second of quiet, or when `send` can take it (false: not connected; kept, bounded, for later).
 */
export class PageBatcher {
  private queue: PageView[] = [];
  private last = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private send: (pages: PageView[]) => boolean,
    private now: () => number,
  ) {}

  view(url: string, title: string): void {
    if (url === this.last) return;
    this.last = url;
    this.queue = [...this.queue, { url: cut(url, 2_000), ...(title ? { title: cut(title, 300) } : {}), at: this.now() }].slice(-BATCH_MAX);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    if (this.queue.length && this.send(this.queue)) this.queue = [];
  }
}

/** Calls `changed` after each History API navigation of a single-page app (pushState, replaceState, back/forward). */
export function watchHistory(changed: () => void): void {
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      changed();
    };
  }
  addEventListener('popstate', changed);
}
