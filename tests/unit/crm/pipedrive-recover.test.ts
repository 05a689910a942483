import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { PipedriveCrm, addedAt } from '../../../party/crm/pipedrive';
import { FakePipedrive } from '../../fakes/pipedrive';

const TOKEN = 'unit0123456789abcdef0123456789abcdeftok';
let pd: FakePipedrive;
let crm: PipedriveCrm;
beforeAll(async () => {
  pd = await new FakePipedrive(TOKEN).start();
  crm = new PipedriveCrm({ domain: 'acme', apiToken: TOKEN, apiBase: pd.url, timeoutMs: 1_000 });
});
afterAll(() => pd.stop());
beforeEach(() => {
  pd.heal();
  pd.log.length = 0;
});
const hourAgo = () => new Date(Date.now() - 3_600_000);

describe('addedAt', () => {
  test('reads the formats Pipedrive writes', () => {
    expect(addedAt('2026-11-25T10:00:00Z')).toBe(Date.UTC(2026, 10, 25, 10));
    expect(addedAt('2026-11-25T10:00:00.250Z')).toBe(Date.UTC(2026, 10, 25, 10, 0, 0, 250));
    expect(addedAt('2026-11-25 10:00:00')).toBe(Date.UTC(2026, 10, 25, 10)); // /v1, UTC
  });
  test('null for what it cannot read', () => {
    for (const v of [undefined, null, 12, '', 'yesterday', '2026-13-45 99:99:99']) expect(addedAt(v)).toBeNull();
  });
});

describe('a create whose answer was lost', () => {
  test('a first attempt never searches: one POST', async () => {
    const person = await crm.createPerson({ name: 'First Try' });
    await crm.createLead({ title: 'First lead', personId: person.id }, 'k1');
    expect(pd.log.filter((l) => l.path === '/v1/leads').map((l) => l.method)).toEqual(['POST']);
  });

  test('the retry takes the lead the lost call made, with its link', async () => {
    const person = await crm.createPerson({ name: 'Lost Lead' });
    const sentAt = Date.now();
    pd.fail(1, { lost: 'timeout' }, 'POST /v1/leads');
    await expect(crm.createLead({ title: 'Lost lead', personId: person.id }, 'k2')).rejects.toMatchObject({ retryable: true });
    const again = await crm.createLead({ title: 'Lost lead', personId: person.id }, 'k2', sentAt);
    const leads = pd.store.leads.filter((l) => l.person_id === Number(person.id));
    expect(leads).toHaveLength(1);
    expect(again).toEqual({ kind: 'lead', id: leads[0]!.id, title: 'Lost lead', url: `https://acme.pipedrive.com/leads/inbox/${leads[0]!.id}` });
  });

  test('an older item with the same title is not taken for it: the retry creates', async () => {
    const person = await crm.createPerson({ name: 'Old Deal' });
    pd.store.deals.push({ id: 9_001, title: 'Same title', person_id: Number(person.id), add_time: hourAgo().toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const made = await crm.createDeal({ title: 'Same title', personId: person.id }, 'k3', Date.now() - 1_000);
    expect(made.id).not.toBe('9001');
    expect(pd.store.deals.filter((d) => d.person_id === Number(person.id))).toHaveLength(2);
    expect(pd.log.filter((l) => l.path === '/api/v2/deals').map((l) => l.method)).toEqual(['GET', 'POST']);
  });

  test('another title under the same person is not taken either', async () => {
    const person = await crm.createPerson({ name: 'Two Leads' });
    const sentAt = Date.now();
    await crm.createLead({ title: 'Lead A', personId: person.id }, 'k4');
    const b = await crm.createLead({ title: 'Lead B', personId: person.id }, 'k5', sentAt);
    expect(pd.store.leads.filter((l) => l.person_id === Number(person.id)).map((l) => l.title).sort()).toEqual(['Lead A', 'Lead B']);
    expect(b.title).toBe('Lead B');
  });

  test('notes are matched on the HTML Pipedrive stored, activities on their subject', async () => {
    const person = await crm.createPerson({ name: 'Note Person' });
    const deal = await crm.createDeal({ title: 'Deal with note', personId: person.id }, 'k6');
    const sentAt = Date.now();
    pd.fail(1, { lost: 500 }, 'POST /v1/notes');
    await expect(crm.addNote({ content: 'a < b\nnext line', dealId: deal.id }, 'k7')).rejects.toMatchObject({ retryable: true });
    const note = await crm.addNote({ content: 'a < b\nnext line', dealId: deal.id }, 'k7', sentAt);
    expect(pd.store.notes.filter((n) => n.deal_id === Number(deal.id))).toEqual([expect.objectContaining({ id: Number(note.id), content: 'a &lt; b<br>next line' })]);
    pd.fail(1, { lost: 'timeout' }, 'POST /api/v2/activities');
    await expect(crm.createActivity({ subject: 'Call back', personId: person.id }, 'k8')).rejects.toMatchObject({ retryable: true });
    await crm.createActivity({ subject: 'Call back', personId: person.id }, 'k8', sentAt);
    expect(pd.store.activities.filter((a) => a.participants?.some((p) => p.person_id === Number(person.id) && p.primary_flag))).toHaveLength(1);
  });

  test('a person without email is found by name among the newest (under its organization)', async () => {
    const org = await crm.createOrganization({ name: 'Nameonly Ltd' });
    const sentAt = Date.now();
    pd.fail(1, { lost: 'timeout' }, 'POST /api/v2/persons');
    await expect(crm.createPerson({ name: 'No Email', orgId: org.id }, 'k9')).rejects.toMatchObject({ retryable: true });
    const p = await crm.createPerson({ name: 'No Email', orgId: org.id }, 'k9', sentAt);
    expect(pd.store.persons.filter((x) => x.name === 'No Email')).toEqual([expect.objectContaining({ id: Number(p.id), org_id: Number(org.id) })]);
  });
});

test("an organization is never matched by its name alone (two visitors' companies may share one)", async () => {
  const a = await crm.createOrganization({ name: 'Reuse Corp' });
  const b = await crm.createOrganization({ name: 'reuse corp' });
  expect(b.id).not.toBe(a.id);
  expect(pd.log.filter((l) => l.path.includes('/organizations/search'))).toEqual([]);
});

test('an organization whose answer was lost is found among the newest, by its exact name', async () => {
  pd.store.organizations.push({ id: 9_002, name: 'Lost Org Ltd', add_time: hourAgo().toISOString().replace(/\.\d{3}Z$/, 'Z') }); // older: not it
  const sentAt = Date.now();
  pd.fail(1, { lost: 500 }, 'POST /api/v2/organizations');
  await expect(crm.createOrganization({ name: 'Lost Org Ltd' }, 'ko')).rejects.toMatchObject({ retryable: true });
  const made = pd.store.organizations.at(-1)!;
  const o = await crm.createOrganization({ name: 'Lost Org Ltd' }, 'ko', sentAt);
  expect(o.id).toBe(String(made.id));
  expect(pd.store.organizations.filter((x) => x.name === 'Lost Org Ltd')).toHaveLength(2);
});

test('the fake refuses what Pipedrive would: unknown list parameters, bad sorts and limits', async () => {
  const get = (path: string) => fetch(`${pd.url}${path}`, { headers: { 'x-api-token': TOKEN } });
  expect((await get('/v1/leads?person=1')).status).toBe(400);
  expect((await get('/v1/leads?sort=add_time%20SIDEWAYS')).status).toBe(400);
  expect((await get('/api/v2/deals?sort_by=title')).status).toBe(400);
  expect((await get('/api/v2/deals?limit=501')).status).toBe(400);
  expect((await get('/api/v2/deals?person_id=abc')).status).toBe(400);
  expect((await fetch(`${pd.url}/api/v2/deals`)).status).toBe(401);
  const empty = await (await get('/api/v2/deals?person_id=987654')).json();
  expect(empty).toMatchObject({ success: true, data: null });
});
