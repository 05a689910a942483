import type { Entry, MessageEntry, Status } from '../../protocol/model';
import type { Connect, TransportListener } from '../../widget/socket';

/**
 * An in-memory conversation room with the real room's visitor-facing rules: hello → welcome with the
 * entries after lastSeq, send → stored once per id and acked (again for a duplicate), entries broadcast.
 * Frames from the room are queued and delivered by `flush()`, so a test can drop them in between.
 */
export class FakeRoom {
  entries: Entry[] = [];
  status: Status = 'waiting';
  agentName: string | null = null;
  seenByAgent = 0;
  /** The workspace's Typing preview, as the room's view says it. */
  typingPreview = false;
  /** Frames the room received, parsed, in order. */
  received: Record<string, unknown>[] = [];
  /** Issue 16: the visitor rated the chat (`rate`), and what they said. */
  rated = false;
  rating: { score: number; comment?: string } | null = null;
  /** Issue 15: the chat's email address (`emailKnown` in the view), the workspace's "transcripts on request" switch, and what was asked. */
  email: string | null = null;
  transcriptsOff = false;
  transcripts: string[] = [];
  /** Set, every new message is refused with this error (nothing stored), as the room's caps do. */
  refuseWith: { code: string; message: string } | null = null;
  private conn: { listeners: Set<TransportListener>; outbox: string[]; open: boolean } | null = null;
  private ids = new Map<string, number>();

  constructor(readonly token = 'visitor-token') {}

  readonly connect: Connect = () => {
    const conn = { listeners: new Set<TransportListener>(), outbox: [] as string[], open: true };
    this.conn = conn;
    queueMicrotask(() => conn.open && conn.listeners.forEach((l) => l.open?.()));
    return {
      send: (data) => {
        if (conn.open) this.onFrame(JSON.parse(data));
        return conn.open;
      },
      subscribe: (l) => {
        conn.listeners.add(l);
        return () => conn.listeners.delete(l);
      },
      reconnect: () => {},
      close: () => {
        conn.open = false;
      },
    };
  };

  /** Delivers the queued frames to the widget. */
  flush() {
    const conn = this.conn;
    if (!conn) return;
    for (const frame of conn.outbox.splice(0)) conn.listeners.forEach((l) => l.message?.(frame));
  }

  /** Loses the queued frames and the connection, as a network drop does. */
  drop(code = 1006, willRetry = true) {
    const conn = this.conn;
    if (!conn) return;
    conn.outbox.length = 0;
    conn.open = false;
    this.conn = null;
    conn.listeners.forEach((l) => l.close?.(code, willRetry));
  }

  /** The agent (or the room) appends entries. */
  append(...made: ((seq: number) => Entry)[]) {
    const base = this.lastSeq + 1;
    const fresh = made.map((make, i) => make(base + i));
    this.entries.push(...fresh);
    this.push({ type: 'entries', entries: fresh });
  }

  agentSays(text: string, name = this.agentName ?? 'Agent') {
    this.append((seq): MessageEntry => ({ kind: 'message', seq, id: `a${seq}`, from: 'agent', authorName: name, text, at: 1_000 + seq }));
  }

  setState(status: Status, agentName = this.agentName) {
    this.status = status;
    this.agentName = agentName;
    this.push({ type: 'state', role: 'visitor', conversation: this.view() });
  }

  push(frame: object) {
    this.conn?.outbox.push(JSON.stringify(frame));
  }

  get lastSeq() {
    return this.entries.at(-1)?.seq ?? 0;
  }

  visitorMessages() {
    return this.entries.filter((e): e is MessageEntry => e.kind === 'message' && e.from === 'visitor').map((e) => e.text);
  }

  private view() {
    return {
      id: 'conv1',
      status: this.status,
      agentName: this.agentName,
      closedAt: null,
      lastSeq: this.lastSeq,
      seenByAgent: this.seenByAgent,
      ...(this.typingPreview ? { typingPreview: true } : {}),
      ...(this.rated ? { rated: true } : {}),
      ...(this.email ? { emailKnown: true } : {}),
    };
  }

  /** A refusal as the rooms send it: an error frame whose problem names why (contract-wave2.md). */
  private refuse(ref: unknown, code: string, problem: string) {
    this.push({ type: 'error', code, message: problem, problem: { code: problem }, ...(ref ? { ref } : {}) });
  }

  /** The contract's rules for `rate` and `transcript-request` (the rooms' own tests cover the real ones). */
  private command(frame: Record<string, unknown>) {
    const ref = frame.ref;
    if (frame.type === 'rate') {
      if (this.status !== 'closed') return this.refuse(ref, 'invalid-transition', 'not-closed');
      if (this.rated) return this.refuse(ref, 'conflict', 'already-rated');
      this.rated = true;
      this.rating = { score: frame.score as number, ...(frame.comment ? { comment: frame.comment as string } : {}) };
      this.push({ type: 'ok', ref });
      return this.push({ type: 'state', role: 'visitor', conversation: this.view() });
    }
    if (this.transcriptsOff) return this.refuse(ref, 'unavailable', 'email-off');
    if (!this.email && !frame.email) return this.refuse(ref, 'invalid-field', 'email-needed');
    if (this.transcripts.length >= 3) return this.refuse(ref, 'rate-limited', 'transcript-limit');
    const known = !!this.email;
    this.email ??= frame.email as string;
    this.transcripts.push(this.email);
    this.push({ type: 'ok', ref });
    if (!known) this.push({ type: 'state', role: 'visitor', conversation: this.view() });
  }

  private onFrame(frame: Record<string, unknown>) {
    this.received.push(frame);
    if (frame.type === 'rate' || frame.type === 'transcript-request') return this.command(frame);
    if (frame.type === 'hello') {
      if (frame.token !== this.token) return this.drop(4001, false);
      const after = this.entries.filter((e) => e.seq > (frame.lastSeq as number));
      return this.push({ type: 'welcome', role: 'visitor', v: 1, conversation: this.view(), entries: after });
    }
    if (frame.type === 'send') {
      const id = frame.id as string;
      const known = this.ids.get(id);
      if (known !== undefined) return this.push({ type: 'ack', id, seq: known });
      if (this.refuseWith) return this.push({ type: 'error', ...this.refuseWith, ref: id });
      if (this.status === 'closed' || this.status === 'missed') {
        return this.push({ type: 'error', code: 'conversation-closed', message: 'This conversation is closed', ref: id });
      }
      const seq = this.lastSeq + 1;
      this.ids.set(id, seq);
      const entry: MessageEntry = { kind: 'message', seq, id, from: 'visitor', text: frame.text as string, at: 1_000 + seq };
      this.entries.push(entry);
      this.push({ type: 'entries', entries: [entry] });
      this.push({ type: 'ack', id, seq });
    }
  }
}

/** A Map-backed localStorage. */
export class MemoryStorage {
  map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}
