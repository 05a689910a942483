import { RawClient } from './lib';

export type Stored = { outbox: [string, string][]; lastSeq: number };

/**
 * A chat client that behaves like the widget's and the side panel's: an outbox of unacked messages kept in a
 * (simulated) localStorage, replay from the last sequence on reconnect, entries shown once by sequence.
 */
export class SoakClient {
  outbox = new Map<string, string>();
  lastSeq = 0;
  shown = new Map<number, { id: string; from: string }>();
  doubled: string[] = [];
  sock: RawClient | null = null;
  dropAcks = false;
  private connecting: Promise<void> | null = null;

  constructor(
    readonly url: string,
    readonly token: string,
    readonly side: 'visitor' | 'agent',
    readonly store: { value: Stored | null },
    readonly mkId: () => string,
  ) {
    if (store.value) {
      this.outbox = new Map(store.value.outbox);
      // A reloaded page shows the whole conversation again: it replays from 0 (its lastSeq is only a resume hint).
    }
  }

  private persist() {
    this.store.value = { outbox: [...this.outbox], lastSeq: this.lastSeq };
  }

  private merge(entries: any[]) {
    for (const e of entries) {
      if (e.kind !== 'message') continue;
      const prev = this.shown.get(e.seq);
      if (prev && prev.id !== e.id) this.doubled.push(`seq ${e.seq} reused`);
      if (!prev) {
        for (const s of this.shown.values()) if (s.id === e.id && s.from === e.from) this.doubled.push(e.id);
        this.shown.set(e.seq, { id: e.id, from: e.from });
      }
    }
    for (const e of entries) this.lastSeq = Math.max(this.lastSeq, e.seq);
    this.persist();
  }

  connected() {
    return !!this.sock && this.sock.ws.readyState === 1;
  }

  /** (Re)connects until it succeeds, then resends the outbox. */
  connect(): Promise<void> {
    this.connecting ??= (async () => {
      for (let attempt = 0; ; attempt++) {
        const sock = new RawClient(this.url, this.token);
        sock.onFrame = (f) => {
          if (f.type === 'entries') this.merge(f.entries);
          if (f.type === 'ack' && !this.dropAcks) {
            this.outbox.delete(f.id);
            this.persist();
          }
        };
        try {
          const welcome = await sock.open(this.lastSeq);
          if (welcome.type !== 'welcome') throw new Error(`refused: ${welcome.code}`);
          this.merge(welcome.entries);
          this.sock = sock;
          sock.ws.on('close', () => {
            if (this.sock === sock) this.sock = null;
          });
          for (const [id, text] of this.outbox) sock.send({ type: 'send', id, text });
          return;
        } catch {
          sock.close();
          await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** attempt) * (0.5 + Math.random())));
        }
      }
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  send(text: string) {
    const id = this.mkId();
    this.outbox.set(id, text);
    this.persist();
    if (this.connected()) this.sock!.send({ type: 'send', id, text });
    return id;
  }

  kill() {
    this.sock?.close();
    this.sock = null;
  }

  /** Waits until everything this client sent is acked and it holds the room's last sequence. */
  async settle(roomLastSeq: () => Promise<number>, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.connected()) await this.connect();
      if (this.outbox.size === 0 && this.lastSeq >= (await roomLastSeq())) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`client did not settle: outbox ${this.outbox.size}, lastSeq ${this.lastSeq}`);
  }
}
