import { detailsFromCapture, type CapturedContact, type Details, type VisitorIdentity } from '../../protocol';

/**
 * The visitor of a chat left contact details in the offline flow: they fill the details panel's empty fields
 * (each only if valid); what an agent already typed is kept.
 */
export function mergeContact(d: Details, contact: CapturedContact): Details {
  const given = detailsFromCapture(contact, d.value.currency);
  return {
    ...d,
    person: { name: d.person.name || given.person.name, email: d.person.email || given.person.email, phone: d.person.phone || given.person.phone },
    organization: { ...d.organization, name: d.organization.name || given.organization.name },
  };
}

/**
 * Who a conversation's visitor is after a new identify: a verified identity is never replaced by a claim (a page
 * without the hash can't undo it), nor by another verified id (one chat, one account); a verified identify
 * replaces a claim; a new claim replaces an older claim. Null: keep what is there.
 */
export function nextIdentity(current: VisitorIdentity | undefined, incoming: VisitorIdentity): VisitorIdentity | null {
  if (current?.verified && (!incoming.verified || incoming.id !== current.id)) return null;
  return JSON.stringify(current) === JSON.stringify(incoming) ? null : incoming;
}
