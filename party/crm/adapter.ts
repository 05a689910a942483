import type { RecordRef } from '../../protocol';
import type { Visit } from './visit';

export type Money = { amount: number; currency: string };
export type PersonInput = { name: string; email?: string; phone?: string; orgId?: string };
export type OrganizationInput = { name: string; address?: string };
/** `visit`: where the visit began (cleaned, visit.ts): kept on the item where the CRM can hold it (built-in store, webhook). */
export type ItemInput = { title: string; personId?: string; orgId?: string; value?: Money; expectedCloseDate?: string; visit?: Visit };
/** `visit`: rendered by the adapter as the note's Visit block after `content` (text, or HTML in Pipedrive). */
export type NoteInput = { content: string; leadId?: string; dealId?: string; personId?: string; visit?: Visit };
export type ActivityInput = { subject: string; note?: string; personId?: string; orgId?: string; visit?: Visit };
/** A person already in the CRM and the organization it is linked to, if any. */
export type KnownPerson = { person: RecordRef; organization?: RecordRef };

/**
 * The CRM surface every adapter implements (built-in store, Pipedrive, webhook). Each call creates one
 * item and answers its id and, where the CRM has one, a link. `key` is stable per intent step, so an
 * adapter that can deduplicate (webhook receivers) may. `sentAt` is set when an earlier attempt sent this
 * very create and got no answer: the item may exist, so an adapter whose CRM can be searched (Pipedrive)
 * looks for it, created since then, before creating another.
 */
export interface CrmAdapter {
  readonly target: 'builtin' | 'pipedrive' | 'webhook';
  createPerson(input: PersonInput, key: string, sentAt?: number): Promise<RecordRef>;
  createOrganization(input: OrganizationInput, key: string, sentAt?: number): Promise<RecordRef>;
  createLead(input: ItemInput, key: string, sentAt?: number): Promise<RecordRef>;
  createDeal(input: ItemInput, key: string, sentAt?: number): Promise<RecordRef>;
  addNote(input: NoteInput, key: string, sentAt?: number): Promise<RecordRef>;
  createActivity(input: ActivityInput, key: string, sentAt?: number): Promise<RecordRef>;
  /**
   * The person with exactly this email (case-insensitive) and its organization, where the CRM can be asked
   * (built-in store, Pipedrive; a webhook receiver cannot be). See plans.ts for how a plan uses it.
   */
  findPerson?(email: string): Promise<KnownPerson | null>;
}

/**
 * A CRM call that did not work. `retryable` for network errors, timeouts, 5xx and 429; `retryAfterMs`
 * when the CRM said how long to wait. The message is shown to agents: it never carries a token.
 */
export class CrmError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
