import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Delivery = { headers: Record<string, string>; raw: string; body: any };

/** The receiver side of docs/crm.md: verifies `x-baton-signature` over `<timestamp>.<body>` and the timestamp's age. */
export function verifyWebhook(secret: string, raw: string, timestamp: string | undefined, signature: string | undefined, now = Date.now(), toleranceSec = 300): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSec) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A loopback webhook receiver that records deliveries, answers `{id, url}`, and can fail on command. */
export class WebhookReceiver {
  deliveries: Delivery[] = [];
  private failNext = 0;
  private server: Server;
  url = '';
  constructor() {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      if (this.failNext > 0) {
        this.failNext--;
        res.writeHead(503).end();
        return;
      }
      const body = JSON.parse(raw);
      this.deliveries.push({ headers, raw, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `ext-${this.deliveries.length}`, url: `https://crm.example.com/items/${this.deliveries.length}` }));
    });
  }
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }
  fail(times: number) {
    this.failNext += times;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
