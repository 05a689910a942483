import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, CloseCode, SOCKET_BASE_MS, SOCKET_CAP_MS, type Transport } from '../../../protocol';
import { reconnectingSocket } from '../../../widget/socket';

/** The browser's WebSocket, played by the test: each `new` is one attempt; `close()` reports later, like a browser. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  readonly sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    setTimeout(() => this.closed(1005), 0);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  closed(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const attempts = () => FakeSocket.all.length;
const last = () => FakeSocket.all.at(-1)!;
const delay = (retry: number) => backoffDelay(retry, SOCKET_BASE_MS, SOCKET_CAP_MS, () => 0.5);

async function expectAttemptAfter(ms: number) {
  const before = attempts();
  await vi.advanceTimersByTimeAsync(ms - 1);
  expect(attempts(), `no attempt before ${ms} ms`).toBe(before);
  await vi.advanceTimersByTimeAsync(1);
  expect(attempts(), `an attempt at ${ms} ms`).toBe(before + 1);
}

describe('the widget socket (Transport, protocol/backoff)', () => {
  const online = new EventTarget();
  let socket: Transport;
  let events: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    vi.stubGlobal('addEventListener', online.addEventListener.bind(online));
    vi.stubGlobal('removeEventListener', online.removeEventListener.bind(online));
    FakeSocket.all = [];
    socket = reconnectingSocket('wss://chat.example/parties/conversation/c1', FakeSocket as unknown as typeof WebSocket);
    events = [];
    socket.subscribe({
      open: () => events.push('open'),
      message: (d) => events.push(`message ${d}`),
      close: (code, willRetry) => events.push(`close ${code} ${willRetry ? 'retry' : 'stop'}`),
    });
  });
  afterEach(() => {
    socket.close();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('connects at once, then retries after the shared backoff, growing until a connection opens', async () => {
    expect(attempts()).toBe(1);
    for (let retry = 0; retry < 7; retry++) {
      last().closed(1006);
      await expectAttemptAfter(delay(retry));
    }
    last().open();
    last().closed(1006);
    await expectAttemptAfter(delay(0));
    expect(events.filter((e) => e.startsWith('close'))).toEqual(Array(8).fill('close 1006 retry'));
  });

  it('stops on each fatal close and says so; reconnect() then connects at once', async () => {
    for (const code of [CloseCode.versionMismatch, CloseCode.unauthorized, CloseCode.revoked, CloseCode.notFound]) {
      const before = attempts();
      last().open();
      last().closed(code);
      expect(events.at(-1)).toBe(`close ${code} stop`);
      await vi.advanceTimersByTimeAsync(10 * SOCKET_CAP_MS);
      expect(attempts()).toBe(before);
      socket.reconnect();
      expect(attempts()).toBe(before + 1);
    }
  });

  it('reconnect() on a live connection drops it (reported, retried) and connects now', () => {
    last().open();
    socket.reconnect();
    expect(attempts()).toBe(2);
    expect(events).toEqual(['open', 'close 1006 retry']);
  });

  it('the browser coming back online ends the wait; closed, it no longer listens', async () => {
    last().closed(1006);
    online.dispatchEvent(new Event('online'));
    expect(attempts()).toBe(2);
    socket.close();
    last().closed(1006);
    online.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(10 * SOCKET_CAP_MS);
    expect(attempts()).toBe(2);
  });

  it('pings a silent connection, and drops and retries one that stays silent', async () => {
    last().open();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(last().sent).toEqual(['{"type":"ping"}']);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(events).toEqual(['open', 'close 1006 retry']);
    await vi.advanceTimersByTimeAsync(delay(0));
    expect(attempts()).toBe(2);
  });

  it('sends only on an open connection (false otherwise: the chat model keeps the frame)', () => {
    expect(socket.send('{"type":"hello"}')).toBe(false);
    last().open();
    expect(socket.send('{"type":"hello"}')).toBe(true);
    expect(last().sent).toEqual(['{"type":"hello"}']);
  });

  it('close() is for good: not retried, and a late unsubscribe stops the events', async () => {
    const off = socket.subscribe({ open: () => events.push('second') });
    off();
    last().open();
    expect(events).toEqual(['open']);
    socket.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['open', 'close 1005 stop']);
    await vi.advanceTimersByTimeAsync(10 * SOCKET_CAP_MS);
    expect(attempts()).toBe(1);
  });
});
