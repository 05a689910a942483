import type { ErasureView, RecordRef, StoredRecord, VisitorKeys } from '../../protocol';
import { hmac, randomId } from '../auth';
import type { Intent } from '../crm/intent';
import { familyOf } from '../migrate';
import type { RoomLink } from '../link';
import type { Storage } from '../ports';
import { deleteKeys, scanStorage } from '../storage-scan';
import type { StoredBlock } from './blocks';
import { WORKSPACE_STORED } from './migrations';
import { sameVisitor } from './history';
import { logEvent } from '../log';

const EMAIL_NEXT = 'email:next:';
const catalogued = (key: string) => familyOf(WORKSPACE_STORED, key) !== undefined;

/*
 * Deleting everything about one visitor (a GDPR request). The visitor is named by their anonymous visitor id,
 * the site's verified user id, or an email; their conversations are those whose keys (history.ts) carry it.
 * Each conversation room deletes all it stores; the workspace then deletes the index and history keys, the
 * CRM queue's entries of those chats (and offline forms of that email), built-in CRM items linked only to
 * them, and blocks of them. What stays is a record that it happened: who, when, counts and a keyed hash.
 */

/**
 * The conversations of the visitor a request names: those whose visitor id, verified user id or (lower-cased)
 * email is the one given, and the chats `Previous conversations` shows agents as the same visitor's
 * (history.ts `sameVisitor`: the same browser or email, or the same verified user), so what agents see as
 * this visitor is what goes. One step only: a chat is never reached through a chain of other chats.
 */
export function matchVisitor(keys: ReadonlyMap<string, VisitorKeys>, query: string): string[] {
  const q = query.trim();
  const email = q.toLowerCase();
  const direct: VisitorKeys[] = [];
  for (const k of keys.values()) if (k.visitorId === q || k.userId === q || (k.email !== undefined && k.email === email)) direct.push(k);
  const out: string[] = [];
  for (const [id, k] of keys) if (direct.some((d) => d === k || sameVisitor(d, k))) out.push(id);
  return out;
}

/** Whether an intent is the visitor's: made from one of their chats, or an offline form left with their email. */
export function intentIsTheirs(i: Pick<Intent, 'conversationId' | 'payload'>, conversations: ReadonlySet<string>, query: string): boolean {
  if (i.conversationId && conversations.has(i.conversationId)) return true;
  const email = i.payload.type === 'offline' ? i.payload.contact.email : i.payload.details.person.email;
  return !!email && email.trim().toLowerCase() === query.trim().toLowerCase();
}

type Data = { personId?: unknown; orgId?: unknown; leadId?: unknown; dealId?: unknown };
const links = (r: StoredRecord) => {
  const d = (r.data ?? {}) as Data;
  return [d.personId, d.orgId, d.leadId, d.dealId].filter((x): x is string => typeof x === 'string');
};

/**
 * The built-in CRM items to delete: the items made for the visitor (`seeds`), what hangs on them (notes and
 * activities on their items, leads and deals of their person), less what someone else still uses (an
 * organization another person or item of the store links to stays).
 */
export function crmToErase(records: readonly StoredRecord[], seeds: ReadonlySet<string>): Set<string> {
  const out = new Set(records.filter((r) => seeds.has(r.id)).map((r) => r.id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of records) {
      if (out.has(r.id) || r.kind === 'person' || r.kind === 'organization') continue;
      const d = (r.data ?? {}) as Data;
      if ([d.personId, d.leadId, d.dealId].some((x) => typeof x === 'string' && out.has(x))) {
        out.add(r.id);
        grew = true;
      }
    }
  }
  for (let shrank = true; shrank; ) {
    shrank = false;
    for (const r of records) {
      if (out.has(r.id)) continue;
      for (const x of links(r)) if (out.delete(x)) shrank = true;
    }
  }
  return out;
}

/** The hash kept of a request: keyed with the server secret, so it can't be reversed by trying emails without it. */
export const subjectOf = async (secret: string, query: string) => (await hmac(secret, `erasure:${query.trim().toLowerCase()}`)).slice(0, 43);

export const ERASURE_PREFIX = 'erasure:';
export type ErasureRecord = ErasureView & { v: 1 };
const erasureKey = (e: Pick<ErasureView, 'at' | 'id'>) => `${ERASURE_PREFIX}${String(e.at).padStart(15, '0')}:${e.id}`;

/** What the erasure needs of the workspace room. */
export type ErasureHost = {
  storage: Storage;
  secret: string;
  link: RoomLink;
  now(): number;
  keys: ReadonlyMap<string, VisitorKeys>;
  /** Removes the conversations from the index, history keys, routing queue and joined lists (memory and storage). */
  forgetConversations(ids: readonly string[]): Promise<void>;
  /** Removes these intents from the CRM queue's memory (their keys are deleted here). */
  dropIntents(ids: readonly string[]): void;
  /** Forgets the email outbox's mails of these conversations (memory: their keys are deleted here), none sent after. */
  dropEmails(conversationIds: readonly string[]): void;
  /** Removes the blocks that match (memory and storage); answers how many. */
  dropBlocks(match: (b: StoredBlock) => boolean): Promise<number>;
};

/** Asks a conversation room to delete everything it stores; answers the CRM items it made, or null if not reached. */
export async function eraseRoom(link: RoomLink, id: string, closedBefore?: number): Promise<{ erased: boolean; records: RecordRef[] } | null> {
  try {
    const res = await link.json({ party: 'conversation', id }, { type: 'erase', ...(closedBefore !== undefined ? { closedBefore } : {}) });
    if (res.status === 404) return { erased: true, records: [] }; // nothing there any more
    if (res.status !== 200) return null;
    const body = res.body as { erased?: boolean; records?: Record<string, unknown> };
    const records = Object.values(body.records ?? {}).filter((r): r is RecordRef => typeof r === 'object' && r !== null && typeof (r as RecordRef).id === 'string');
    return { erased: body.erased === true, records };
  } catch {
    return null;
  }
}

/**
 * Deletes the visitor `query` names, everywhere. Conversation rooms that could not be reached stay in the index
 * (`failed`): running the same request again finishes the job. Answers the record kept of it.
 */
export async function eraseVisitor(host: ErasureHost, query: string, by: { id: string; name: string }): Promise<ErasureView> {
  const { storage } = host;
  const matched = matchVisitor(host.keys, query);
  const theirKeys = matched.map((id) => host.keys.get(id)!);
  const visitorIds = new Set(theirKeys.map((k) => k.visitorId).filter((x): x is string => !!x));
  const seeds = new Set<string>();
  const erased: string[] = [];
  let failed = 0;
  for (const id of matched) {
    const answer = await eraseRoom(host.link, id);
    if (!answer) {
      failed++;
      continue;
    }
    for (const r of answer.records) seeds.add(r.id);
    erased.push(id);
  }
  const gone = new Set(erased);
  // Every chat they had is gone (or was told to go): their history keys and index rows go with them.
  await host.forgetConversations(erased);
  host.dropEmails(erased);

  // The CRM queue: intents of their chats and offline forms of their email (open or kept after creating).
  const intentIds: string[] = [];
  const intentKeys: string[] = [];
  for await (const page of scanStorage<Intent>(storage, 'intent:')) {
    for (const [key, i] of page) {
      if (!intentIsTheirs(i, gone, query)) continue;
      intentIds.push(i.id);
      intentKeys.push(key);
      for (const ref of Object.values(i.steps ?? {})) seeds.add(ref.id);
      if (i.result) seeds.add(i.result.id);
    }
  }
  const dropped = new Set(intentIds);
  for await (const page of scanStorage<string>(storage, 'intent-done:')) for (const [key, id] of page) if (dropped.has(id)) intentKeys.push(key);
  host.dropIntents(intentIds);
  await deleteKeys(storage, intentKeys);

  // The built-in CRM: their person by email, what their chats and forms made, and what hangs on those.
  const email = query.trim().toLowerCase();
  const byEmail = await storage.get<{ personId: string; orgId?: string }>(`rec-email:${email}`);
  if (byEmail) {
    seeds.add(byEmail.personId);
    if (byEmail.orgId) seeds.add(byEmail.orgId);
  }
  const records: StoredRecord[] = [];
  const recordKeys = new Map<string, string>();
  for await (const page of scanStorage<StoredRecord>(storage, 'rec:')) {
    for (const [key, r] of page) {
      records.push(r);
      recordKeys.set(r.id, key);
    }
  }
  const doomed = crmToErase(records, seeds);
  const crmKeys = [...doomed].flatMap((id) => [recordKeys.get(id)!, `rec-id:${id}`]);
  for await (const page of scanStorage<{ personId?: string }>(storage, 'rec-email:')) for (const [key, v] of page) if (v.personId && doomed.has(v.personId)) crmKeys.push(key);
  for await (const page of scanStorage<RecordRef>(storage, 'rec-key:')) for (const [key, v] of page) if (doomed.has(v.id)) crmKeys.push(key);
  await deleteKeys(storage, crmKeys);

  // Blocks of them: by their chats or their browser.
  const blocks = await host.dropBlocks((b) => gone.has(b.conversationId) || (b.visitorId !== undefined && visitorIds.has(b.visitorId)));

  // Anything else of one of their chats that other features keep: a key naming it (the email outbox
  // `email:intent:`/`email:done:`, insights contributions `ins:c:`, `email:next:` from it), a reply's link to it
  // (`email:next:` whose chat it is), or a record of a family this module does not know (not in the catalogue)
  // that mentions it. Known families were handled above.
  const leftovers: string[] = [];
  const mentions = (text: string) => [...gone].some((id) => text.includes(id));
  const linksTo = (key: string, value: unknown) => key.startsWith(EMAIL_NEXT) && gone.has((value as { conversationId?: string } | null)?.conversationId ?? '');
  if (gone.size)
    for await (const page of scanStorage(storage)) for (const [key, value] of page) if (mentions(key) || linksTo(key, value) || (!catalogued(key) && mentions(JSON.stringify(value) ?? ''))) leftovers.push(key);
  await deleteKeys(storage, leftovers);

  const at = host.now();
  const record: ErasureRecord = { v: 1, id: randomId(9), at, by: { id: by.id, name: by.name }, subject: await subjectOf(host.secret, query), conversations: erased.length, records: doomed.size, intents: intentIds.length, blocks, failed };
  await storage.put(erasureKey(record), record);
  logEvent('visitor-erased', { conversations: erased.length, records: doomed.size, intents: intentIds.length, blocks, failed });
  return viewOfErasure(record);
}

export const viewOfErasure = ({ v: _v, ...view }: ErasureRecord): ErasureView => view;

/** The deletion log, newest first. */
export async function erasureLog(storage: Storage, max: number): Promise<ErasureView[]> {
  return [...(await storage.list<ErasureRecord>({ prefix: ERASURE_PREFIX, reverse: true, limit: max })).values()].map(viewOfErasure);
}
