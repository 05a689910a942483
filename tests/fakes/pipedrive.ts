import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { listings, validators, type Store } from './pipedrive-rules';

/**
 * How the fake misbehaves for the next matching requests. `timeout` never answers (and creates nothing);
 * `{ lost }` makes the item and then loses the answer (never answers, or answers that status): the case
 * where a blind retry would create it twice.
 */
export type Failure = { status: 500 | 502 | 503 } | { status: 429; headers?: Record<string, string> } | 'timeout' | { lost: 'timeout' | 500 | 502 };

type Logged = { method: string; path: string; query: string; hadToken: boolean; status: number; at: number };

/**
 * A fake Pipedrive on a loopback port implementing exactly the endpoints Baton uses, validating bodies
 * as the documented API does (the official client's request models: required fields, types, read-only and
 * unknown fields refused; `x-api-token`, 401 without it), able to fail on command.
 */
export class FakePipedrive {
  readonly store: Store = { persons: [], organizations: [], deals: [], leads: [], notes: [], activities: [] };
  readonly log: Logged[] = [];
  private failures: { match: (method: string, path: string) => boolean; failure: Failure }[] = [];
  private server: Server;
  private nextId = 1;
  url = '';

  constructor(
    readonly token: string,
    readonly companyDomain = 'acme',
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** The next `times` requests matching `method path` (prefix; `*` for any) fail this way. */
  fail(times: number, failure: Failure, route = '*') {
    const [m, p] = route === '*' ? ['*', ''] : route.split(' ');
    for (let i = 0; i < times; i++) this.failures.push({ match: (method, path) => (m === '*' || m === method) && path.startsWith(p ?? ''), failure });
  }

  /** Back to answering normally. */
  heal() {
    this.failures = [];
  }

  count(path: string, method = 'POST') {
    return this.log.filter((l) => l.method === method && l.path === path && l.status < 300).length;
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '39', 'x-ratelimit-reset': '2', ...headers });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const entry: Logged = { method, path: url.pathname, query: url.search, hadToken: req.headers['x-api-token'] === this.token, status: 0, at: Date.now() };
    this.log.push(entry);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      this.send(res, status, body, headers);
    };
    if (url.searchParams.has('api_token') || !entry.hadToken) return reply(401, { success: false, error: 'unauthorized access', errorCode: 401, error_info: 'Please check developers.pipedrive.com' });
    const i = this.failures.findIndex((f) => f.match(method, url.pathname));
    let lost: 'timeout' | 500 | 502 | undefined;
    if (i >= 0) {
      const [{ failure }] = this.failures.splice(i, 1) as [(typeof this.failures)[number]];
      if (failure === 'timeout') {
        entry.status = 599;
        return; // never answered; the client gives up
      }
      if ('lost' in failure) lost = failure.lost;
      else if (failure.status === 429) return reply(429, { success: false, error: 'Request over limit', errorCode: 429 }, { 'x-ratelimit-remaining': '0', 'retry-after': '1', ...failure.headers });
      else return reply(failure.status, { success: false, error: 'Internal server error', errorCode: failure.status });
    }
    if (method === 'POST' && !(req.headers['content-type'] ?? '').startsWith('application/json')) return reply(415, { success: false, error: 'Content-Type must be application/json' });
    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(400, { success: false, error: 'Invalid JSON' });
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) return reply(400, { success: false, error: 'Body must be an object' });
    }
    if (method === 'GET' && url.pathname === '/v1/users/me') return reply(200, { success: true, data: { id: 1, name: 'Fake Owner', company_domain: this.companyDomain, company_name: 'Acme' } });
    if (method === 'GET' && url.pathname === '/api/v2/persons/search') return this.search(url, reply);
    if (method === 'GET' && url.pathname === '/api/v2/organizations/search') return this.searchOrganizations(url, reply);
    const listing = method === 'GET' ? listings[url.pathname] : undefined;
    if (listing) {
      const answer = listing(url.searchParams, this.store);
      return typeof answer === 'string' ? reply(400, { success: false, error: answer, errorCode: 400 }) : reply(200, { success: true, data: answer.length ? answer : null, additional_data: { next_cursor: null } });
    }
    const rule = validators[`${method} ${url.pathname}`];
    if (!rule) return reply(404, { success: false, error: 'Unknown method .' });
    const problem = rule.check(body, this.store);
    if (problem) return reply(400, { success: false, error: problem, errorCode: 400 });
    const id = rule.uuid ? randomUUID() : this.nextId++;
    const item = { ...(rule.stored ? rule.stored(body) : body), id, add_time: rule.timeFormat(new Date()) };
    (this.store[rule.collection] as unknown[]).push(item);
    if (lost === 'timeout') {
      entry.status = 599;
      return; // made, but the answer never comes
    }
    if (lost) return reply(lost, { success: false, error: 'Internal server error', errorCode: lost });
    return reply(rule.created ?? 200, { success: true, data: item });
  }

  private searchOrganizations(url: URL, reply: (s: number, b: unknown) => void) {
    const term = url.searchParams.get('term') ?? '';
    const exact = url.searchParams.get('exact_match') === 'true';
    if (term.length < (exact ? 1 : 2)) return reply(400, { success: false, error: 'term must be at least 2 characters' });
    const fields = (url.searchParams.get('fields') ?? 'name,address,notes').split(',');
    if (fields.some((f) => !['name', 'address', 'notes', 'custom_fields'].includes(f))) return reply(400, { success: false, error: 'Invalid fields' });
    const matches = (s: unknown) => typeof s === 'string' && (exact ? s.toLowerCase() === term.toLowerCase() : s.toLowerCase().includes(term.toLowerCase()));
    const items = this.store.organizations.filter((o) => fields.includes('name') && matches(o.name)).map((o) => ({ result_score: 1, item: { id: o.id, type: 'organization', name: o.name } }));
    reply(200, { success: true, data: { items }, additional_data: { next_cursor: null } });
  }

  private search(url: URL, reply: (s: number, b: unknown) => void) {
    const term = url.searchParams.get('term') ?? '';
    const exact = url.searchParams.get('exact_match') === 'true';
    if (term.length < (exact ? 1 : 2)) return reply(400, { success: false, error: 'term must be at least 2 characters' });
    const fields = (url.searchParams.get('fields') ?? 'name,email,phone').split(',');
    const matches = (s: unknown) => typeof s === 'string' && (exact ? s.toLowerCase() === term.toLowerCase() : s.toLowerCase().includes(term.toLowerCase()));
    const items = this.store.persons
      .filter((p) => (fields.includes('email') && (p.emails ?? []).some((e) => matches(e.value))) || (fields.includes('name') && matches(p.name)))
      .map((p) => {
        const org = this.store.organizations.find((o) => o.id === p.org_id);
        return { result_score: 1, item: { id: p.id, type: 'person', name: p.name, emails: (p.emails ?? []).map((e) => e.value), organization: org ? { id: org.id, name: org.name } : null } };
      });
    reply(200, { success: true, data: { items }, additional_data: { next_cursor: null } });
  }
}
