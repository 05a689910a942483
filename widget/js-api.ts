import type { Identity } from '../protocol/identity';
import { isSafeName } from '../protocol/text-checks';

/*
 * The site owner's JavaScript API. The snippet defines the one global, a queue, before widget.js arrives:
 *
 *   window.Baton = window.Baton || function () { (Baton.q = Baton.q || []).push(arguments) };
 *   Baton('identify', { id: 'u_42', name: 'Ada', email: 'ada@example.com', userHash: '…' });
 *   Baton('on', 'message-received', (m) => console.log(m.text));
 *   Baton('open');
 *
 * The chat bundle replays that queue and puts its own function in the same global. No other global is taken,
 * and none at all when the site did not write the snippet's line. Every argument is the page's: checked here
 * (types, lengths, characters; the room checks again with the protocol's schemas), a bad call is dropped with
 * a console warning, a throwing handler never breaks the widget.
 */

export const API_EVENTS = ['ready', 'opened', 'closed', 'chat-started', 'message-received', 'chat-ended'] as const;
export type ApiEvent = (typeof API_EVENTS)[number];

/** What the API drives: the widget model. */
export type ApiTarget = { show(open: boolean): void; identify(identity: Identity): void };

/** Handlers per event, and calls replayed from the snippet's queue, at most. */
const MAX_HANDLERS = 20;
const MAX_QUEUE = 100;

const LIMITS: Record<keyof Identity, number> = { id: 200, name: 200, email: 254, phone: 40, company: 200, userHash: 64 };

/**
 * The identify object, each known field kept if it is a short enough string without control or direction
 * characters; null when nothing is left. The room checks the rest (email, phone, the hash's form).
 */
export function cleanIdentity(input: unknown): Identity | null {
  if (!input || typeof input !== 'object') return null;
  const out: Record<string, string> = {};
  for (const key of Object.keys(LIMITS) as (keyof Identity)[]) {
    const raw = (input as Record<string, unknown>)[key];
    // A number id (a database key) is the site's usual id: taken as its decimal text.
    const value = typeof raw === 'number' && key === 'id' && Number.isSafeInteger(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    if (value && value.length <= LIMITS[key] && isSafeName(value)) out[key] = value;
    else if (raw !== undefined) warn(`identify: ${key} ignored`);
  }
  if (out.userHash && !out.id) delete out.userHash;
  return Object.keys(out).length ? (out as Identity) : null;
}

const warn = (what: string) => console.warn(`Baton: ${what}`);

export class JsApi {
  private handlers = new Map<string, Function[]>();

  constructor(private target: ApiTarget) {}

  /** One call, as the site made it: `Baton(command, ...args)`. */
  call(args: ArrayLike<unknown>): void {
    const [command, a, b] = Array.from(args);
    if (command === 'open' || command === 'close') this.target.show(command === 'open');
    else if (command === 'identify') {
      const identity = cleanIdentity(a);
      if (identity) this.target.identify(identity);
    } else if ((command === 'on' || command === 'off') && API_EVENTS.includes(a as ApiEvent) && typeof b === 'function') {
      const list = this.handlers.get(a as string) ?? [];
      const rest = list.filter((f) => f !== b);
      if (command === 'on' && rest.length < MAX_HANDLERS) rest.push(b);
      this.handlers.set(a as string, rest);
    } else warn(`unknown call ${String(command).slice(0, 40)}`);
  }

  /** Tells the site's handlers; what they throw is theirs (logged), never the widget's. */
  emit(event: ApiEvent, data: object = {}): void {
    for (const f of this.handlers.get(event) ?? []) {
      try {
        f({ ...data });
      } catch (e) {
        console.error(e);
      }
    }
  }

  /** Replays the snippet's queue and takes the global over, if the site defined it. */
  install(win: { Baton?: unknown }): void {
    const stub = win.Baton;
    if (typeof stub !== 'function') return;
    const queue = (stub as { q?: unknown }).q;
    const api = this;
    win.Baton = function () {
      // eslint-disable-next-line prefer-rest-params
      api.call(arguments);
    };
    if (Array.isArray(queue)) for (const args of queue.slice(0, MAX_QUEUE)) if (args && typeof args === 'object') this.call(args as ArrayLike<unknown>);
  }
}
