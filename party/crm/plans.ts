import type { CrmTarget, Details, RecordRef, VisitStart } from '../../protocol';
import type { CrmAdapter, KnownPerson, OrganizationInput, PersonInput } from './adapter';
import { cleanVisit } from './visit';

/** What an intent creates, kept with it so a retry (even after a restart) can redo the missing steps. */
export type IntentPayload =
  | {
      type: 'details';
      kind: 'lead' | 'deal';
      details: Details;
      visitorName: string;
      /** The person (and organization) the chat's earlier creates hang on, in that CRM (absent in older intents). */
      known?: { crm: CrmTarget; person: RecordRef; organization?: RecordRef };
      /** Where the visit began (the chat's `context.visit`), as the widget sent it: cleaned when the plan runs. */
      visit?: VisitStart;
    }
  | {
      type: 'offline';
      contact: { name?: string; email?: string; phone?: string; company?: string };
      qualified?: boolean;
      create: ('lead' | 'deal' | 'activity')[];
      transcript: string;
      /** Where the visit began (the submission's `context.visit`), as the widget sent it. */
      visit?: VisitStart;
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

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * One person per visitor: the person and organization a plan links its items to, reused before created.
 * 1. The chat's own earlier outcome (`earlier`: the person and organization an earlier create of this chat
 *    made or found, in this CRM): its person is reused as is.
 * 2. Else the person whose email is exactly this one (case-insensitive), where the CRM can be searched.
 * An organization is reused only when it is the one linked to that person and has the name asked for
 * (case-insensitive): never by name alone, since two visitors' companies may share a name (two "Acme"s)
 * and merging them would put one visitor's deal under a stranger's company. Otherwise it is created.
 * Every answer is stored as the plan's step (organization, person), so a retry reuses it and never creates twice.
 */
async function identify(crm: CrmAdapter, step: Step, earlier: KnownPerson | undefined, person: Omit<PersonInput, 'orgId'> | undefined, org: OrganizationInput | undefined) {
  let match: KnownPerson | null | undefined;
  const lookup = async () => {
    if (match === undefined) match = earlier ?? (person?.email && crm.findPerson ? await crm.findPerson(person.email) : null);
    return match;
  };
  const organization = org
    ? await step('organization', async (k, at) => {
        const linked = person ? (await lookup())?.organization : undefined;
        return linked && sameName(linked.title, org.name) ? linked : crm.createOrganization(org, k, at);
      })
    : undefined;
  const who = person ? await step('person', async (k, at) => (await lookup())?.person ?? crm.createPerson({ ...person, ...(organization ? { orgId: organization.id } : {}) }, k, at)) : undefined;
  return { person: who, organization };
}

/**
 * Lead or deal from a conversation's details: organization, person (reused, see identify), the item, then the
 * note (the agent's notes and the visit's Visit block; none when there is neither).
 */
async function details(p: Extract<IntentPayload, { type: 'details' }>, crm: CrmAdapter, step: Step, earlier?: KnownPerson): Promise<RecordRef> {
  const d = p.details;
  const visit = cleanVisit(p.visit);
  const org = d.organization.name ? { name: d.organization.name, ...(d.organization.address ? { address: d.organization.address } : {}) } : undefined;
  const who = await identify(crm, step, earlier, { name: d.person.name || p.visitorName, ...(d.person.email ? { email: d.person.email } : {}), ...(d.person.phone ? { phone: d.person.phone } : {}) }, org);
  const input = {
    title: titleOf(p),
    personId: who.person!.id,
    ...(who.organization ? { orgId: who.organization.id } : {}),
    ...(d.value.amount !== null ? { value: { amount: d.value.amount, currency: d.value.currency } } : {}),
    ...(d.expectedCloseDate ? { expectedCloseDate: d.expectedCloseDate } : {}),
    ...(visit ? { visit } : {}),
  };
  const item = await step(p.kind, (k, at) => (p.kind === 'lead' ? crm.createLead(input, k, at) : crm.createDeal(input, k, at)));
  if (d.notes || visit) await step('note', (k, at) => crm.addNote({ content: d.notes, ...(visit ? { visit } : {}), ...(p.kind === 'lead' ? { leadId: item.id } : { dealId: item.id }) }, k, at));
  return item;
}

/** The offline flow's capture-and-create: person (and organization, reused as in identify), each item, the bot transcript (and the Visit block) as a note. */
async function offline(p: Extract<IntentPayload, { type: 'offline' }>, crm: CrmAdapter, step: Step, earlier?: KnownPerson): Promise<RecordRef> {
  const c = p.contact;
  const name = c.name || c.email || 'Website visitor';
  // A lead must hang on a person or an organization, so one is always made when there is nothing else.
  const wantsPerson = !!(c.name || c.email || c.phone) || (!c.company && p.create.length > 0);
  const who = await identify(crm, step, earlier, wantsPerson ? { name, ...(c.email ? { email: c.email } : {}), ...(c.phone ? { phone: c.phone } : {}) } : undefined, c.company ? { name: c.company } : undefined);
  const { person, organization: org } = who;
  const links = { ...(person ? { personId: person.id } : {}), ...(org ? { orgId: org.id } : {}) };
  const transcript = p.transcript || '(no transcript)';
  const visit = cleanVisit(p.visit);
  const withVisit = visit ? { visit } : {};
  let first: RecordRef | undefined;
  for (const item of p.create) {
    const made =
      item === 'activity'
        ? await step('activity', (k, at) => crm.createActivity({ subject: `Follow up: ${name}`, note: transcript, ...links, ...withVisit }, k, at))
        : await step(item, (k, at) => (item === 'lead' ? crm.createLead({ title: titleOf(p), ...links, ...withVisit }, k, at) : crm.createDeal({ title: titleOf(p), ...links, ...withVisit }, k, at)));
    if (item !== 'activity') await step(`${item}-note`, (k, at) => crm.addNote({ content: transcript, ...withVisit, ...(item === 'lead' ? { leadId: made.id } : { dealId: made.id }) }, k, at));
    first ??= made;
  }
  const result = first ?? person ?? org;
  if (!result) throw new Error('nothing to create');
  return result;
}

/** Runs an intent's plan; `earlier` is the person (and organization) the chat's earlier creates hang on, in this CRM. */
export function runPlan(p: IntentPayload, crm: CrmAdapter, step: Step, earlier?: KnownPerson): Promise<RecordRef> {
  return p.type === 'details' ? details(p, crm, step, earlier) : offline(p, crm, step, earlier);
}
