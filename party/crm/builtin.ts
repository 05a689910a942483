import type { Storage } from '../ports';
import type { RecordKind, RecordRef, StoredRecord } from '../../protocol';
import { randomId } from '../auth';
import type { ActivityInput, CrmAdapter, ItemInput, NoteInput, OrganizationInput, PersonInput } from './adapter';

export type { CrmAdapter } from './adapter';

const PREFIX = 'rec:';
/** Keys sort by creation time, so a prefix listing in reverse is newest first. */
export const recordKey = (createdAt: number, id: string) => `${PREFIX}${String(createdAt).padStart(15, '0')}:${id}`;
/** Keys read at most for one page filtered by kind. */
const SCAN_BUDGET = 1_000;
type ListOptions = { kind?: RecordKind; cursor?: string; before?: number; limit?: number };

/** Built-in record store: everything in the workspace room's storage under `rec:<createdAt>:<id>`. */
export class BuiltinCrm implements CrmAdapter {
  readonly target = 'builtin';
  constructor(private storage: Storage) {}

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

  /**
   * One page, newest first, read with the storage's own paging (never the whole store). The answer's
   * `cursor` is the last key read: passed back as `cursor`, the next page starts right after it, exact
   * even when many records share a millisecond. `before` (a createdAt, exclusive) is the older cursor.
   * With `kind`, at most SCAN_BUDGET keys are read per page: a rare kind may then answer a short page
   * with `more` and a cursor to go on from.
   */
  async list(opts: ListOptions = {}): Promise<{ records: StoredRecord[]; more: boolean; cursor?: string }> {
    const limit = opts.limit ?? 100;
    let end = opts.cursor ?? (opts.before !== undefined ? recordKey(opts.before, '') : undefined);
    const records: StoredRecord[] = [];
    let cursor: string | undefined;
    let scanned = 0;
    while (scanned < SCAN_BUDGET) {
      // Unfiltered, one read of limit + 1 says both the page and whether there is more.
      const want = opts.kind ? Math.min(SCAN_BUDGET - scanned, Math.max(limit + 1, 128)) : limit + 1;
      const batch = await this.storage.list<StoredRecord>({ prefix: PREFIX, reverse: true, limit: want, ...(end !== undefined ? { end } : {}) });
      scanned += batch.size;
      for (const [key, r] of batch) {
        if (opts.kind && r.kind !== opts.kind) {
          end = key;
          continue;
        }
        if (records.length === limit) return { records, more: true, ...(cursor ? { cursor } : {}) };
        records.push(r);
        cursor = end = key;
      }
      if (batch.size < want) return { records, more: false };
    }
    return { records, more: true, ...(end !== undefined ? { cursor: end } : {}) };
  }

  /** Everything, for the export (the one caller that needs it all). */
  async all(): Promise<StoredRecord[]> {
    return [...(await this.storage.list<StoredRecord>({ prefix: PREFIX })).values()];
  }
}
