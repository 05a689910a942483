import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../../party/crm/adapter';
import { PipedriveCrm } from '../../../party/crm/pipedrive';
import { webhookSignature } from '../../../party/crm/webhook';
import { FakePipedrive } from '../../fakes/pipedrive';
import { verifyWebhook } from '../../fakes/webhook-receiver';

const TOKEN = 'unit0123456789abcdef0123456789abcdef';
let pd: FakePipedrive;
beforeAll(async () => {
  pd = await new FakePipedrive(TOKEN).start();
});
afterAll(() => pd.stop());
const crm = (token = TOKEN) => new PipedriveCrm({ domain: 'acme', apiToken: token, apiBase: pd.url, timeoutMs: 500 });

describe('Pipedrive adapter against the fake', () => {
  it('creates a person with emails and phones as documented, then finds it by email with its organization', async () => {
    const org = await crm().createOrganization({ name: 'Ann Co' });
    const p = await crm().createPerson({ name: 'Ann', email: 'ann@example.com', phone: '+331234567', orgId: org.id });
    expect(p.url).toBe(`https://acme.pipedrive.com/person/${p.id}`);
    expect(pd.store.persons.at(-1)).toMatchObject({ name: 'Ann', emails: [{ value: 'ann@example.com', primary: true }], phones: [{ value: '+331234567', primary: true }] });
    const found = await crm().findPerson('ANN@example.com');
    expect(found).toEqual({ person: { ...p, title: 'Ann' }, organization: { kind: 'organization', id: org.id, title: 'Ann Co', url: `https://acme.pipedrive.com/organization/${org.id}` } });
    expect(await crm().findPerson('nobody@example.com')).toBeNull();
    expect(pd.store.persons).toHaveLength(1);
  });

  it('links an activity to its person as the primary participant, never with the read-only person_id', async () => {
    const p = await crm().createPerson({ name: 'Act Person' });
    const a = await crm().createActivity({ subject: 'Follow up', note: 'x', personId: p.id }, 'ka');
    const stored = pd.store.activities.find((x) => String(x.id) === a.id)!;
    expect(stored).toMatchObject({ person_id: Number(p.id), participants: [{ person_id: Number(p.id), primary_flag: true }] });
    expect(a.url).toBe(`https://acme.pipedrive.com/person/${p.id}`);
  });

  it('a lead needs a person or an organization; value is {amount, currency}', async () => {
    await expect(crm().createLead({ title: 'Orphan' })).rejects.toMatchObject({ retryable: false });
    const org = await crm().createOrganization({ name: 'Org', address: 'Main St 1' });
    const lead = await crm().createLead({ title: 'L', orgId: org.id, value: { amount: 10, currency: 'EUR' }, expectedCloseDate: '2030-01-31' });
    expect(pd.store.leads.at(-1)).toMatchObject({ organization_id: Number(org.id), value: { amount: 10, currency: 'EUR' }, expected_close_date: '2030-01-31' });
    const note = await crm().addNote({ content: 'a < b\nc', leadId: lead.id });
    expect(pd.store.notes.at(-1)).toMatchObject({ content: 'a &lt; b<br>c', lead_id: lead.id });
    expect(note.url).toBe(`https://acme.pipedrive.com/leads/inbox/${lead.id}`);
  });

  it('classifies failures: 401 is final, 500 and 429 are retried with the wait the CRM asked, timeouts are retried', async () => {
    await expect(crm('badtoken0123456789abc').createOrganization({ name: 'X' })).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('401') });
    pd.fail(1, { status: 500 });
    await expect(crm().createOrganization({ name: 'X' })).rejects.toMatchObject({ retryable: true });
    pd.fail(1, { status: 429, headers: { 'retry-after': '7' } });
    await expect(crm().createOrganization({ name: 'X' })).rejects.toMatchObject({ retryable: true, retryAfterMs: 7000 });
    pd.fail(1, 'timeout');
    const err = await crm().createOrganization({ name: 'X' }).catch((e) => e);
    expect(err).toBeInstanceOf(CrmError);
    expect(err.retryable).toBe(true);
    expect(pd.store.organizations.filter((o) => o.name === 'X')).toHaveLength(0);
    expect(pd.log.every((l) => !l.query.includes(TOKEN))).toBe(true);
  });

  it('the fake follows the published models: read-only and unknown fields refused, documented optional ones taken', async () => {
    const post = async (path: string, body: object) => {
      const res = await fetch(`${pd.url}${path}`, { method: 'POST', headers: { 'x-api-token': TOKEN, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { success: boolean; error?: string; data?: Record<string, unknown> } };
    };
    const person = await crm().createPerson({ name: 'Model Person' });
    const refused = await post('/api/v2/activities', { subject: 'S', type: 'call', person_id: Number(person.id) });
    expect(refused).toMatchObject({ status: 400, body: { success: false, error: expect.stringMatching(/^'person_id' is a read-only field/) } });
    expect((await post('/api/v2/deals', { title: 'D', id: 5 })).body.error).toBe("'id' is a read-only field.");
    expect((await post('/api/v2/deals', { title: 'D', stage: 1 })).body.error).toBe('Unknown field stage');
    expect((await post('/api/v2/activities', { subject: 'S', participants: [{ person_id: Number(person.id), primary: true }, { person_id: Number(person.id), primary: true }] })).status).toBe(400);
    // Documented optional fields.
    expect((await post('/api/v2/deals', { title: 'D', status: 'open', owner_id: 1 })).status).toBe(200);
    expect((await post('/api/v2/deals', { title: 'D', status: 'maybe' })).status).toBe(400);
    expect((await post('/v1/leads', { title: 'L', person_id: Number(person.id), label_ids: ['f08b42a0-4e75-11ea-9643-03698ef1cfd6'], visible_to: '3' })).status).toBe(201);
    expect((await post('/api/v2/organizations', { name: 'O', address: { locality: 'Lyon', country: 'France' } })).status).toBe(200);
    expect((await post('/api/v2/organizations', { name: 'O', address: { town: 'Lyon' } })).status).toBe(400);
    expect((await post('/api/v2/activities', { subject: 'S', type: 'call', participants: [{ person_id: Number(person.id), primary: true }], due_date: '2030-01-01', due_time: '10:30', done: false })).status).toBe(200);
  });

  it('the fake refuses undocumented fields and wrong types like the API would', async () => {
    const res = await fetch(`${pd.url}/api/v2/deals`, { method: 'POST', headers: { 'x-api-token': TOKEN, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'D', value: '12' }) });
    expect(res.status).toBe(400);
    const res2 = await fetch(`${pd.url}/v1/leads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'L', person_id: 1 }) });
    expect(res2.status).toBe(401);
  });
});

describe('webhook signature', () => {
  it('matches the receiver snippet of docs/crm.md', async () => {
    const body = JSON.stringify({ id: 'x', kind: 'lead' });
    const sig = await webhookSignature('s3cret-s3cret-s3cret', '1700000000', body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('s3cret-s3cret-s3cret', body, '1700000000', sig, 1700000000_000)).toBe(true);
    expect(verifyWebhook('s3cret-s3cret-s3cret', body, '1700000001', sig, 1700000000_000)).toBe(false);
  });
});
