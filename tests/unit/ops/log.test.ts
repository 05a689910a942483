import { afterEach, describe, expect, it } from 'vitest';
import { DROPPED, ErrorCounts, logEvent, logLine, setLogSink } from '../../../party/log';

const AT = Date.UTC(2026, 10, 30, 12, 0, 0);

describe('party/log: one JSON line per event, nothing personal', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('writes the event, the time and safe fields as one JSON line', () => {
    const line = logLine('conversation-created', { room: 'workspace', ws: 'acme', conv: 'acme.x1y2', n: 3, ok: true }, AT);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ ev: 'conversation-created', at: '2026-11-30T12:00:00.000Z', room: 'workspace', ws: 'acme', conv: 'acme.x1y2', n: 3, ok: true });
  });

  it('never writes a field whose name could hold personal data or a secret', () => {
    const parsed = JSON.parse(
      logLine('auth-refused', { email: 'x', visitorName: 'x', text: 'x', token: 'x', credential: 'x', secret: 'x', setupKey: 'x', phone: 'x', ip: 'x', clientIp: 'x', password: 'x', route: 'hello' }, AT),
    );
    expect(Object.keys(parsed).sort()).toEqual(['at', 'ev', 'route']);
  });

  it('drops values that are not identifier-like: emails, free text, long strings', () => {
    const parsed = JSON.parse(logLine('request-failed', { a: 'vera@example.com', b: 'Vera Visitor', c: 'x'.repeat(81), d: 'ok-id_1.2:3', e: Number.NaN }, AT));
    expect(parsed).toMatchObject({ a: DROPPED, b: DROPPED, c: DROPPED, d: 'ok-id_1.2:3', e: null });
  });

  it('cannot be made to overwrite ev or at, and logs an unknown event as unknown', () => {
    const parsed = JSON.parse(logLine('nope' as never, { ev: 'room-started', at: 'then' }, AT));
    expect(parsed).toEqual({ ev: 'unknown', at: '2026-11-30T12:00:00.000Z' });
  });

  it('logEvent goes to the sink and never throws, even when the sink does', () => {
    const lines: string[] = [];
    restore = setLogSink((l) => lines.push(l));
    logEvent('room-started', { room: 'conversation' }, AT);
    expect(lines).toHaveLength(1);
    restore();
    restore = setLogSink(() => {
      throw new Error('full disk');
    });
    expect(() => logEvent('room-started')).not.toThrow();
  });

  it('ErrorCounts counts error events only, by name, and logs every event', () => {
    const lines: string[] = [];
    restore = setLogSink((l) => lines.push(l));
    const c = new ErrorCounts(AT);
    c.event('auth-refused', { route: 'hello' });
    c.event('auth-refused', { route: 'session' });
    c.event('conversation-created');
    c.event('intent-failed');
    expect(c.snapshot()).toEqual({ 'auth-refused': 2, 'intent-failed': 1 });
    expect(lines).toHaveLength(4);
    expect(c.since).toBe(AT);
  });
});
