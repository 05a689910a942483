import type { RecordRef } from '../../protocol';
import type { ActivityInput, CrmAdapter, ItemInput, NoteInput, OrganizationInput, PersonInput } from './adapter';
import { callCrm } from './http-call';
import { noteText } from './visit';

export type WebhookConfig = { url: string; secret: string; workspaceId: string; timeoutMs: number };
export const SIGNATURE = 'x-baton-signature';
export const TIMESTAMP = 'x-baton-timestamp';
export const DELIVERY = 'x-baton-delivery';

const enc = new TextEncoder();

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the timestamp is signed too, against replays. */
export async function webhookSignature(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(`${timestamp}.${body}`)));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Any CRM through a signed webhook: each created item is POSTed as JSON. The receiver may answer
 * `{id, url}` to give its own id and link; otherwise the delivery id stands for it. `x-baton-delivery`
 * stays the same across retries, so a receiver can drop duplicates.
 */
export class WebhookCrm implements CrmAdapter {
  readonly target = 'webhook';
  constructor(private c: WebhookConfig) {}

  private async post(kind: RecordRef['kind'], title: string, data: object, key: string): Promise<RecordRef> {
    const body = JSON.stringify({ id: key, event: `${kind}.created`, kind, workspaceId: this.c.workspaceId, data, sentAt: new Date().toISOString() });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const answer = await callCrm({
      method: 'POST',
      url: this.c.url,
      headers: { 'content-type': 'application/json', [TIMESTAMP]: timestamp, [SIGNATURE]: await webhookSignature(this.c.secret, timestamp, body), [DELIVERY]: key },
      body,
      timeoutMs: this.c.timeoutMs,
      label: `Webhook ${kind}`,
    });
    const a = (answer && typeof answer === 'object' ? answer : {}) as { id?: unknown; url?: unknown };
    const id = typeof a.id === 'string' || typeof a.id === 'number' ? String(a.id) : key;
    return { kind, id, title, ...(typeof a.url === 'string' && /^https?:\/\//.test(a.url) ? { url: a.url } : {}) };
  }

  createPerson(input: PersonInput, key: string) {
    return this.post('person', input.name, input, key);
  }
  createOrganization(input: OrganizationInput, key: string) {
    return this.post('organization', input.name, input, key);
  }
  createLead(input: ItemInput, key: string) {
    return this.post('lead', input.title, input, key);
  }
  createDeal(input: ItemInput, key: string) {
    return this.post('deal', input.title, input, key);
  }
  /** `content` is the note's whole text, its Visit block included; `visit` is the same as an object. */
  addNote(input: NoteInput, key: string) {
    const content = noteText(input.content, input.visit);
    return this.post('note', content.slice(0, 60), { ...input, content }, key);
  }
  createActivity(input: ActivityInput, key: string) {
    const note = noteText(input.note ?? '', input.visit);
    return this.post('activity', input.subject, { ...input, ...(note ? { note } : {}) }, key);
  }

  /** Test connection: a signed `ping` the receiver should answer with any 2xx. */
  async test(): Promise<string> {
    const body = JSON.stringify({ id: `ping-${Date.now()}`, event: 'ping', workspaceId: this.c.workspaceId, sentAt: new Date().toISOString() });
    const timestamp = String(Math.floor(Date.now() / 1000));
    await callCrm({
      method: 'POST',
      url: this.c.url,
      headers: { 'content-type': 'application/json', [TIMESTAMP]: timestamp, [SIGNATURE]: await webhookSignature(this.c.secret, timestamp, body) },
      body,
      timeoutMs: this.c.timeoutMs,
      label: 'Test connection',
    });
    return 'The webhook answered the signed ping';
  }
}
