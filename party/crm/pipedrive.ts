import type { RecordRef } from '../../protocol';
import { CrmError, type ActivityInput, type CrmAdapter, type ItemInput, type NoteInput, type OrganizationInput, type PersonInput } from './adapter';
import { callCrm } from './http-call';

export type PipedriveConfig = { domain: string; apiToken: string; apiBase: string; timeoutMs: number };
export const PIPEDRIVE_API_BASE = 'https://api.pipedrive.com';

type Data = { success?: boolean; data?: Record<string, unknown> | null };
const num = (id: string | undefined) => (id === undefined ? undefined : Number(id));
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Notes are HTML in Pipedrive: escape the text, keep its line breaks. */
export const noteHtml = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

/**
 * Pipedrive's REST API: persons, organizations, deals and activities on /api/v2, leads and notes on /v1
 * (where they still live). The token goes in the `x-api-token` header only.
 */
export class PipedriveCrm implements CrmAdapter {
  readonly target = 'pipedrive';
  constructor(private c: PipedriveConfig) {}

  private web(path: string) {
    return `https://${this.c.domain}.pipedrive.com/${path}`;
  }

  private async call(method: 'GET' | 'POST', path: string, label: string, body?: unknown): Promise<Record<string, unknown>> {
    const answer = (await callCrm({
      method,
      url: `${this.c.apiBase}${path}`,
      headers: { 'x-api-token': this.c.apiToken, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      timeoutMs: this.c.timeoutMs,
      label,
    })) as Data | null;
    if (!answer || answer.success !== true || !answer.data || typeof answer.data !== 'object') throw new CrmError(`${label}: unexpected answer from Pipedrive`, false);
    return answer.data;
  }

  private idOf(data: Record<string, unknown>, label: string): string {
    const id = data.id;
    if (typeof id !== 'number' && typeof id !== 'string') throw new CrmError(`${label}: Pipedrive answered no id`, false);
    return String(id);
  }

  /** The first person whose email is exactly this one (case-insensitive), so a retry or a returning visitor reuses it. */
  async findPersonByEmail(email: string): Promise<string | null> {
    const q = new URLSearchParams({ term: email, fields: 'email', exact_match: 'true', limit: '1' });
    const data = await this.call('GET', `/api/v2/persons/search?${q}`, 'Find person');
    const items = Array.isArray(data.items) ? (data.items as { item?: { id?: number } }[]) : [];
    const id = items[0]?.item?.id;
    return typeof id === 'number' ? String(id) : null;
  }

  async createPerson(input: PersonInput): Promise<RecordRef> {
    const found = input.email ? await this.findPersonByEmail(input.email) : null;
    const id =
      found ??
      this.idOf(
        await this.call('POST', '/api/v2/persons', 'Create person', {
          name: input.name,
          ...(input.email ? { emails: [{ value: input.email, primary: true, label: 'work' }] } : {}),
          ...(input.phone ? { phones: [{ value: input.phone, primary: true, label: 'work' }] } : {}),
          ...(input.orgId ? { org_id: num(input.orgId) } : {}),
        }),
        'Create person',
      );
    return { kind: 'person', id, title: input.name, url: this.web(`person/${id}`) };
  }

  async createOrganization(input: OrganizationInput): Promise<RecordRef> {
    const data = await this.call('POST', '/api/v2/organizations', 'Create organization', {
      name: input.name,
      ...(input.address ? { address: { value: input.address } } : {}),
    });
    const id = this.idOf(data, 'Create organization');
    return { kind: 'organization', id, title: input.name, url: this.web(`organization/${id}`) };
  }

  async createLead(input: ItemInput): Promise<RecordRef> {
    if (!input.personId && !input.orgId) throw new CrmError('Create lead: a lead needs a person or an organization', false);
    const data = await this.call('POST', '/v1/leads', 'Create lead', {
      title: input.title,
      ...(input.personId ? { person_id: num(input.personId) } : {}),
      ...(input.orgId ? { organization_id: num(input.orgId) } : {}),
      ...(input.value ? { value: { amount: input.value.amount, currency: input.value.currency } } : {}),
      ...(input.expectedCloseDate ? { expected_close_date: input.expectedCloseDate } : {}),
    });
    const id = this.idOf(data, 'Create lead');
    return { kind: 'lead', id, title: input.title, url: this.web(`leads/inbox/${id}`) };
  }

  async createDeal(input: ItemInput): Promise<RecordRef> {
    const data = await this.call('POST', '/api/v2/deals', 'Create deal', {
      title: input.title,
      ...(input.personId ? { person_id: num(input.personId) } : {}),
      ...(input.orgId ? { org_id: num(input.orgId) } : {}),
      ...(input.value ? { value: input.value.amount, currency: input.value.currency } : {}),
      ...(input.expectedCloseDate ? { expected_close_date: input.expectedCloseDate } : {}),
    });
    const id = this.idOf(data, 'Create deal');
    return { kind: 'deal', id, title: input.title, url: this.web(`deal/${id}`) };
  }

  async addNote(input: NoteInput): Promise<RecordRef> {
    const data = await this.call('POST', '/v1/notes', 'Add note', {
      content: noteHtml(input.content),
      ...(input.leadId ? { lead_id: input.leadId } : {}),
      ...(input.dealId ? { deal_id: num(input.dealId) } : {}),
      ...(input.personId ? { person_id: num(input.personId) } : {}),
    });
    const id = this.idOf(data, 'Add note');
    const on = input.leadId ? `leads/inbox/${input.leadId}` : input.dealId ? `deal/${input.dealId}` : input.personId ? `person/${input.personId}` : '';
    return { kind: 'note', id, title: input.content.slice(0, 60), ...(on ? { url: this.web(on) } : {}) };
  }

  async createActivity(input: ActivityInput): Promise<RecordRef> {
    const data = await this.call('POST', '/api/v2/activities', 'Create activity', {
      subject: input.subject,
      type: 'call',
      ...(input.note ? { note: noteHtml(input.note) } : {}),
      ...(input.personId ? { person_id: num(input.personId) } : {}),
      ...(input.orgId ? { org_id: num(input.orgId) } : {}),
    });
    const id = this.idOf(data, 'Create activity');
    return { kind: 'activity', id, title: input.subject, url: this.web(input.personId ? `person/${input.personId}` : 'activities/list') };
  }

  /** Test connection: who the token belongs to, and whether it is the configured company. */
  async test(): Promise<string> {
    const me = await this.call('GET', '/v1/users/me', 'Test connection');
    const domain = typeof me.company_domain === 'string' ? me.company_domain : '';
    if (domain && domain !== this.c.domain) throw new CrmError(`This token belongs to ${domain}.pipedrive.com, not ${this.c.domain}.pipedrive.com`, false);
    return `Connected to ${this.c.domain}.pipedrive.com as ${typeof me.name === 'string' ? me.name : 'the token owner'}`;
  }
}
