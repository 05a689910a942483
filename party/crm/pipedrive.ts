import type { RecordRef } from '../../protocol';
import type { v1, v2 } from 'pipedrive';
import { CrmError, type ActivityInput, type CrmAdapter, type ItemInput, type KnownPerson, type NoteInput, type OrganizationInput, type PersonInput } from './adapter';
import { callCrm } from './http-call';
import { noteText, visitHtml, type Visit } from './visit';

export type PipedriveConfig = { domain: string; apiToken: string; apiBase: string; timeoutMs: number };
export const PIPEDRIVE_API_BASE = 'https://api.pipedrive.com';

type Data = { success?: boolean; data?: Record<string, unknown> | Record<string, unknown>[] | null };
type Item = Record<string, unknown>;
/** How far Pipedrive's clock may be behind ours when matching an item made by a lost create. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** How many of the newest items are read when looking for one a lost create may have made. */
const RECOVER_LIMIT = 50;
const num = (id: string) => Number(id);

/**
 * Request bodies as Pipedrive's published models say (the official `pipedrive` client, generated from the
 * OpenAPI spec; types only, nothing of it is bundled). The spec's activity model still lists `person_id`,
 * which the live API refuses on create ("'person_id' is a read-only field. Add a primary participant to set
 * 'person_id' instead."): the person goes in `participants`.
 */
type PersonBody = Pick<v2.AddPersonRequest, 'name' | 'emails' | 'phones' | 'org_id'>;
type OrganizationBody = Pick<v2.AddOrganizationRequest, 'name' | 'address'>;
type DealBody = Pick<v2.AddDealRequest, 'title' | 'person_id' | 'org_id' | 'value' | 'currency' | 'expected_close_date'>;
type ActivityBody = Omit<Pick<v2.AddActivityRequest, 'subject' | 'type' | 'note' | 'org_id' | 'participants'>, 'person_id'>;
/*
 * Where the visit began goes in the note only (noteWithVisit): of the models' "Source" fields, deal `origin` is
 * read-only, `origin_id` names the integration, `channel` is an id from the company's own marketing channels and
 * `channel_id` qualifies one; none holds a landing page, referrer or UTM value (docs/crm.md).
 */
type LeadBody = Pick<v1.AddLeadRequest, 'title' | 'person_id' | 'organization_id' | 'value' | 'expected_close_date'>;
type NoteBody = Pick<v1.AddNoteRequestAllOf, 'content' | 'lead_id' | 'deal_id' | 'person_id'>;
/** The part of a v2 person search hit Baton reads. */
type PersonHit = Pick<v2.GetPersonSearchResponseAllOfDataItemsInnerItem, 'id' | 'name' | 'organization'>;
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Notes are HTML in Pipedrive: escape the text, keep its line breaks. */
export const noteHtml = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');
/** A note's HTML: its text, then the Visit block (visit.ts: escaped, only http(s) URLs as links) after a blank line. */
export const noteWithVisit = (text: string, visit?: Visit) => [text ? noteHtml(text) : '', visit ? visitHtml(visit) : ''].filter(Boolean).join('<br><br>');

/**
 * When Pipedrive added an item, in ms: ISO 8601 on /api/v2 and leads, `YYYY-MM-DD HH:MM:SS` (UTC) on older
 * /v1 endpoints such as notes. Null when absent or unreadable.
 */
export function addedAt(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? `${v.replace(' ', 'T')}Z` : v);
  return Number.isNaN(t) ? null : t;
}

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

  private async call(method: 'GET' | 'POST', path: string, label: string, body?: unknown): Promise<Item> {
    const data = await this.request(method, path, label, body);
    if (Array.isArray(data)) throw new CrmError(`${label}: unexpected answer from Pipedrive`, false);
    return data;
  }

  /** A list endpoint: its items (Pipedrive answers `data: null` when there are none). */
  private async list(path: string, label: string): Promise<Item[]> {
    const data = await this.request('GET', path, label, undefined, true);
    return Array.isArray(data) ? data.filter((x): x is Item => !!x && typeof x === 'object') : [];
  }

  private async request(method: 'GET' | 'POST', path: string, label: string, body?: unknown, emptyOk = false): Promise<Item | Item[]> {
    const answer = (await callCrm({
      method,
      url: `${this.c.apiBase}${path}`,
      headers: { 'x-api-token': this.c.apiToken, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      timeoutMs: this.c.timeoutMs,
      label,
    })) as Data | null;
    if (emptyOk && answer?.success === true && answer.data == null) return [];
    if (!answer || answer.success !== true || !answer.data || typeof answer.data !== 'object') throw new CrmError(`${label}: unexpected answer from Pipedrive`, false);
    return answer.data;
  }

  private idOf(data: Record<string, unknown>, label: string): string {
    const id = data.id;
    if (typeof id !== 'number' && typeof id !== 'string') throw new CrmError(`${label}: Pipedrive answered no id`, false);
    return String(id);
  }

  /**
   * After a create whose answer was lost (sent at `sentAt`): the newest items of a list endpoint, the
   * first that `same` recognises and that Pipedrive added since then (give or take its clock). Its id, or null.
   */
  private async made(path: string, query: Record<string, string | undefined>, sentAt: number, label: string, same: (x: Item) => boolean): Promise<string | null> {
    const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    for (const x of await this.list(`${path}?${q}`, label)) {
      const added = addedAt(x.add_time);
      if (added !== null && added >= sentAt - CLOCK_SKEW_MS && same(x) && (typeof x.id === 'number' || typeof x.id === 'string')) return String(x.id);
    }
    return null;
  }

  /**
   * The person whose email is exactly this one (Pipedrive's exact match is case-insensitive), with the
   * organization it is linked to: a returning visitor is the same person. Pipedrive's search index lags a
   * create by a little, so a person made seconds ago may not be found yet (the chat's own outcome covers that).
   */
  async findPerson(email: string): Promise<KnownPerson | null> {
    const q = new URLSearchParams({ term: email, fields: 'email', exact_match: 'true', limit: '1' });
    const data = await this.call('GET', `/api/v2/persons/search?${q}`, 'Find person');
    const hit = (Array.isArray(data.items) ? (data.items as { item?: PersonHit }[]) : [])[0]?.item;
    if (typeof hit?.id !== 'number') return null;
    const id = String(hit.id);
    const org = hit.organization;
    return {
      person: { kind: 'person', id, title: hit.name || email, url: this.web(`person/${id}`) },
      ...(typeof org?.id === 'number' ? { organization: { kind: 'organization' as const, id: String(org.id), title: org.name ?? '', url: this.web(`organization/${org.id}`) } } : {}),
    };
  }

  async createPerson(input: PersonInput, _key?: string, sentAt?: number): Promise<RecordRef> {
    const email = input.email?.toLowerCase();
    const same = (x: Item) => x.name === input.name && (!email || (Array.isArray(x.emails) && x.emails.some((e: { value?: unknown }) => typeof e?.value === 'string' && e.value.toLowerCase() === email)));
    const found = sentAt === undefined ? null : await this.made('/api/v2/persons', { ...(input.orgId ? { org_id: input.orgId } : {}), sort_by: 'add_time', sort_direction: 'desc', limit: String(RECOVER_LIMIT) }, sentAt, 'Find person', same);
    const body: PersonBody = {
      name: input.name,
      ...(input.email ? { emails: [{ value: input.email, primary: true, label: 'work' }] } : {}),
      ...(input.phone ? { phones: [{ value: input.phone, primary: true, label: 'work' }] } : {}),
      ...(input.orgId ? { org_id: num(input.orgId) } : {}),
    };
    const id = found ?? this.idOf(await this.call('POST', '/api/v2/persons', 'Create person', body), 'Create person');
    return { kind: 'person', id, title: input.name, url: this.web(`person/${id}`) };
  }

  /**
   * Never matched by name alone (two visitors' companies may share a name): an organization is reused only
   * through its person (plans.ts). After a lost answer, the one made since then under this name is taken.
   */
  async createOrganization(input: OrganizationInput, _key?: string, sentAt?: number): Promise<RecordRef> {
    const found = sentAt === undefined ? null : await this.made('/api/v2/organizations', { sort_by: 'add_time', sort_direction: 'desc', limit: String(RECOVER_LIMIT) }, sentAt, 'Find organization', (x) => x.name === input.name);
    const body: OrganizationBody = { name: input.name, ...(input.address ? { address: { value: input.address } } : {}) };
    const id = found ?? this.idOf(await this.call('POST', '/api/v2/organizations', 'Create organization', body), 'Create organization');
    return { kind: 'organization', id, title: input.name, url: this.web(`organization/${id}`) };
  }

  async createLead(input: ItemInput, _key?: string, sentAt?: number): Promise<RecordRef> {
    if (!input.personId && !input.orgId) throw new CrmError('Create lead: a lead needs a person or an organization', false);
    const link = input.personId ? { person_id: input.personId } : { organization_id: input.orgId };
    const found = sentAt === undefined ? null : await this.made('/v1/leads', { ...link, sort: 'add_time DESC', limit: String(RECOVER_LIMIT) }, sentAt, 'Find lead', (x) => x.title === input.title);
    if (found) return { kind: 'lead', id: found, title: input.title, url: this.web(`leads/inbox/${found}`) };
    const body: LeadBody = {
      title: input.title,
      ...(input.personId ? { person_id: num(input.personId) } : {}),
      ...(input.orgId ? { organization_id: num(input.orgId) } : {}),
      ...(input.value ? { value: { amount: input.value.amount, currency: input.value.currency } } : {}),
      ...(input.expectedCloseDate ? { expected_close_date: input.expectedCloseDate } : {}),
    };
    const data = await this.call('POST', '/v1/leads', 'Create lead', body);
    const id = this.idOf(data, 'Create lead');
    return { kind: 'lead', id, title: input.title, url: this.web(`leads/inbox/${id}`) };
  }

  async createDeal(input: ItemInput, _key?: string, sentAt?: number): Promise<RecordRef> {
    const link = input.personId ? { person_id: input.personId } : input.orgId ? { org_id: input.orgId } : {};
    const found = sentAt === undefined ? null : await this.made('/api/v2/deals', { ...link, sort_by: 'add_time', sort_direction: 'desc', limit: String(RECOVER_LIMIT) }, sentAt, 'Find deal', (x) => x.title === input.title);
    if (found) return { kind: 'deal', id: found, title: input.title, url: this.web(`deal/${found}`) };
    const body: DealBody = {
      title: input.title,
      ...(input.personId ? { person_id: num(input.personId) } : {}),
      ...(input.orgId ? { org_id: num(input.orgId) } : {}),
      ...(input.value ? { value: input.value.amount, currency: input.value.currency } : {}),
      ...(input.expectedCloseDate ? { expected_close_date: input.expectedCloseDate } : {}),
    };
    const data = await this.call('POST', '/api/v2/deals', 'Create deal', body);
    const id = this.idOf(data, 'Create deal');
    return { kind: 'deal', id, title: input.title, url: this.web(`deal/${id}`) };
  }

  async addNote(input: NoteInput, _key?: string, sentAt?: number): Promise<RecordRef> {
    const content = noteWithVisit(input.content, input.visit);
    const title = noteText(input.content, input.visit).slice(0, 60);
    const on = input.leadId ? `leads/inbox/${input.leadId}` : input.dealId ? `deal/${input.dealId}` : input.personId ? `person/${input.personId}` : '';
    const link = input.leadId ? { lead_id: input.leadId } : input.dealId ? { deal_id: input.dealId } : input.personId ? { person_id: input.personId } : {};
    const found = sentAt === undefined ? null : await this.made('/v1/notes', { ...link, sort: 'add_time DESC', limit: String(RECOVER_LIMIT) }, sentAt, 'Find note', (x) => x.content === content);
    if (found) return { kind: 'note', id: found, title, ...(on ? { url: this.web(on) } : {}) };
    const body: NoteBody = {
      content,
      ...(input.leadId ? { lead_id: input.leadId } : {}),
      ...(input.dealId ? { deal_id: num(input.dealId) } : {}),
      ...(input.personId ? { person_id: num(input.personId) } : {}),
    };
    const data = await this.call('POST', '/v1/notes', 'Add note', body);
    const id = this.idOf(data, 'Add note');
    return { kind: 'note', id, title, ...(on ? { url: this.web(on) } : {}) };
  }

  async createActivity(input: ActivityInput, _key?: string, sentAt?: number): Promise<RecordRef> {
    const url = this.web(input.personId ? `person/${input.personId}` : 'activities/list');
    const link = input.personId ? { person_id: input.personId } : input.orgId ? { org_id: input.orgId } : {};
    const found = sentAt === undefined ? null : await this.made('/api/v2/activities', { ...link, sort_by: 'add_time', sort_direction: 'desc', limit: String(RECOVER_LIMIT) }, sentAt, 'Find activity', (x) => x.subject === input.subject);
    if (found) return { kind: 'activity', id: found, title: input.subject, url };
    // `person_id` is read-only on /api/v2/activities: the person is the primary participant.
    const body: ActivityBody = {
      subject: input.subject,
      type: 'call',
      ...(input.note || input.visit ? { note: noteWithVisit(input.note ?? '', input.visit) } : {}),
      ...(input.personId ? { participants: [{ person_id: num(input.personId), primary: true }] } : {}),
      ...(input.orgId ? { org_id: num(input.orgId) } : {}),
    };
    const data = await this.call('POST', '/api/v2/activities', 'Create activity', body);
    const id = this.idOf(data, 'Create activity');
    return { kind: 'activity', id, title: input.subject, url };
  }

  /** Test connection: who the token belongs to, and whether it is the configured company. */
  async test(): Promise<string> {
    const me = await this.call('GET', '/v1/users/me', 'Test connection');
    const domain = typeof me.company_domain === 'string' ? me.company_domain : '';
    if (domain && domain !== this.c.domain) throw new CrmError(`This token belongs to ${domain}.pipedrive.com, not ${this.c.domain}.pipedrive.com`, false);
    return `Connected to ${this.c.domain}.pipedrive.com as ${typeof me.name === 'string' ? me.name : 'the token owner'}`;
  }
}
