import { detailsFromCapture, type CapturedContact, type Details } from '../../protocol';

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
