import type { Details, RecordRef } from '../../protocol';
import type { CrmAdapter } from './adapter';

/** What an intent creates, kept with it so a retry (even after a restart) can redo the missing steps. */
export type IntentPayload =
  | { type: 'details'; kind: 'lead' | 'deal'; details: Details; visitorName: string }
  | {
      type: 'offline';
      contact: { name?: string; email?: string; phone?: string; company?: string };
      qualified?: boolean;
      create: ('lead' | 'deal' | 'activity')[];
      transcript: string;
    };

/** Runs one step unless an earlier attempt already did it; the id it gets is stored before the next step. */
export type Step = (name: string, create: (key: string, sentAt?: number) => Promise<RecordRef>) => Promise<RecordRef>;

export function titleOf(p: IntentPayload): string {
  if (p.type === 'details') {
    const name = p.details.person.name || p.visitorName;
    return `${name}${p.details.organization.name ? ` (${p.details.organization.name})` : ''} ${p.kind}`;
  }
  return `${p.contact.name || p.contact.email || 'Website visitor'} (website, ${p.qualified === false ? 'not qualified' : p.qualified ? 'qualified' : 'offline'})`;
}

/** Lead or deal from a conversation's details: organization, person, the item, then the notes. */
async function details(p: Extract<IntentPayload, { type: 'details' }>, crm: CrmAdapter, step: Step): Promise<RecordRef> {
  const d = p.details;
  const org = d.organization.name ? await step('organization', (k, at) => crm.createOrganization({ name: d.organization.name, ...(d.organization.address ? { address: d.organization.address } : {}) }, k, at)) : undefined;
  const person = await step('person', (k, at) =>
    crm.createPerson({ name: d.person.name || p.visitorName, ...(d.person.email ? { email: d.person.email } : {}), ...(d.person.phone ? { phone: d.person.phone } : {}), ...(org ? { orgId: org.id } : {}) }, k, at),
  );
  const input = {
    title: titleOf(p),
    personId: person.id,
    ...(org ? { orgId: org.id } : {}),
    ...(d.value.amount !== null ? { value: { amount: d.value.amount, currency: d.value.currency } } : {}),
    ...(d.expectedCloseDate ? { expectedCloseDate: d.expectedCloseDate } : {}),
  };
  const item = await step(p.kind, (k, at) => (p.kind === 'lead' ? crm.createLead(input, k, at) : crm.createDeal(input, k, at)));
  if (d.notes) await step('note', (k, at) => crm.addNote({ content: d.notes, ...(p.kind === 'lead' ? { leadId: item.id } : { dealId: item.id }) }, k, at));
  return item;
}

/** The offline flow's capture-and-create: person (and organization), each item, the bot transcript as a note. */
async function offline(p: Extract<IntentPayload, { type: 'offline' }>, crm: CrmAdapter, step: Step): Promise<RecordRef> {
  const c = p.contact;
  const org = c.company ? await step('organization', (k, at) => crm.createOrganization({ name: c.company! }, k, at)) : undefined;
  const name = c.name || c.email || 'Website visitor';
  // A lead must hang on a person or an organization, so one is always made when there is nothing else.
  const wantsPerson = !!(c.name || c.email || c.phone) || (!org && p.create.length > 0);
  const person = wantsPerson
    ? await step('person', (k, at) => crm.createPerson({ name, ...(c.email ? { email: c.email } : {}), ...(c.phone ? { phone: c.phone } : {}), ...(org ? { orgId: org.id } : {}) }, k, at))
    : undefined;
  const links = { ...(person ? { personId: person.id } : {}), ...(org ? { orgId: org.id } : {}) };
  const transcript = p.transcript || '(no transcript)';
  let first: RecordRef | undefined;
  for (const item of p.create) {
    const made =
      item === 'activity'
        ? await step('activity', (k, at) => crm.createActivity({ subject: `Follow up: ${name}`, note: transcript, ...links }, k, at))
        : await step(item, (k, at) => (item === 'lead' ? crm.createLead({ title: titleOf(p), ...links }, k, at) : crm.createDeal({ title: titleOf(p), ...links }, k, at)));
    if (item !== 'activity') await step(`${item}-note`, (k, at) => crm.addNote({ content: transcript, ...(item === 'lead' ? { leadId: made.id } : { dealId: made.id }) }, k, at));
    first ??= made;
  }
  const result = first ?? person ?? org;
  if (!result) throw new Error('nothing to create');
  return result;
}

export function runPlan(p: IntentPayload, crm: CrmAdapter, step: Step): Promise<RecordRef> {
  return p.type === 'details' ? details(p, crm, step) : offline(p, crm, step);
}
