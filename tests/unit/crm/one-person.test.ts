import { describe, expect, it } from 'vitest';
import { BuiltinCrm } from '../../../party/crm/builtin';
import { IntentQueue, newIntent, type Intent } from '../../../party/crm/intents';
import { runPlan, type IntentPayload } from '../../../party/crm/plans';
import type { CrmAdapter } from '../../../party/crm/adapter';
import { crmEnv } from '../../../party/crm/settings';
import { emptyDetails, type Details, type RecordOutcome, type StoredRecord } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

/** A queue on the built-in store, as the workspace room runs it. */
function queue(storage = new MemoryStorage()) {
  const told: { id: string; outcome: RecordOutcome }[] = [];
  const q = new IntentQueue({
    storage: storage.asStorage(),
    env: crmEnv({}),
    changed: () => undefined,
    tellConversation: async (i: Intent, outcome: RecordOutcome) => {
      told.push({ id: i.id, outcome });
      return true;
    },
  });
  return { q, storage, told, crm: new BuiltinCrm(storage.asStorage()) };
}

const visitor = (email: string, company: string, name = 'Vera Visitor'): Details => {
  const d = emptyDetails();
  return { ...d, person: { ...d.person, name, email }, organization: { ...d.organization, name: company } };
};
const fromChat = (conversationId: string, kind: 'lead' | 'deal', details: Details, known?: Extract<IntentPayload, { type: 'details' }>['known']) =>
  newIntent(`conv:${conversationId}:${kind}`, { source: 'conversation', conversationId, workspaceId: 'ws', target: 'builtin' }, { type: 'details', kind, visitorName: 'Vera', details, ...(known ? { known } : {}) });

async function run(q: IntentQueue, i: Intent) {
  await q.save(i);
  await q.attempt(i, false);
  return i;
}
const records = async (crm: BuiltinCrm, kind: string) => (await crm.all()).filter((r: StoredRecord) => r.kind === kind);

describe('one person per visitor (built-in store)', () => {
  it('a deal after a lead of the same chat reuses its person and organization, and the outcome names the person', async () => {
    const { q, crm } = queue();
    const lead = await run(q, fromChat('c1', 'lead', visitor('vera@example.com', 'Lyon Bikes')));
    const deal = await run(q, fromChat('c1', 'deal', visitor('vera@example.com', 'Lyon Bikes')));
    expect(await records(crm, 'person')).toHaveLength(1);
    expect(await records(crm, 'organization')).toHaveLength(1);
    expect(deal.steps.person).toEqual(lead.steps.person);
    expect(deal.steps.organization).toEqual(lead.steps.organization);
    const [dealRecord] = await records(crm, 'deal');
    expect(dealRecord!.data).toMatchObject({ personId: lead.steps.person!.id, orgId: lead.steps.organization!.id });
    const { outcomeOf } = await import('../../../party/crm/intents');
    expect(outcomeOf(deal)).toMatchObject({ status: 'created', person: lead.steps.person, organization: lead.steps.organization, crm: 'builtin' });
  });

  it("the chat's own earlier person comes first, even with no email to match", async () => {
    const { q, crm } = queue();
    const lead = await run(q, fromChat('c2', 'lead', visitor('', 'No Mail Ltd', 'Anon')));
    // The lead's intent is gone (pruned) but the chat remembers its person: still reused.
    const deal = await run(q, { ...fromChat('c2b', 'deal', visitor('', 'No Mail Ltd', 'Anon'), { crm: 'builtin', person: lead.steps.person!, organization: lead.steps.organization! }) });
    expect(deal.steps.person).toEqual(lead.steps.person);
    expect(await records(crm, 'person')).toHaveLength(1);
    expect(await records(crm, 'organization')).toHaveLength(1);
    // Ids from another CRM are not taken for this one's.
    const other = await run(q, fromChat('c2c', 'deal', visitor('', 'No Mail Ltd', 'Anon'), { crm: 'pipedrive', person: { kind: 'person', id: '7', title: 'Anon' } }));
    expect(other.steps.person!.id).not.toBe('7');
  });

  it('a second chat with the same email (any case) reuses the person and, with the same company, its organization', async () => {
    const { q, crm } = queue();
    const first = await run(q, fromChat('c3', 'lead', visitor('Sam@Example.com', 'Acme')));
    const second = await run(q, fromChat('c4', 'deal', visitor('sam@example.COM', 'ACME ')));
    expect(second.steps.person).toEqual(first.steps.person);
    expect(second.steps.organization).toEqual(first.steps.organization);
    expect(await records(crm, 'person')).toHaveLength(1);
    // Same person, another company typed: that company is created (the person is not moved).
    const third = await run(q, fromChat('c5', 'lead', visitor('sam@example.com', 'Globex')));
    expect(third.steps.person).toEqual(first.steps.person);
    expect(third.steps.organization!.id).not.toBe(first.steps.organization!.id);
  });

  it("a stranger's company of the same name is never merged: another email means another person and organization", async () => {
    const { q, crm } = queue();
    const a = await run(q, fromChat('c6', 'lead', visitor('a@one.test', 'Acme')));
    const b = await run(q, fromChat('c7', 'lead', visitor('b@two.test', 'Acme')));
    expect(b.steps.person!.id).not.toBe(a.steps.person!.id);
    expect(b.steps.organization!.id).not.toBe(a.steps.organization!.id);
    expect(await records(crm, 'organization')).toHaveLength(2);
  });

  it('a lead and a deal asked for at once for one chat still make one person (attempts of a chat run one at a time)', async () => {
    const { q, crm } = queue();
    const lead = fromChat('c8', 'lead', visitor('', 'Twice Co', 'No Email'));
    const deal = fromChat('c8', 'deal', visitor('', 'Twice Co', 'No Email'));
    await Promise.all([q.save(lead), q.save(deal)]);
    await Promise.all([q.attempt(lead, false), q.attempt(deal, false)]);
    expect(lead.status).toBe('created');
    expect(deal.status).toBe('created');
    expect(await records(crm, 'person')).toHaveLength(1);
    expect(await records(crm, 'organization')).toHaveLength(1);
  });

  it('two chats of one visitor creating at once make one person (the store looks again in its write queue)', async () => {
    const { crm } = queue();
    const [a, b] = await Promise.all([crm.createPerson({ name: 'Vera', email: 'race@example.com' }, 'k1'), crm.createPerson({ name: 'Vera', email: 'RACE@example.com' }, 'k2')]);
    expect(b).toEqual(a);
    expect(await records(crm, 'person')).toHaveLength(1);
  });

  it('a create asked again with its key (a retry after a crash before the step was saved) answers the same item', async () => {
    const { crm } = queue();
    const a = await crm.createDeal({ title: 'Once' }, 'i1:deal');
    const b = await crm.createDeal({ title: 'Once' }, 'i1:deal');
    expect(b).toEqual(a);
    expect(await records(crm, 'deal')).toHaveLength(1);
  });

  it('the offline flow reuses the person by email, and its organization only through that person', async () => {
    const { q, crm } = queue();
    const lead = await run(q, fromChat('c9', 'lead', visitor('olga@example.com', 'Olga SA', 'Olga')));
    const off = newIntent('off:s1', { source: 'offline', workspaceId: 'ws', target: 'builtin' }, { type: 'offline', contact: { name: 'Olga', email: 'OLGA@example.com', company: 'olga sa' }, create: ['deal', 'activity'], transcript: 'Bot: hi' });
    await run(q, off);
    expect(off.steps.person).toEqual(lead.steps.person);
    expect(off.steps.organization).toEqual(lead.steps.organization);
    expect(await records(crm, 'person')).toHaveLength(1);
    expect(await records(crm, 'organization')).toHaveLength(1);
  });
});

describe('one person per visitor (any CRM that can be searched)', () => {
  it('a person found by email is not created, and a retry reuses the stored step without asking again', async () => {
    const calls: string[] = [];
    const ref = (kind: 'person' | 'organization' | 'lead', id: string, title: string) => ({ kind, id, title });
    const crm: CrmAdapter = {
      target: 'pipedrive',
      findPerson: async (email) => (calls.push(`find ${email}`), { person: ref('person', '1', 'Vera'), organization: ref('organization', '2', 'Acme') }),
      createPerson: async () => (calls.push('person'), ref('person', '9', 'x')),
      createOrganization: async () => (calls.push('organization'), ref('organization', '9', 'x')),
      createLead: async (input) => (calls.push(`lead ${input.personId} ${input.orgId}`), ref('lead', 'L', 'lead')),
      createDeal: async () => ref('lead', 'D', 'deal'),
      addNote: async () => ref('lead', 'N', 'note'),
      createActivity: async () => ref('lead', 'A', 'activity'),
    };
    const steps: Record<string, { kind: 'person' | 'organization' | 'lead' | 'deal' | 'note' | 'activity'; id: string; title: string }> = {};
    const step = async (name: string, create: (k: string) => Promise<(typeof steps)[string]>) => (steps[name] ??= await create(name));
    const payload: IntentPayload = { type: 'details', kind: 'lead', visitorName: 'V', details: visitor('vera@example.com', 'acme') };
    await runPlan(payload, crm, step);
    expect(calls).toEqual(['find vera@example.com', 'lead 1 2']);
    calls.length = 0;
    await runPlan(payload, crm, step);
    expect(calls).toEqual([]);
  });
});

describe('the chat links to its person', () => {
  it('keeps the person a create hangs on, shows it on the event, and sends it with its next create', async () => {
    const { ConversationRecords } = await import('../../../party/conversation/records');
    const person = { kind: 'person' as const, id: 'per_1', title: 'Vera', url: 'https://acme.pipedrive.com/person/1' };
    const organization = { kind: 'organization' as const, id: 'org_1', title: 'Acme' };
    const asked: Record<string, unknown>[] = [];
    const entries: any[] = [];
    const meta = { conversationId: 'ws.c', visitorName: 'Vera', records: {}, lastSeq: 0 } as any;
    const records = new ConversationRecords({
      meta: () => meta,
      details: () => emptyDetails(),
      log: { lastRecordEvent: () => undefined },
      append: async (build) => {
        const made = build(++meta.lastSeq);
        entries.push(...made);
        return made;
      },
      askWorkspace: async (body) => {
        asked.push(body as Record<string, unknown>);
        const kind = (body as { kind: 'lead' | 'deal' }).kind;
        return { status: 200, body: { status: 'created', record: { kind, id: `${kind}1`, title: kind }, person, organization, crm: 'pipedrive' } };
      },
    });
    await records.create({ id: 'a', name: 'Ann' }, 'lead', false);
    expect(asked[0]!.known).toBeUndefined();
    expect(entries[0]).toMatchObject({ event: 'lead-created', person });
    expect(meta.records).toMatchObject({ person, organization, crm: 'pipedrive' });
    await records.create({ id: 'a', name: 'Ann' }, 'deal', false);
    expect(asked[1]!.known).toEqual({ crm: 'pipedrive', person, organization });
  });
});
