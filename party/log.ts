/**
 * Structured logs: one JSON line per notable event, on the room's console (`partykit tail`, workerd's stdout,
 * Cloudflare's Workers Logs). No personal data and no secrets, by construction: only known event names, keys
 * that name no personal field, and values that are numbers, booleans or short identifier-like strings (no
 * spaces, no `@`). Anything else is replaced by "[dropped]" — a caller's mistake never reaches the log.
 *
 *   logEvent('conversation-created', { room: 'workspace', ws: 'acme', conv: 'acme.x1y2' })
 *   → {"ev":"conversation-created","at":"2026-…Z","room":"workspace","ws":"acme","conv":"acme.x1y2"}
 */

/** Every event Baton logs. An error event (ERROR_EVENTS) also counts in the workspace's health. */
export const LOG_EVENTS = [
  'room-started',
  'config-missing',
  'conversation-created',
  'conversation-closed',
  'auth-refused',
  'intent-failed',
  'request-failed',
  'site-not-allowed',
  'test-knobs-on',
  'storage-migrated',
  'conversation-erased',
  'visitor-erased',
  'retention-swept',
  'insights-fact-lost',
  'email-attempt',
  'email-capped',
  'email-inbound',
  'email-inbound-dropped',
] as const;
export type LogEvent = (typeof LOG_EVENTS)[number];

/** Events that are something going wrong: counted per kind in the health answer. */
export const ERROR_EVENTS: ReadonlySet<LogEvent> = new Set<LogEvent>(['config-missing', 'auth-refused', 'intent-failed', 'request-failed', 'site-not-allowed', 'insights-fact-lost']);

export type LogValue = string | number | boolean | null;
export type LogFields = Record<string, LogValue | undefined>;

/** Keys that could hold personal data or secrets: never written, whatever their value. */
const FORBIDDEN_KEY = /mail|name|text|message|phone|company|token|credential|secret|key|password|address|^ip|Ip$|comment|answer|detail|identity|user/i;
/** A value that can be logged: an id, a code, a status, an origin-free route (no spaces, no @, short). */
const SAFE_STRING = /^[\w.:/-]{0,80}$/;
export const DROPPED = '[dropped]';

function safeValue(v: LogValue): LogValue {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return SAFE_STRING.test(v) && !v.includes('@') ? v : DROPPED;
}

/** The JSON line for an event (pure: tests read it). Unknown events are logged as such, never thrown. */
export function logLine(ev: LogEvent, fields: LogFields = {}, now = Date.now()): string {
  const out: Record<string, LogValue> = { ev: (LOG_EVENTS as readonly string[]).includes(ev) ? ev : 'unknown', at: new Date(now).toISOString() };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || k === 'ev' || k === 'at' || !/^[a-zA-Z][\w]{0,30}$/.test(k) || FORBIDDEN_KEY.test(k)) continue;
    out[k] = safeValue(v);
  }
  return JSON.stringify(out);
}

/** Where lines go: the console by default; tests swap it. */
export let logSink: (line: string) => void = (line) => console.log(line);
export function setLogSink(sink: (line: string) => void): () => void {
  const before = logSink;
  logSink = sink;
  return () => void (logSink = before);
}

/** Writes one event line. Never throws: logging must not break a room. */
export function logEvent(ev: LogEvent, fields: LogFields = {}, now = Date.now()): void {
  try {
    logSink(logLine(ev, fields, now));
  } catch {
    /* a log line is never worth an error */
  }
}

/** Error events counted since a room started (kept in memory: a restart starts again, `since` says when). */
export class ErrorCounts {
  private counts = new Map<LogEvent, number>();
  constructor(readonly since: number) {}

  /** Logs the event and counts it when it is an error event. */
  event(ev: LogEvent, fields: LogFields = {}, now = Date.now()): void {
    if (ERROR_EVENTS.has(ev)) this.counts.set(ev, (this.counts.get(ev) ?? 0) + 1);
    logEvent(ev, fields, now);
  }

  /** The counts, by event name (only those seen). */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
