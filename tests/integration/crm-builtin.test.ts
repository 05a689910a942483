import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, sessionToken } from '../helpers/clients';
import { ask, claimedConversation, crmEvents, crmWorkspace, hostileLanding, offlineSubmission, postOffline, until, visitStart } from '../fakes/crm-helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  if (process.env.SHOW_LOGS) console.log(server.logs());
  await server?.stop();
});

const details = {
  person: { name: '=HYPERLINK("http://evil.test","click")', email: 'vera@example.com', phone: '+33 1 23 45 67 89' },
  organization: { name: '@Lyon Bikes', address: '1 rue de la République, Lyon' },
  value: { amount: 1200, currency: 'EUR' },
  expectedCloseDate: '2030-06-30',
  notes: '+ wants next-day delivery',
};

test('built-in store: lead and deal from a conversation, listed and exported as CSV and JSON for admins only', async () => {
  const { ws, admin, adminToken, playbookId, bob } = await crmWorkspace(server);
  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, details);

  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  const lead = await conv.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'lead-created'));
  const event = lead.entries.find((e: any) => e.event === 'lead-created');
  expect(event.record).toMatchObject({ kind: 'lead', title: expect.stringContaining('lead') });
  expect(event.at).toBeGreaterThan(0);
  expect(event.by.name).toBe('Ada Admin');
  expect(event.person).toMatchObject({ kind: 'person', title: details.person.name });
  expect((await conv.request({ type: 'create-record', kind: 'deal' })).type).toBe('ok');
  const deal = await conv.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'deal-created'));
  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok'); // idempotent
  expect(crmEvents(conv).map((e: any) => e.event)).toEqual(['lead-created', 'deal-created']);
  // One person per visitor: the deal hangs on the lead's person and organization, and the chat links to it.
  expect(deal.entries.find((e: any) => e.event === 'deal-created').person).toEqual(event.person);

  const page = await ask(admin, { type: 'records-list' });
  expect(page.type).toBe('records');
  const kinds = page.records.map((r: any) => r.kind).sort();
  expect(kinds).toEqual(['deal', 'lead', 'note', 'note', 'organization', 'person']);
  const [leadRecord, dealRecord] = ['lead', 'deal'].map((k) => page.records.find((r: any) => r.kind === k));
  expect(dealRecord.data.personId).toBe(event.person.id);
  expect(dealRecord.data.personId).toBe(leadRecord.data.personId);
  expect(dealRecord.data.orgId).toBe(leadRecord.data.orgId);
  // Page by page with the room's cursor (the last storage key): every record exactly once, newest first.
  const paged: any[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 10; n++) {
    const p = await ask(admin, { type: 'records-list', limit: 3, ...(cursor ? { cursor } : {}) });
    expect(p.type).toBe('records');
    paged.push(...p.records);
    if (!p.more) break;
    expect(p.cursor).toMatch(/^rec:/);
    cursor = p.cursor;
  }
  expect(paged.map((r) => r.id)).toEqual(page.records.map((r: any) => r.id));
  expect(new Set(paged.map((r) => r.id)).size).toBe(6);
  expect((await ask(admin, { type: 'records-list', cursor: 'intent:x' })).type).toBe('error');
  const leads = await ask(admin, { type: 'records-list', kind: 'lead' });
  expect(leads.records).toHaveLength(1);
  expect(leads.records[0].data.value).toEqual({ amount: 1200, currency: 'EUR' });

  // CSV over the socket: formula-looking cells are quoted as text.
  const csv = await ask(admin, { type: 'records-export', format: 'csv' });
  expect(csv.type).toBe('records-export');
  expect(csv.filename).toMatch(/^baton-records-.*\.csv$/);
  expect(csv.content).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
  expect(csv.content).toContain(`'@Lyon Bikes`);
  expect(csv.content).toContain(`'+ wants next-day delivery`);
  expect(csv.content).not.toMatch(/(^|,)[=+@-]/m);

  // Over HTTP with the admin token in the Authorization header.
  const url = `${server.url}/parties/workspace/${ws}/records?format=json`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="baton-records-.*\.json"/);
  const exported = await res.json();
  expect(exported.records).toHaveLength(6);
  const csvRes = await fetch(url.replace('json', 'csv'), { headers: { authorization: `Bearer ${adminToken}` } });
  expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
  expect((await csvRes.text()).split('\r\n')[0]).toMatch(/^kind,id,title,createdAt/);

  // Not without a token, not with a token in the URL, not for a non-admin.
  expect((await fetch(url)).status).toBe(401);
  expect((await fetch(`${url}&token=${encodeURIComponent(adminToken)}`)).status).toBe(401);
  expect((await fetch(url, { headers: { authorization: `Bearer ${bob.token}` } })).status).toBe(403);
  const bobWs = new Client(server, 'workspace', ws);
  await bobWs.open(bob.token);
  expect((await ask(bobWs, { type: 'records-list' })).code).toBe('forbidden');
  expect((await ask(bobWs, { type: 'records-export', format: 'csv' })).code).toBe('forbidden');
  for (const c of [admin, conv, bobWs]) c.close();
});

test('built-in store: the offline flow creates person, organization, lead and transcript note with nobody online, once', async () => {
  const { ws, admin, playbookId } = await crmWorkspace(server);
  admin.send({ type: 'set-online', online: false });
  await admin.next((f) => f.type === 'agents' && f.agents.every((a: any) => !a.online));
  const body = offlineSubmission(playbookId, 'sub-builtin-1', { name: 'Olga Offline', email: 'olga@example.com', company: 'Olga SA' }, ['lead', 'activity']);
  const first = await postOffline(server, ws, body);
  expect(first).toEqual({ status: 200, body: { ok: true, accepted: 2 } });
  const done = await admin.next((f) => f.type === 'crm-intent' && f.intent.status === 'created');
  expect(done.intent).toMatchObject({ source: 'offline', item: 'lead', attempts: 1, result: { kind: 'lead' } });
  expect(done.intent.done.map((r: any) => r.kind)).toEqual(['organization', 'person', 'lead', 'note', 'activity']);
  const again = await postOffline(server, ws, body);
  expect(again.body).toEqual({ ok: true, accepted: 2 });
  const all = await ask(admin, { type: 'records-list' });
  expect(all.records.map((r: any) => r.kind).sort()).toEqual(['activity', 'lead', 'note', 'organization', 'person']);
  const note = all.records.find((r: any) => r.kind === 'note');
  expect(note.data.content).toContain('Visitor: Sure, call me <tomorrow> & thanks');
  const intents = await ask(admin, { type: 'crm-intents-get' });
  expect(intents.intents).toHaveLength(1);
  admin.close();
});

test('built-in store: a second chat with the same email reuses the person and its organization; a stranger with the same company name does not', async () => {
  const { ws, admin, adminToken, playbookId } = await crmWorkspace(server);
  const visitor = (email: string, name: string) => ({ ...details, person: { name, email, phone: '' }, organization: { name: 'Same Name SARL', address: '' } });
  const created = async (d: object, kind: 'lead' | 'deal') => {
    const { conv } = await claimedConversation(server, ws, playbookId, adminToken, d);
    expect((await conv.request({ type: 'create-record', kind })).type).toBe('ok');
    const [e] = crmEvents(conv);
    conv.close();
    expect(e.event).toBe(`${kind}-created`);
    return e;
  };
  const first = await created(visitor('same@example.com', 'Sam'), 'lead');
  const again = await created(visitor('SAME@example.com', 'Sam'), 'deal');
  const stranger = await created(visitor('other@example.com', 'Olivia'), 'lead');
  expect(again.person).toEqual(first.person);
  expect(stranger.person.id).not.toBe(first.person.id);
  const all = (await ask(admin, { type: 'records-list' })).records;
  expect(all.filter((r: any) => r.kind === 'person')).toHaveLength(2);
  const orgs = all.filter((r: any) => r.kind === 'organization');
  expect(orgs).toHaveLength(2); // Sam's (reused), Olivia's: never merged by name alone
  const item = (id: string) => all.find((r: any) => r.id === id);
  expect(item(again.record.id).data.orgId).toBe(item(first.record.id).data.orgId);
  expect(item(stranger.record.id).data.orgId).not.toBe(item(first.record.id).data.orgId);
  admin.close();
});

/** The Visit block of `visitStart` as a plain-text note shows it: the UTM value's line break is a space. */
const VISIT_TEXT = [
  'Visit',
  'Landing page: http://site.test/pricing?utm_source=newsletter&utm_campaign=spring',
  'Referrer: https://search.example/?q="><script>alert(1)</script>',
  'Visit began: 2026-11-30T09:58:00.000Z',
  'utm_source: newsletter',
  'utm_medium: email',
  'utm_campaign: spring Agent note: <b>refund</b>',
  'utm_term: bikes',
  'utm_content: hero',
].join('\n');

test("built-in store: a chat's visit (landing page, referrer, UTM) is kept on the lead and ends its note", async () => {
  const { ws, admin, adminToken, playbookId } = await crmWorkspace(server);
  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, { ...details, person: { ...details.person, email: 'visit@example.com' } }, visitStart);
  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  expect(crmEvents(conv).map((e: any) => e.event)).toEqual(['lead-created']);
  const all = (await ask(admin, { type: 'records-list' })).records;
  const lead = all.find((r: any) => r.kind === 'lead');
  expect(lead.data.visit).toEqual({
    landingPage: visitStart.landingPage,
    referrer: visitStart.referrer,
    startedAt: '2026-11-30T09:58:00.000Z',
    utm: { ...visitStart.utm, campaign: 'spring Agent note: <b>refund</b>' },
  });
  const note = all.find((r: any) => r.kind === 'note');
  expect(note.data).toEqual({ content: `${details.notes}\n\n${VISIT_TEXT}`, leadId: lead.id });
  for (const c of [admin, conv]) c.close();
});

test('built-in store: the offline flow carries the visit into its transcript note, a javascript: landing page as text', async () => {
  const { ws, admin, playbookId } = await crmWorkspace(server);
  const body = offlineSubmission(playbookId, 'sub-builtin-visit', { name: 'Vic Visit', email: 'vic@example.com' }, ['lead']);
  const first = await postOffline(server, ws, { ...body, context: { ...body.context, visit: hostileLanding } });
  expect(first).toEqual({ status: 200, body: { ok: true, accepted: 1 } });
  await until(async () => (await ask(admin, { type: 'records-list' })).records.some((r: any) => r.kind === 'note'), 'the offline note');
  const all = (await ask(admin, { type: 'records-list' })).records;
  const note = all.find((r: any) => r.kind === 'note');
  expect(note.data.content).toContain('Visitor: Sure, call me <tomorrow> & thanks\n\nVisit\nLanding page: javascript:alert(document.cookie)\nReferrer: https://search.example/');
  expect(all.find((r: any) => r.kind === 'lead').data.visit).toMatchObject({ landingPage: 'javascript:alert(document.cookie)', utm: { source: 'newsletter' } });
  admin.close();
});
