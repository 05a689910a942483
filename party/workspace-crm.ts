import type * as Party from 'partykit/server';
import * as v from 'valibot';
import { BatonError, OfflineSubmission, RecordCreate, type RecordRef } from '../protocol';
import { json } from './http';
import type WorkspaceRoom from './workspace';

/** Lead or deal from a conversation's details: person and organization first, then the item. */
export async function createFromDetails(ws: WorkspaceRoom, msg: v.InferOutput<typeof RecordCreate>): Promise<RecordRef> {
  const d = msg.details;
  const crm = ws.crm;
  const org = d.organization.name ? await crm.createOrganization({ name: d.organization.name, address: d.organization.address || undefined }) : undefined;
  const personName = d.person.name || msg.visitorName;
  const person = await crm.createPerson({ name: personName, email: d.person.email || undefined, phone: d.person.phone || undefined, orgId: org?.id });
  const base = {
    title: `${personName}${org ? ` (${org.title})` : ''}`,
    personId: person.id,
    orgId: org?.id,
    ...(d.value.amount !== null ? { value: { amount: d.value.amount, currency: d.value.currency } } : {}),
    ...(d.expectedCloseDate ? { expectedCloseDate: d.expectedCloseDate } : {}),
  };
  const item = msg.kind === 'lead' ? await crm.createLead({ ...base, title: `${base.title} lead` }) : await crm.createDeal({ ...base, title: `${base.title} deal` });
  if (d.notes) await crm.addNote({ content: d.notes, ...(msg.kind === 'lead' ? { leadId: item.id } : { dealId: item.id }) });
  return item;
}

/** The offline flow's capture-and-create: runs on the server, with no agent online. Idempotent per submission. */
export async function offline(ws: WorkspaceRoom, req: Party.Request, origin: string | null): Promise<Response> {
  const body = await ws.body(req, OfflineSubmission);
  const p = ws.playbooks.get(body.playbookId);
  if (!p) throw new BatonError('not-found', 'No such playbook');
  if (!origin || !p.allowedOrigins.includes(origin)) throw new BatonError('forbidden', 'This site may not submit to this playbook');
  const doneKey = `offline:${body.submissionId}`;
  const done = await ws.room.storage.get<number>(doneKey);
  if (done !== undefined) return json({ ok: true, accepted: done });
  const crm = ws.crm;
  const c = body.contact;
  const transcript = body.transcript.map((l) => `${l.from === 'bot' ? p.botName : 'Visitor'}: ${l.text}`).join('\n');
  const org = c.company ? await crm.createOrganization({ name: c.company }) : undefined;
  const name = c.name || c.email || 'Website visitor';
  const person = c.name || c.email || c.phone ? await crm.createPerson({ name, email: c.email, phone: c.phone, orgId: org?.id }) : undefined;
  let accepted = 0;
  for (const item of body.create) {
    const title = `${name} (website, ${body.qualified === false ? 'not qualified' : body.qualified ? 'qualified' : 'offline'})`;
    const made =
      item === 'lead'
        ? await crm.createLead({ title, personId: person?.id, orgId: org?.id })
        : item === 'deal'
          ? await crm.createDeal({ title, personId: person?.id, orgId: org?.id })
          : await crm.createActivity({ subject: `Follow up: ${name}`, note: transcript, personId: person?.id });
    if (item !== 'activity') await crm.addNote({ content: transcript || '(no transcript)', ...(item === 'lead' ? { leadId: made.id } : { dealId: made.id }) });
    accepted++;
  }
  await ws.room.storage.put(doneKey, accepted);
  return json({ ok: true, accepted });
}
