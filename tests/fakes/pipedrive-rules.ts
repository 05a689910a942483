type Email = { value: string; primary?: boolean; label?: string };
type Added = { add_time: string };
export type Store = {
  persons: ({ id: number; name: string; emails?: Email[]; phones?: Email[]; org_id?: number } & Added)[];
  organizations: ({ id: number; name: string; address?: Record<string, string> } & Added)[];
  deals: ({ id: number; title: string; person_id?: number; org_id?: number; value?: number; currency?: string } & Added)[];
  leads: ({ id: string; title: string; person_id?: number; organization_id?: number; value?: { amount: number; currency: string } } & Added)[];
  notes: ({ id: number; content: string; lead_id?: string; deal_id?: number; person_id?: number } & Added)[];
  activities: ({ id: number; subject?: string; person_id?: number; org_id?: number; participants?: { person_id: number; primary_flag: boolean }[] } & Added)[];
};

/** `add_time` as each API writes it: /api/v2 ISO 8601 to the second, leads ISO with ms, /v1 notes `YYYY-MM-DD HH:MM:SS` UTC. */
const v2Time = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const leadTime = (d: Date) => d.toISOString();
const v1Time = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

type Rule = { collection: keyof Store; uuid?: boolean; created?: number; timeFormat: (d: Date) => string; check: (b: Record<string, unknown>, s: Store) => string | null; stored?: (b: Record<string, unknown>) => Record<string, unknown> };
type Spec = Record<string, (x: unknown) => boolean>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isInt = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x > 0;
const isNum = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
const isBool = (x: unknown) => typeof x === 'boolean';
const str = (x: unknown) => typeof x === 'string' && x.trim().length > 0;
const text = (x: unknown) => typeof x === 'string';
const date = (x: unknown) => typeof x === 'string' && DATE.test(x);
const isoTime = (x: unknown) => typeof x === 'string' && !Number.isNaN(Date.parse(x));
const nullable = (ok: (x: unknown) => boolean) => (x: unknown) => x === null || ok(x);
const oneOf = (...values: unknown[]) => (x: unknown) => values.includes(x);
const arrayOf = (ok: (x: unknown) => boolean) => (x: unknown) => Array.isArray(x) && x.every(ok);
const object = (spec: Spec, required: string[] = []) => (x: unknown) =>
  !!x && typeof x === 'object' && !Array.isArray(x) && required.every((k) => k in x) && Object.entries(x).every(([k, v]) => !!spec[k]?.(v));
const customFields = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * Checks a body against an endpoint's published request model (the official `pipedrive` client's
 * Add*Request types, generated from the OpenAPI spec): read-only fields are refused with the API's own
 * message, unknown keys are refused so a misspelt field fails loudly, and each known key's type is checked.
 */
function shape(b: Record<string, unknown>, spec: Spec, readOnly: Record<string, string> = {}): string | null {
  for (const [k, val] of Object.entries(b)) {
    if (k in readOnly) return `'${k}' is a read-only field.${readOnly[k] ? ` ${readOnly[k]}` : ''}`;
    const ok = spec[k];
    if (!ok) return `Unknown field ${k}`;
    if (!ok(val)) return `Invalid value for ${k}`;
  }
  return null;
}
/** Fields every v2 create answers but never takes. */
const V2_READ_ONLY = { id: '', update_time: '', creator_user_id: '' };
const contact = object({ value: str, primary: isBool, label: text }, ['value']);
const contacts = arrayOf(contact);
const exists = (list: { id: number | string }[], id: unknown) => id === undefined || id === null || list.some((x) => x.id === id);

/** AddPersonRequest (v2). */
const PERSON: Spec = {
  name: str, owner_id: isInt, org_id: isInt, add_time: isoTime, emails: contacts, phones: contacts, visible_to: isInt, label_ids: arrayOf(isInt),
  postal_address: object({ value: text, country: text, admin_area_level_1: text, admin_area_level_2: text, locality: text, sublocality: text, route: text, street_number: text, subpremise: text, postal_code: text }),
  notes: text, im: contacts, birthday: nullable(date), job_title: text, marketing_status: oneOf('no_consent', 'unsubscribed', 'subscribed', 'archived'), custom_fields: customFields,
};
/** OrganizationItemAddress: every part optional, `value` (the whole address as typed) included. */
const ADDRESS = object({ value: text, country: text, admin_area_level_1: text, admin_area_level_2: text, locality: text, sublocality: text, route: text, street_number: text, subpremise: text, postal_code: text });
/** AddOrganizationRequest (v2). */
const ORGANIZATION: Spec = {
  name: str, owner_id: isInt, add_time: isoTime, visible_to: isInt, label_ids: arrayOf(isInt), address: ADDRESS, website: nullable(text), linkedin: nullable(text),
  industry: nullable(isInt), annual_revenue: nullable(isNum), employee_count: nullable(isInt), custom_fields: customFields,
};
/** AddDealRequest (v2). */
const DEAL: Spec = {
  title: str, owner_id: isInt, person_id: nullable(isInt), org_id: nullable(isInt), pipeline_id: isInt, stage_id: isInt, value: (x) => isNum(x) && (x as number) >= 0,
  currency: (x) => typeof x === 'string' && /^[A-Z]{3}$/.test(x), is_deleted: isBool, is_archived: isBool, archive_time: nullable(isoTime), status: oneOf('open', 'won', 'lost'),
  probability: isNum, lost_reason: text, visible_to: isInt, close_time: nullable(isoTime), won_time: nullable(isoTime), lost_time: nullable(isoTime), expected_close_date: date,
  label_ids: arrayOf(isInt), custom_fields: customFields,
};
/** AddActivityRequest (v2) without `person_id`, which the API sets from the primary participant. */
const ACTIVITY: Spec = {
  subject: text, type: str, owner_id: isInt, deal_id: isInt, lead_id: (x) => typeof x === 'string' && UUID.test(x), org_id: isInt, project_id: isInt, due_date: date,
  due_time: (x) => typeof x === 'string' && TIME.test(x), duration: (x) => typeof x === 'string' && TIME.test(x), busy: isBool, done: isBool,
  location: object({ value: text, country: text, admin_area_level_1: text, admin_area_level_2: text, locality: text, sublocality: text, route: text, street_number: text, subpremise: text, postal_code: text }),
  participants: arrayOf(object({ person_id: isInt, primary: isBool }, ['person_id'])), attendees: arrayOf(object({ email: str, name: text, status: text, is_organizer: isBool, person_id: isInt, user_id: isInt }, ['email'])),
  public_description: text, priority: isNum, outcome: nullable(isInt), note: text,
};
/** AddLeadRequest (v1). */
const LEAD: Spec = {
  title: str, owner_id: isInt, label_ids: arrayOf((x) => typeof x === 'string' && UUID.test(x)), person_id: isInt, organization_id: isInt,
  value: nullable(object({ amount: isNum, currency: (x) => typeof x === 'string' && /^[A-Z]{3}$/.test(x) }, ['amount', 'currency'])), expected_close_date: date,
  visible_to: oneOf('1', '3', '5', '7'), was_seen: isBool, origin_id: nullable(text), channel: nullable(isInt), channel_id: nullable(text),
};
/** AddNoteRequest (v1). */
const flag = oneOf(0, 1);
const NOTE: Spec = {
  content: str, lead_id: (x) => typeof x === 'string' && UUID.test(x), deal_id: isInt, person_id: isInt, org_id: isInt, project_id: isInt, task_id: isInt, user_id: isInt,
  add_time: text, pinned_to_lead_flag: flag, pinned_to_deal_flag: flag, pinned_to_organization_flag: flag, pinned_to_person_flag: flag, pinned_to_project_flag: flag, pinned_to_task_flag: flag,
};

/** POST endpoints, as documented: persons, organizations, deals, activities on /api/v2; leads and notes on /v1. */
export const validators: Record<string, Rule> = {
  'POST /api/v2/persons': {
    collection: 'persons',
    timeFormat: v2Time,
    check: (b, s) => shape(b, PERSON, V2_READ_ONLY) ?? (!str(b.name) ? 'Name is required' : !exists(s.organizations, b.org_id) ? 'Organization not found' : null),
  },
  'POST /api/v2/organizations': {
    collection: 'organizations',
    timeFormat: v2Time,
    check: (b) => shape(b, ORGANIZATION, V2_READ_ONLY) ?? (!str(b.name) ? 'Name is required' : null),
  },
  'POST /api/v2/deals': {
    collection: 'deals',
    timeFormat: v2Time,
    check: (b, s) => shape(b, DEAL, V2_READ_ONLY) ?? (!str(b.title) ? 'Title is required' : !exists(s.persons, b.person_id) ? 'Person not found' : !exists(s.organizations, b.org_id) ? 'Organization not found' : null),
  },
  'POST /api/v2/activities': {
    collection: 'activities',
    timeFormat: v2Time,
    check: (b, s) => {
      const problem = shape(b, ACTIVITY, { ...V2_READ_ONLY, person_id: "Add a primary participant to set 'person_id' instead." });
      if (problem) return problem;
      const people = (b.participants ?? []) as { person_id: number; primary?: boolean }[];
      if (people.filter((p) => p.primary).length > 1) return 'Only one participant can be primary';
      if (people.some((p) => !exists(s.persons, p.person_id))) return 'Person not found';
      return !exists(s.organizations, b.org_id) ? 'Organization not found' : !exists(s.deals, b.deal_id) ? 'Deal not found' : !exists(s.leads, b.lead_id) ? 'Lead not found' : null;
    },
    // As the API answers it: `person_id` is the primary participant's, participants carry `primary_flag`.
    stored: (b) => {
      const people = (b.participants ?? []) as { person_id: number; primary?: boolean }[];
      const primary = people.find((p) => p.primary) ?? people[0];
      return { ...b, participants: people.map((p) => ({ person_id: p.person_id, primary_flag: p === primary })), ...(primary ? { person_id: primary.person_id } : {}) };
    },
  },
  'POST /v1/leads': {
    collection: 'leads',
    timeFormat: leadTime,
    uuid: true,
    created: 201,
    check: (b, s) =>
      shape(b, LEAD, { id: '', add_time: '', update_time: '', creator_id: '', is_archived: '', source_name: '' }) ??
      (!str(b.title)
        ? 'Title is required'
        : b.person_id === undefined && b.organization_id === undefined
          ? 'A lead must be linked to a person or an organization'
          : !exists(s.persons, b.person_id)
            ? 'Person not found'
            : !exists(s.organizations, b.organization_id)
              ? 'Organization not found'
              : null),
  },
  'POST /v1/notes': {
    collection: 'notes',
    timeFormat: v1Time,
    check: (b, s) =>
      shape(b, NOTE, { id: '', update_time: '' }) ??
      (!str(b.content)
        ? 'Content is required'
        : [b.lead_id, b.deal_id, b.person_id, b.org_id, b.project_id].every((x) => x === undefined)
          ? 'A note needs lead_id, deal_id, person_id, org_id or project_id'
          : !exists(s.leads, b.lead_id) || !exists(s.deals, b.deal_id) || !exists(s.persons, b.person_id) || !exists(s.organizations, b.org_id)
            ? 'Linked item not found'
            : null),
  },
};

// ---- GET list endpoints (used to find what a create whose answer was lost may have made) ----------------

type Listing = (q: URLSearchParams, s: Store) => Record<string, unknown>[] | string;
const intParam = (x: string | null) => x === null || /^[1-9]\d*$/.test(x);

/**
 * A documented list endpoint: the query parameters it knows (anything else is refused, so a misspelt
 * filter fails loudly), its filters, its sort and limit. v2: `sort_by` (id, update_time, add_time) +
 * `sort_direction` (asc, desc), limit ≤ 500. v1: `sort` as "field MODE", limit ≤ 500.
 */
function listing<T extends { id: number | string; add_time: string }>(
  collection: (s: Store) => T[],
  filters: Record<string, (item: T, value: string) => boolean>,
  version: 'v1' | 'v2',
): Listing {
  const known = new Set([...Object.keys(filters), 'limit', ...(version === 'v2' ? ['sort_by', 'sort_direction', 'cursor'] : ['sort', 'start'])]);
  return (q, s) => {
    for (const k of q.keys()) if (!known.has(k)) return `Unknown parameter ${k}`;
    const limit = q.get('limit');
    if (limit !== null && (!intParam(limit) || Number(limit) > 500)) return 'limit must be an integer from 1 to 500';
    for (const k of Object.keys(filters)) if (k !== 'lead_id' && !intParam(q.get(k))) return `Invalid value for ${k}`;
    let desc = false;
    if (version === 'v2') {
      const by = q.get('sort_by');
      if (by !== null && !['id', 'update_time', 'add_time'].includes(by)) return 'sort_by must be id, update_time or add_time';
      const dir = q.get('sort_direction');
      if (dir !== null && !['asc', 'desc'].includes(dir)) return 'sort_direction must be asc or desc';
      desc = dir === 'desc';
    } else {
      const sort = q.get('sort');
      if (sort !== null && !/^[a-z_]+ (ASC|DESC)$/.test(sort)) return 'sort must be "field_name ASC|DESC"';
      desc = !!sort?.endsWith('DESC');
    }
    let items = collection(s).filter((item) => Object.entries(filters).every(([k, match]) => q.get(k) === null || match(item, q.get(k)!)));
    // Ties (same second) in the order made, so newest first when descending (as sorting by add_time, then id).
    const order = new Map(collection(s).map((x, n) => [x.id, n]));
    items = [...items].sort((a, b) => (a.add_time < b.add_time ? -1 : a.add_time > b.add_time ? 1 : order.get(a.id)! - order.get(b.id)!) * (desc ? -1 : 1));
    return items.slice(0, Number(limit ?? 100)) as unknown as Record<string, unknown>[];
  };
}

export const listings: Record<string, Listing> = {
  '/api/v2/organizations': listing((s) => s.organizations, {}, 'v2'),
  '/api/v2/persons': listing((s) => s.persons, { org_id: (p, v) => p.org_id === Number(v) }, 'v2'),
  '/api/v2/deals': listing((s) => s.deals, { person_id: (d, v) => d.person_id === Number(v), org_id: (d, v) => d.org_id === Number(v) }, 'v2'),
  '/api/v2/activities': listing((s) => s.activities, { person_id: (a, v) => a.person_id === Number(v), org_id: (a, v) => a.org_id === Number(v) }, 'v2'),
  '/v1/leads': listing((s) => s.leads, { person_id: (l, v) => l.person_id === Number(v), organization_id: (l, v) => l.organization_id === Number(v) }, 'v1'),
  '/v1/notes': listing((s) => s.notes, { lead_id: (n, v) => n.lead_id === v, deal_id: (n, v) => n.deal_id === Number(v), person_id: (n, v) => n.person_id === Number(v) }, 'v1'),
};
