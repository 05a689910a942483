type Email = { value: string; primary?: boolean; label?: string };
type Added = { add_time: string };
export type Store = {
  persons: ({ id: number; name: string; emails?: Email[]; phones?: Email[]; org_id?: number } & Added)[];
  organizations: ({ id: number; name: string } & Added)[];
  deals: ({ id: number; title: string; person_id?: number; org_id?: number; value?: number; currency?: string } & Added)[];
  leads: ({ id: string; title: string; person_id?: number; organization_id?: number; value?: { amount: number; currency: string } } & Added)[];
  notes: ({ id: number; content: string; lead_id?: string; deal_id?: number; person_id?: number } & Added)[];
  activities: ({ id: number; subject?: string; person_id?: number; org_id?: number } & Added)[];
};

/** `add_time` as each API writes it: /api/v2 ISO 8601 to the second, leads ISO with ms, /v1 notes `YYYY-MM-DD HH:MM:SS` UTC. */
const v2Time = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const leadTime = (d: Date) => d.toISOString();
const v1Time = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

type Rule = { collection: keyof Store; uuid?: boolean; created?: number; timeFormat: (d: Date) => string; check: (b: Record<string, unknown>, s: Store) => string | null };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isInt = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x > 0;
const str = (x: unknown) => typeof x === 'string' && x.trim().length > 0;

/** Checks known keys and their types; unknown keys are refused so a misspelt field fails loudly. */
function shape(b: Record<string, unknown>, spec: Record<string, (x: unknown) => boolean>): string | null {
  for (const [k, val] of Object.entries(b)) {
    const ok = spec[k];
    if (!ok) return `Unknown field ${k}`;
    if (!ok(val)) return `Invalid value for ${k}`;
  }
  return null;
}
const contacts = (x: unknown) => Array.isArray(x) && x.every((e) => e && typeof e === 'object' && str((e as Email).value) && Object.keys(e).every((k) => ['value', 'primary', 'label'].includes(k)));
const exists = (list: { id: number | string }[], id: unknown) => id === undefined || list.some((x) => x.id === id);

/** POST endpoints, as documented: persons, organizations, deals, activities on /api/v2; leads and notes on /v1. */
export const validators: Record<string, Rule> = {
  'POST /api/v2/persons': {
    collection: 'persons',
    timeFormat: v2Time,
    check: (b, s) =>
      shape(b, { name: str, emails: contacts, phones: contacts, org_id: isInt, owner_id: isInt, visible_to: isInt }) ??
      (!str(b.name) ? 'Name is required' : !exists(s.organizations, b.org_id) ? 'Organization not found' : null),
  },
  'POST /api/v2/organizations': {
    collection: 'organizations',
    timeFormat: v2Time,
    check: (b) => shape(b, { name: str, address: (x) => !!x && typeof x === 'object' && str((x as { value?: string }).value), owner_id: isInt }) ?? (!str(b.name) ? 'Name is required' : null),
  },
  'POST /api/v2/deals': {
    collection: 'deals',
    timeFormat: v2Time,
    check: (b, s) =>
      shape(b, { title: str, person_id: isInt, org_id: isInt, value: (x) => typeof x === 'number' && x >= 0, currency: (x) => typeof x === 'string' && /^[A-Z]{3}$/.test(x), expected_close_date: (x) => typeof x === 'string' && DATE.test(x) }) ??
      (!str(b.title) ? 'Title is required' : !exists(s.persons, b.person_id) ? 'Person not found' : !exists(s.organizations, b.org_id) ? 'Organization not found' : null),
  },
  'POST /api/v2/activities': {
    collection: 'activities',
    timeFormat: v2Time,
    check: (b, s) => shape(b, { subject: str, type: str, note: (x) => typeof x === 'string', person_id: isInt, org_id: isInt, deal_id: isInt, lead_id: str, due_date: (x) => typeof x === 'string' && DATE.test(x) }) ?? (!exists(s.persons, b.person_id) ? 'Person not found' : null),
  },
  'POST /v1/leads': {
    collection: 'leads',
    timeFormat: leadTime,
    uuid: true,
    created: 201,
    check: (b, s) =>
      shape(b, {
        title: str,
        person_id: isInt,
        organization_id: isInt,
        value: (x) => !!x && typeof x === 'object' && typeof (x as { amount?: unknown }).amount === 'number' && typeof (x as { currency?: unknown }).currency === 'string' && Object.keys(x).length === 2,
        expected_close_date: (x) => typeof x === 'string' && DATE.test(x),
        owner_id: isInt,
      }) ??
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
      shape(b, { content: str, lead_id: str, deal_id: isInt, person_id: isInt, org_id: isInt }) ??
      (!str(b.content)
        ? 'Content is required'
        : [b.lead_id, b.deal_id, b.person_id, b.org_id].every((x) => x === undefined)
          ? 'A note needs lead_id, deal_id, person_id or org_id'
          : !exists(s.leads, b.lead_id) || !exists(s.deals, b.deal_id) || !exists(s.persons, b.person_id)
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
    items = [...items].sort((a, b) => (a.add_time < b.add_time ? -1 : a.add_time > b.add_time ? 1 : 0) * (desc ? -1 : 1));
    return items.slice(0, Number(limit ?? 100)) as unknown as Record<string, unknown>[];
  };
}

export const listings: Record<string, Listing> = {
  '/api/v2/persons': listing((s) => s.persons, { org_id: (p, v) => p.org_id === Number(v) }, 'v2'),
  '/api/v2/deals': listing((s) => s.deals, { person_id: (d, v) => d.person_id === Number(v), org_id: (d, v) => d.org_id === Number(v) }, 'v2'),
  '/api/v2/activities': listing((s) => s.activities, { person_id: (a, v) => a.person_id === Number(v), org_id: (a, v) => a.org_id === Number(v) }, 'v2'),
  '/v1/leads': listing((s) => s.leads, { person_id: (l, v) => l.person_id === Number(v), organization_id: (l, v) => l.organization_id === Number(v) }, 'v1'),
  '/v1/notes': listing((s) => s.notes, { lead_id: (n, v) => n.lead_id === v, deal_id: (n, v) => n.deal_id === Number(v), person_id: (n, v) => n.person_id === Number(v) }, 'v1'),
};
