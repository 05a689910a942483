import type * as Party from 'partykit/server';
import type { RecordRef } from '../../protocol';
import { randomId } from '../auth';

/** The CRM surface every adapter implements (built-in store, Pipedrive, webhook). */
export interface CrmAdapter {
  createPerson(input: { name: string; email?: string; phone?: string; orgId?: string }): Promise<RecordRef>;
  createOrganization(input: { name: string; address?: string }): Promise<RecordRef>;
  createLead(input: { title: string; personId?: string; orgId?: string; value?: { amount: number; currency: string }; expectedCloseDate?: string }): Promise<RecordRef>;
  createDeal(input: { title: string; personId?: string; orgId?: string; value?: { amount: number; currency: string }; expectedCloseDate?: string }): Promise<RecordRef>;
  addNote(input: { content: string; leadId?: string; dealId?: string; personId?: string }): Promise<RecordRef>;
  createActivity(input: { subject: string; note?: string; personId?: string }): Promise<RecordRef>;
}

export type StoredRecord = RecordRef & { createdAt: number; data: Record<string, unknown> };

/** Built-in record store: everything in the workspace room's storage under `rec:<kind>:<id>`. */
export class BuiltinCrm implements CrmAdapter {
  constructor(private storage: Party.Storage) {}

  private async put(kind: RecordRef['kind'], title: string, data: Record<string, unknown>): Promise<RecordRef> {
    const id = randomId(9);
    const record: StoredRecord = { kind, id, title, createdAt: Date.now(), data };
    await this.storage.put(`rec:${kind}:${id}`, record);
    return { kind, id, title };
  }

  createPerson(input: Parameters<CrmAdapter['createPerson']>[0]) {
    return this.put('person', input.name, input);
  }
  createOrganization(input: Parameters<CrmAdapter['createOrganization']>[0]) {
    return this.put('organization', input.name, input);
  }
  createLead(input: Parameters<CrmAdapter['createLead']>[0]) {
    return this.put('lead', input.title, input);
  }
  createDeal(input: Parameters<CrmAdapter['createDeal']>[0]) {
    return this.put('deal', input.title, input);
  }
  addNote(input: Parameters<CrmAdapter['addNote']>[0]) {
    return this.put('note', input.content.slice(0, 60), input);
  }
  createActivity(input: Parameters<CrmAdapter['createActivity']>[0]) {
    return this.put('activity', input.subject, input);
  }

  async list(): Promise<StoredRecord[]> {
    return [...(await this.storage.list<StoredRecord>({ prefix: 'rec:' })).values()];
  }
}
