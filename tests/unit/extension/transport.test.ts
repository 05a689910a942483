import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONNECT_TIMEOUT_MS, MIN_UPTIME_MS, partyTransport } from '../../../models/transport';
import { backoffDelay, CloseCode, SOCKET_BASE_MS, SOCKET_CAP_MS, type Transport } from '../../../protocol';

/**
 * A WebSocket stand-in for the real PartySocket under test: each `new` is one connection attempt; the
 * test opens, drops or refuses it. Browser-like: `close()` reports its close event later (a task).
 */
class FakeSocket extends EventTarget {
  static all: FakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  readonly sent: string[] = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.all.push(this);
  }
  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }
  close(code = 1000, reason = '') {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    setTimeout(() => this.closed(code, reason), 0);
  }
  // ---- the test's side ----
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  message(data: string) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  /** The server (or the network) ends the connection. */
  closed(code = 1006, reason = '') {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason, wasClean: code !== 1006 }));
  }
}

const RANDOM = 0.5;
const ADDRESS = { server: 'http://127.0.0.1:1999', party: 'workspace', room: 'acme' } as const;

/** Attempts made so far (connections constructed). */
const attempts = () => FakeSocket.all.length;
const last = () => FakeSocket.all.at(-1)!;

function open(): { transport: Transport; events: string[] } {
  const transport = partyTransport(ADDRESS, { WebSocket: FakeSocket as unknown as typeof WebSocket, random: () => RANDOM });
  const events: string[] = [];
  transport.subscribe({
    open: () => events.push('open'),
    message: (d) => events.push(`message ${d}`),
    close: (code, willRetry) => events.push(`close ${code} ${willRetry ? 'retry' : 'stop'}`),
  });
  return { transport, events };
}

/** Advances to just before `ms` from now, checks no attempt was made, then to `ms`, and checks one was. */
async function expectAttemptAfter(ms: number) {
  const before = attempts();
  await vi.advanceTimersByTimeAsync(ms - 1);
  expect(attempts(), `no attempt before ${ms} ms`).toBe(before);
  await vi.advanceTimersByTimeAsync(1);
  expect(attempts(), `an attempt at ${ms} ms`).toBe(before + 1);
}

describe('partyTransport (PartySocket with protocol/backoff)', () => {
  let transports: Transport[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    transports = [];
  });
  afterEach(() => {
    transports.forEach((t) => t.close());
    vi.useRealTimers();
  });
  const start = () => {
    const made = open();
    transports.push(made.transport);
    return made;
  };

  it('connects at once to the room, then waits the shared backoff between failed attempts: the delays PartySocket really waits', async () => {
    const { events } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts()).toBe(1);
    expect(last().url).toMatch(/^ws:\/\/127\.0\.0\.1:1999\/parties\/workspace\/acme\?/);
    const waits: number[] = [];
    for (let retry = 0; retry < 8; retry++) {
      last().closed(1006);
      const delay = backoffDelay(retry, SOCKET_BASE_MS, SOCKET_CAP_MS, () => RANDOM);
      waits.push(delay);
      await expectAttemptAfter(delay);
    }
    // Equal jitter at 0.5: three quarters of 1 s, 2 s, 4 s … up to three quarters of the 30 s cap.
    expect(waits).toEqual([750, 1_500, 3_000, 6_000, 12_000, 22_500, 22_500, 22_500]);
    expect(events.filter((e) => e.startsWith('close'))).toEqual(Array(8).fill('close 1006 retry'));
  });

  it('a connection that stays up MIN_UPTIME_MS starts the backoff over; a shorter one does not', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    last().closed(1006);
    await expectAttemptAfter(750);
    last().closed(1006);
    await expectAttemptAfter(1_500);
    // Up, but dropped before it counted as good: the waits keep growing.
    last().open();
    await vi.advanceTimersByTimeAsync(MIN_UPTIME_MS - 1);
    last().closed(1006);
    await expectAttemptAfter(3_000);
    // Up long enough: the next drop waits the first step again.
    last().open();
    await vi.advanceTimersByTimeAsync(MIN_UPTIME_MS);
    last().closed(1006);
    await expectAttemptAfter(750);
  });

  it('gives up on a connection that does not open within CONNECT_TIMEOUT_MS, and retries it with the backoff', async () => {
    const { events } = start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(CONNECT_TIMEOUT_MS - 1);
    expect(attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all[0]!.readyState).toBeGreaterThanOrEqual(2);
    expect(events).toEqual(['close 1000 retry']);
    await expectAttemptAfter(750);
  });

  it('stops on a fatal close and says so; reconnect() then connects at once', async () => {
    for (const code of [CloseCode.versionMismatch, CloseCode.unauthorized, CloseCode.revoked, CloseCode.notFound]) {
      FakeSocket.all = [];
      const { transport, events } = start();
      await vi.advanceTimersByTimeAsync(0);
      last().open();
      last().closed(code);
      expect(events).toEqual(['open', `close ${code} stop`]);
      await vi.advanceTimersByTimeAsync(10 * SOCKET_CAP_MS);
      expect(attempts()).toBe(1);
      transport.reconnect();
      await vi.advanceTimersByTimeAsync(0);
      expect(attempts()).toBe(2);
      transport.close();
    }
  });

  it('retries the closes that are not fatal (hello deadline, too many sockets, a restart)', async () => {
    const { events } = start();
    await vi.advanceTimersByTimeAsync(0);
    const codes = [CloseCode.helloTimeout, CloseCode.tooManySockets, 1001, 1011];
    for (const [retry, code] of codes.entries()) {
      last().open();
      last().closed(code);
      await expectAttemptAfter(backoffDelay(retry, SOCKET_BASE_MS, SOCKET_CAP_MS, () => RANDOM));
    }
    expect(events.filter((e) => e.startsWith('close'))).toEqual(['close 4002 retry', 'close 4005 retry', 'close 1001 retry', 'close 1011 retry']);
  });

  it('reconnect() during a backoff wait connects now, not at the end of the wait', async () => {
    const { transport } = start();
    await vi.advanceTimersByTimeAsync(0);
    for (let retry = 0; retry < 5; retry++) {
      last().closed(1006);
      await vi.advanceTimersByTimeAsync(backoffDelay(retry, SOCKET_BASE_MS, SOCKET_CAP_MS, () => RANDOM));
    }
    last().closed(1006);
    await vi.advanceTimersByTimeAsync(100);
    expect(attempts()).toBe(6);
    transport.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts()).toBe(7);
    // The wait that was cut short does not fire an extra attempt later.
    await vi.advanceTimersByTimeAsync(SOCKET_CAP_MS);
    expect(attempts()).toBe(7);
  });

  it('reconnect() on a live connection drops it and opens another at once (a ping went unanswered)', async () => {
    const { transport, events } = start();
    await vi.advanceTimersByTimeAsync(0);
    last().open();
    transport.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts()).toBe(2);
    expect(FakeSocket.all[0]!.readyState).toBeGreaterThanOrEqual(2);
    expect(events).toEqual(['open', 'close 1000 retry']);
  });

  it('the browser coming back online ends the wait', async () => {
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    try {
      const { transport } = start();
      await vi.advanceTimersByTimeAsync(0);
      for (let retry = 0; retry < 3; retry++) {
        last().closed(1006);
        await vi.advanceTimersByTimeAsync(backoffDelay(retry, SOCKET_BASE_MS, SOCKET_CAP_MS, () => RANDOM));
      }
      last().closed(1006);
      expect(attempts()).toBe(4);
      target.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(0);
      expect(attempts()).toBe(5);
      // Online again while connected: nothing to do.
      last().open();
      target.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(0);
      expect(attempts()).toBe(5);
      // Closed, it no longer listens.
      transport.close();
      last().closed(1006);
      target.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(SOCKET_CAP_MS);
      expect(attempts()).toBe(5);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('buffers nothing: a frame sent while down is refused (false) and never reaches the next connection before its hello', async () => {
    const { transport } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.send('{"type":"send"}')).toBe(false);
    last().closed(1006);
    expect(transport.send('{"type":"send"}')).toBe(false);
    await vi.advanceTimersByTimeAsync(750);
    transport.subscribe({ open: () => transport.send('{"type":"hello"}') });
    last().open();
    expect(last().sent).toEqual(['{"type":"hello"}']);
    expect(transport.send('{"type":"ping"}')).toBe(true);
  });

  it('close() is for good: reported as not retried, no attempt after, reconnect() does nothing', async () => {
    const { transport, events } = start();
    await vi.advanceTimersByTimeAsync(0);
    last().open();
    transport.close();
    expect(events).toEqual(['open', 'close 1000 stop']);
    transport.reconnect();
    await vi.advanceTimersByTimeAsync(10 * SOCKET_CAP_MS);
    expect(attempts()).toBe(1);
  });

  it('close() during a backoff wait ends the wait without an attempt', async () => {
    const { transport } = start();
    await vi.advanceTimersByTimeAsync(0);
    last().closed(1006);
    transport.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * SOCKET_CAP_MS);
    expect(attempts()).toBe(1);
  });
});
