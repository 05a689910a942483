/**
 * The one retry delay every client and the server use: the widget's socket, the extension's sockets
 * (partysocket, see models/transport.ts) and the CRM calls (party/crm/retry.ts). Pure math, no timers.
 *
 * Exponential backoff with **equal jitter**: the ceiling `c = min(cap, base · 2^attempt)` doubles with
 * each failed attempt, and the delay is drawn uniformly from `[c/2, c]`: half fixed, half random.
 *
 * Why equal jitter and not full jitter (`[0, c]`, AWS's "Exponential Backoff And Jitter", 2015): full
 * jitter does slightly less total work when many clients fight over one lock, but it may retry at once
 * (a delay near 0), and a retry right after a room closed us or a CRM answered 5xx only adds load. Equal
 * jitter still spreads a crowd (a deploy drops every visitor at the same instant: their first retries
 * spread over `[base/2, base]`) while guaranteeing each wait is at least half the ceiling.
 */

/** Reconnecting sockets (widget and extension alike): the first retry within 0.5–1 s, never more than 30 s apart. */
export const SOCKET_BASE_MS = 1_000;
export const SOCKET_CAP_MS = 30_000;

/**
 * How long to wait before the next try, in whole ms. `attempt` counts the retries already made since the
 * last success: 0 before the first retry. `random` returns a number in [0, 1] (Math.random's [0, 1) by
 * default). Any attempt gives a delay within [0, cap]: the exponent stops at 52, long past any cap, so
 * `base · 2^n` stays finite (never Infinity, nor NaN with a base of 0); a negative or NaN attempt counts as 0.
 * Positional parameters rather than an options object: the widget's bundle pays for every byte.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt > 0 ? Math.min(attempt, 52) : 0));
  return Math.round((ceiling * (1 + random())) / 2);
}
