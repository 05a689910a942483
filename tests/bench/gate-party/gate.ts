// The test party of `npm run bench gate` (tests/bench/output-gate.ts), started by its own `partykit dev`: each
// message asks for one frame back, sent before, while or after a storage write; GET ?n= says whether the write
// of message n is in storage.
import type * as Party from 'partykit/server';

const key = (n: unknown) => `k:${String(n).padStart(12, '0')}`;
const payload = 'x'.repeat(200);

export default class Gate implements Party.Server {
  constructor(readonly room: Party.Room) {}

  onConnect(conn: Party.Connection) {
    conn.send(JSON.stringify({ type: 'hello' }));
  }

  async onRequest(req: Party.Request) {
    const n = new URL(req.url).searchParams.get('n');
    return Response.json({ stored: (await this.room.storage.get(key(n))) !== undefined });
  }

  async onMessage(raw: string | ArrayBuffer | ArrayBufferView, conn: Party.Connection) {
    const m = JSON.parse(String(raw)) as { mode: string; n: number };
    const frame = JSON.stringify({ type: 'r', n: m.n });
    const storage = this.room.storage;
    switch (m.mode) {
      case 'none': // no write at all
        conn.send(frame);
        break;
      case 'sendThenPut': // the frame first, the write in the same turn
        conn.send(frame);
        await storage.put(key(m.n), payload);
        break;
      case 'putSendAwait': // the write started, the frame, then wait for the write
        {
          const p = storage.put(key(m.n), payload);
          conn.send(frame);
          await p;
        }
        break;
      case 'awaitThenSend': // what the rooms do: wait for the write, then send
        await storage.put(key(m.n), payload);
        conn.send(frame);
        break;
      case 'sendThenLaterPut': // control: the frame, then the write 100 ms later (another turn)
        conn.send(frame);
        await new Promise((r) => setTimeout(r, 100));
        await storage.put(key(m.n), payload);
        break;
    }
  }
}
