import type { Storage } from '../ports';
import type { RecordKind, RecordRef, StoredRecord } from '../../protocol';
import { randomId } from '../auth';
import type { ActivityInput, CrmAdapter, ItemInput, KnownPerson, NoteInput, OrganizationInput, PersonInput } from './adapter';
import { noteText } from './visit';

export type { CrmAdapter } from './adapter';

const PREFIX = 'rec:';
/** Keys sort by creation time, so a prefix listing in reverse is newest first. */
export const recordKey = (createdAt: number, id: string) => `${PREFIX}${String(createdAt).padStart(15, '0')}:${id}`;
/** Keys read at most for one page filtered by kind. */
const SCAN_BUDGET = 1_000;
type ListOptions = { kind?: RecordKind; cursor?: string; before?: number; limit?: number };

/** Beside the records (outside the `rec:` prefix, so never listed or exported): a ref by id, a person by email, an answer by key. */
const BY_ID = 'rec-id:';
const BY_EMAIL = 'rec-email:';
const BY_KEY = 'rec-key:';
type ByEmail = { personId: string; orgId?: string };
const emailKey = (email: string) => `${BY_EMAIL}${email.trim().toLowerCase()}`;
/** Creates per storage run one at a time: two chats of one visitor finding no person can't both create it. */
const queues = new WeakMap<Storage, Promise<unknown>>();

/**
 * Built-in record store: everything in the workspace room's storage under `rec:<createdAt>:<id>`. A create
 * with a key answers the same item when asked again (a retry after a crash between the write and the
 * intent's step being saved); a person with an email already kept is that person (one person per visitor).
 */
export class BuiltinCrm implements CrmAdapter {
  readonly target = 'builtin';
  constructor(private storage: Storage) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = (queues.get(this.storage) ?? Promise.resolve()).then(work, work);
    queues.set(this.storage, run.catch(() => undefined));
    return run;
  }

  /** Writes one record (unless its key already made one); `found` may answer an existing one instead, in the same turn of the queue. */
  private put(kind: RecordKind, title: string, data: Record<string, unknown>, key?: string, found?: () => Promise<RecordRef | undefined>, extra?: (id: string) => Record<string, unknown>): Promise<RecordRef> {
    return this.serial(async () => {
      const done = key ? await this.storage.get<RecordRef>(`${BY_KEY}${key}`) : undefined;
      if (done) return done;
      const existing = await found?.();
      if (existing) return existing;
      const id = `${kind.slice(0, 3)}_${randomId(9)}`;
      const record: StoredRecord = { kind, id, title, createdAt: Date.now(), data: JSON.parse(JSON.stringify(data)) };
      const ref: RecordRef = { kind, id, title };
      // One write: the record, its indexes and its key land together or not at all.
      await this.storage.put({ [recordKey(record.createdAt, id)]: record, [`${BY_ID}${id}`]: ref, ...(key ? { [`${BY_KEY}${key}`]: ref } : {}), ...extra?.(id) });
      return ref;
    });
  }

  /** The person kept with this email (case-insensitive), and the organization it was linked to. */
  async findPerson(email: string): Promise<KnownPerson | null> {
    const hit = await this.storage.get<ByEmail>(emailKey(email));
    if (!hit) return null;
    const refs = await this.storage.get<RecordRef>([`${BY_ID}${hit.personId}`, ...(hit.orgId ? [`${BY_ID}${hit.orgId}`] : [])]);
    const person = refs.get(`${BY_ID}${hit.personId}`);
    const organization = hit.orgId ? refs.get(`${BY_ID}${hit.orgId}`) : undefined;
    return person ? { person, ...(organization ? { organization } : {}) } : null;
  }

  /** A person with an email already kept is that person: looked up again in the write queue, where no other create can slip in. */
  createPerson(input: PersonInput, key?: string) {
    const email = input.email;
    if (!email) return this.put('person', input.name, input, key);
    return this.put(
      'person',
      input.name,
      input,
      key,
      async () => (await this.findPerson(email))?.person,
      (id) => ({ [emailKey(email)]: { personId: id, ...(input.orgId ? { orgId: input.orgId } : {}) } satisfies ByEmail }),
    );
  }
  createOrganization(input: OrganizationInput, key?: string) {
    return this.put('organization', input.name, input, key);
  }
  createLead(input: ItemInput, key?: string) {
    return this.put('lead', input.title, input, key);
  }
  createDeal(input: ItemInput, key?: string) {
    return this.put('deal', input.title, input, key);
  }
  /** The note's text with its Visit block (the lead or deal keeps the visit itself). */
  addNote({ visit, ...input }: NoteInput, key?: string) {
    const content = noteText(input.content, visit);
    return this.put('note', content.slice(0, 60), { ...input, content }, key);
  }
  createActivity({ visit, ...input }: ActivityInput, key?: string) {
    const note = noteText(input.note ?? '', visit);
    return this.put('activity', input.subject, { ...input, ...(note ? { note } : {}) }, key);
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
