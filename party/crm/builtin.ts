import type * as Party from 'partykit/server';
import type { RecordKind, RecordRef, StoredRecord } from '../../protocol';
import { randomId } from '../auth';
import type { ActivityInput, CrmAdapter, ItemInput, NoteInput, OrganizationInput, PersonInput } from './adapter';

export type { CrmAdapter } from './adapter';

/** Keys sort by creation time, so a prefix listing in reverse is newest first. */
const recordKey = (createdAt: number, id: string) => `rec:${String(createdAt).padStart(15, '0')}:${id}`;

/** Built-in record store: everything in the workspace room's storage under `rec:<createdAt>:<id>`. */
export class BuiltinCrm implements CrmAdapter {
  readonly target = 'builtin';
  constructor(private storage: Party.Storage) {}

  private async put(kind: RecordKind, title: string, data: Record<string, unknown>): Promise<RecordRef> {
    const id = `${kind.slice(0, 3)}_${randomId(9)}`;
    const record: StoredRecord = { kind, id, title, createdAt: Date.now(), data: JSON.parse(JSON.stringify(data)) };
    await this.storage.put(recordKey(record.createdAt, id), record);
    return { kind, id, title };
  }

  createPerson(input: PersonInput) {
    return this.put('person', input.name, input);
  }
  createOrganization(input: OrganizationInput) {
    return this.put('organization', input.name, input);
  }
  createLead(input: ItemInput) {
    return this.put('lead', input.title, input);
  }
  createDeal(input: ItemInput) {
    return this.put('deal', input.title, input);
  }
  addNote(input: NoteInput) {
    return this.put('note', input.content.slice(0, 60), input);
  }
  createActivity(input: ActivityInput) {
    return this.put('activity', input.subject, input);
  }

  /** Newest first; `before` is a createdAt cursor (exclusive). */
  async list(opts: { kind?: RecordKind; before?: number; limit?: number } = {}): Promise<{ records: StoredRecord[]; more: boolean }> {
    const limit = opts.limit ?? 100;
    const all = await this.storage.list<StoredRecord>({ prefix: 'rec:', reverse: true, ...(opts.before !== undefined ? { end: recordKey(opts.before, '') } : {}) });
    const records: StoredRecord[] = [];
    let more = false;
    for (const r of all.values()) {
      if (opts.kind && r.kind !== opts.kind) continue;
      if (records.length === limit) {
        more = true;
        break;
      }
      records.push(r);
    }
    return { records, more };
  }

  async all(): Promise<StoredRecord[]> {
    return [...(await this.storage.list<StoredRecord>({ prefix: 'rec:' })).values()];
  }
}
