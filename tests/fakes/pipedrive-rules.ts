type Email = { value: string; primary?: boolean; label?: string };
export type Store = {
  persons: { id: number; name: string; emails?: Email[]; phones?: Email[]; org_id?: number }[];
  organizations: { id: number; name: string }[];
  deals: { id: number; title: string; person_id?: number; org_id?: number; value?: number; currency?: string }[];
  leads: { id: string; title: string; person_id?: number; organization_id?: number; value?: { amount: number; currency: string } }[];
  notes: { id: number; content: string; lead_id?: string; deal_id?: number }[];
  activities: { id: number; subject?: string; person_id?: number }[];
};

type Rule = { collection: keyof Store; uuid?: boolean; created?: number; check: (b: Record<string, unknown>, s: Store) => string | null };

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
    check: (b, s) =>
      shape(b, { name: str, emails: contacts, phones: contacts, org_id: isInt, owner_id: isInt, visible_to: isInt }) ??
      (!str(b.name) ? 'Name is required' : !exists(s.organizations, b.org_id) ? 'Organization not found' : null),
  },
  'POST /api/v2/organizations': {
    collection: 'organizations',
    check: (b) => shape(b, { name: str, address: (x) => !!x && typeof x === 'object' && str((x as { value?: string }).value), owner_id: isInt }) ?? (!str(b.name) ? 'Name is required' : null),
  },
  'POST /api/v2/deals': {
    collection: 'deals',
    check: (b, s) =>
      shape(b, { title: str, person_id: isInt, org_id: isInt, value: (x) => typeof x === 'number' && x >= 0, currency: (x) => typeof x === 'string' && /^[A-Z]{3}$/.test(x), expected_close_date: (x) => typeof x === 'string' && DATE.test(x) }) ??
      (!str(b.title) ? 'Title is required' : !exists(s.persons, b.person_id) ? 'Person not found' : !exists(s.organizations, b.org_id) ? 'Organization not found' : null),
  },
  'POST /api/v2/activities': {
    collection: 'activities',
    check: (b, s) => shape(b, { subject: str, type: str, note: (x) => typeof x === 'string', person_id: isInt, org_id: isInt, deal_id: isInt, lead_id: str, due_date: (x) => typeof x === 'string' && DATE.test(x) }) ?? (!exists(s.persons, b.person_id) ? 'Person not found' : null),
  },
  'POST /v1/leads': {
    collection: 'leads',
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
