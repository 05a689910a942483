import { isFatalClose, type Transport, type TransportListener } from '../protocol';

/**
 * An in-memory socket for tests: the "server" side sees what the client sent (structured-cloned
 * JSON) and pushes frames back. Delivery is synchronous; `open()`/`drop()` simulate the network.
 * Like the real transports it reports whether it will retry (not after a fatal close nor `close()`);
 * the test plays the retry itself with `open()`. `reconnects` counts the models' `reconnect()` calls.
 */
export class MemoryTransport implements Transport {
  readonly sent: unknown[] = [];
  readonly listeners = new Set<TransportListener>();
  isOpen = false;
  reconnects = 0;
  closedForGood = false;

  send(data: string): boolean {
    if (!this.isOpen) return false;
    this.sent.push(JSON.parse(data));
    return true;
  }
  subscribe(listener: TransportListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  reconnect(): void {
    if (!this.closedForGood) this.reconnects++;
  }
  close(): void {
    this.closedForGood = true;
    if (this.isOpen) this.drop(1000);
  }

  // ---- the test's side ----
  open(): void {
    this.isOpen = true;
    this.listeners.forEach((l) => l.open?.());
  }
  push(frame: unknown): void {
    const data = JSON.stringify(frame);
    this.listeners.forEach((l) => l.message?.(data));
  }
  drop(code = 1006): void {
    this.isOpen = false;
    const willRetry = !this.closedForGood && !isFatalClose(code);
    this.listeners.forEach((l) => l.close?.(code, willRetry));
  }
  /** Frames sent so far of one type. */
  ofType<T = Record<string, unknown>>(type: string): T[] {
    return this.sent.filter((f) => (f as { type?: string }).type === type) as T[];
  }
  last<T = Record<string, unknown>>(): T {
    return this.sent[this.sent.length - 1] as T;
  }
}
