import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, sessionToken } from '../helpers/clients';
import { FakePipedrive } from '../fakes/pipedrive';
import { ask, claimedConversation, crmEvents, crmWorkspace, hostileLanding, offlineSubmission, postOffline, until, visitStart } from '../fakes/crm-helpers';

const TOKEN = 'pd0123456789abcdef0123456789abcdef0123tok';
let server: TestServer;
let pd: FakePipedrive;
beforeAll(async () => {
  pd = await new FakePipedrive(TOKEN, 'acme').start();
  server = await startServer({ vars: { BATON_PIPEDRIVE_API_BASE: pd.url, BATON_CRM_TIMEOUT_MS: '1500', BATON_CRM_RETRY_BASE_MS: '100' } });
});
afterAll(async () => {
  if (process.env.SHOW_LOGS) console.log(server.logs());
  await server?.stop();
  await pd?.stop();
});

const details = (email: string) => ({
  person: { name: 'Vera Visitor', email, phone: '+33 1 23 45 67 89' },
  organization: { name: `Org of ${email}`, address: '1 rue de la République, Lyon' },
  value: { amount: 1200, currency: 'EUR' },
  expectedCloseDate: '2030-06-30',
  notes: 'Wants <b>next-day</b> delivery',
});

async function pipedriveWorkspace(token = TOKEN) {
  const w = await crmWorkspace(server);
  const saved = await w.admin.request({ type: 'crm-save', settings: { kind: 'pipedrive', domain: 'https://acme.pipedrive.com', apiToken: token } });
  expect(saved.type).toBe('ok');
  return w;
}
const byEmail = (email: string) => pd.store.persons.filter((p) => p.emails?.some((e) => e.value === email));

test('create lead and deal from a conversation: documented fields, one person, links into the web app', async () => {
  const { ws, admin, adminToken, playbookId } = await pipedriveWorkspace();
  const test = await ask(admin, { type: 'crm-test' });
  expect(test).toMatchObject({ type: 'crm-test-result', ok: true, message: expect.stringContaining('acme.pipedrive.com') });
  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, details('lead-deal@example.com'));

  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  const [leadEvent] = crmEvents(conv);
  expect(leadEvent).toMatchObject({ event: 'lead-created', record: { kind: 'lead', url: expect.stringMatching(/^https:\/\/acme\.pipedrive\.com\/leads\/inbox\/[0-9a-f-]{36}$/) } });
  const [person] = byEmail('lead-deal@example.com');
  const lead = pd.store.leads.find((l) => l.id === leadEvent.record.id)!;
  expect(lead).toMatchObject({ title: 'Vera Visitor (Org of lead-deal@example.com) lead', person_id: person!.id, value: { amount: 1200, currency: 'EUR' }, expected_close_date: '2030-06-30' });
  expect(pd.store.notes.find((n) => n.lead_id === lead.id)?.content).toBe('Wants &lt;b&gt;next-day&lt;/b&gt; delivery');

  expect((await conv.request({ type: 'create-record', kind: 'deal' })).type).toBe('ok');
  const dealEvent = crmEvents(conv)[1];
  expect(dealEvent.record.url).toMatch(/^https:\/\/acme\.pipedrive\.com\/deal\/\d+$/);
  expect(pd.store.deals.find((d) => String(d.id) === dealEvent.record.id)).toMatchObject({ person_id: person!.id, value: 1200, currency: 'EUR' });
  expect(byEmail('lead-deal@example.com')).toHaveLength(1); // the chat's own person, not created twice
  expect(pd.store.organizations.filter((o) => o.name === 'Org of lead-deal@example.com')).toHaveLength(1);
  expect(pd.store.deals.find((d) => String(d.id) === dealEvent.record.id)!.org_id).toBe(lead.organization_id);
  expect(dealEvent.person).toEqual({ kind: 'person', id: String(person!.id), title: 'Vera Visitor', url: `https://acme.pipedrive.com/person/${person!.id}` });
  expect(leadEvent.person).toEqual(dealEvent.person);
  expect((await conv.request({ type: 'create-record', kind: 'deal' })).type).toBe('ok');
  expect(crmEvents(conv).map((e: any) => e.event)).toEqual(['lead-created', 'deal-created']);
  expect(pd.log.every((l) => l.hadToken && !l.query.includes(TOKEN))).toBe(true);
  for (const c of [admin, conv]) c.close();
});

test('outages, rate limits and timeouts end with each item created exactly once', async () => {
  const { ws, admin, adminToken, playbookId } = await pipedriveWorkspace();
  const email = 'outage@example.com';
  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, details(email));
  const from = pd.log.length;
  pd.fail(1, { status: 503 }, 'POST /api/v2/persons');
  pd.fail(1, 'timeout', 'POST /v1/leads');
  pd.fail(1, { status: 429, headers: { 'retry-after': '1' } }, 'POST /v1/leads');
  pd.fail(2, { status: 500 }, 'POST /v1/notes');
  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  const pending = crmEvents(conv)[0];
  expect(pending).toMatchObject({ event: 'record-pending', item: 'lead', reason: expect.stringContaining('503') });
  await conv.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'lead-created'), 30_000);
  // The pending status is shown once, however many retries; then created.
  expect(crmEvents(conv).map((e: any) => e.event)).toEqual(['record-pending', 'lead-created']);
  const org = pd.store.organizations.filter((o) => o.name === `Org of ${email}`);
  expect(org).toHaveLength(1);
  expect(byEmail(email)).toHaveLength(1);
  const leads = pd.store.leads.filter((l) => l.person_id === byEmail(email)[0]!.id);
  expect(leads).toHaveLength(1);
  expect(pd.store.notes.filter((n) => n.lead_id === leads[0]!.id)).toHaveLength(1);
  const intents = await ask(admin, { type: 'crm-intents-get' });
  expect(intents.intents[0]).toMatchObject({ status: 'created', attempts: 6 });

  // The 429 was honoured: the attempt after it came no sooner than its Retry-After (1 s) said.
  const leadCalls = pd.log.slice(from).filter((l) => l.method === 'POST' && l.path === '/v1/leads');
  expect(leadCalls.map((l) => l.status)).toEqual([599, 429, 201]);
  expect(leadCalls[2]!.at - leadCalls[1]!.at).toBeGreaterThanOrEqual(950);
  for (const c of [admin, conv]) c.close();
});

test('answers lost after Pipedrive made the item: the retry finds it and creates nothing twice', async () => {
  const { ws, admin, adminToken, playbookId } = await pipedriveWorkspace();
  const email = 'lost-answers@example.com';
  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, details(email));
  const from = pd.log.length;
  pd.fail(1, { lost: 500 }, 'POST /api/v2/organizations');
  pd.fail(1, { lost: 'timeout' }, 'POST /v1/leads');
  pd.fail(1, { lost: 502 }, 'POST /v1/notes');
  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  await conv.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'lead-created'), 30_000);
  expect(crmEvents(conv).map((e: any) => e.event)).toEqual(['record-pending', 'lead-created']);
  const [person] = byEmail(email);
  expect(pd.store.organizations.filter((o) => o.name === `Org of ${email}`)).toHaveLength(1);
  const leads = pd.store.leads.filter((l) => l.person_id === person!.id);
  expect(leads).toHaveLength(1);
  expect(pd.store.notes.filter((n) => n.lead_id === leads[0]!.id)).toHaveLength(1);
  // Each lost create was looked for (and found) instead of being sent again.
  const calls = pd.log.slice(from).map((l) => `${l.method} ${l.path} ${l.status}`);
  expect(calls.filter((c) => c.startsWith('POST /v1/leads'))).toEqual(['POST /v1/leads 599']);
  expect(calls.filter((c) => c.startsWith('POST /v1/notes'))).toEqual(['POST /v1/notes 502']);
  expect(calls).toContain('GET /v1/leads 200');
  expect(calls).toContain('GET /v1/notes 200');
  expect(crmEvents(conv)[1].record.id).toBe(leads[0]!.id);

  // The offline flow: a person with no email (found by name among the newest), a deal, its note, an activity.
  pd.fail(1, { lost: 'timeout' }, 'POST /api/v2/persons');
  pd.fail(1, { lost: 500 }, 'POST /api/v2/deals');
  pd.fail(1, { lost: 'timeout' }, 'POST /api/v2/activities');
  const body = offlineSubmission(playbookId, 'sub-lost-1', { name: 'Nina Noemail', phone: '+33 6 00 00 00 01', company: 'Nina SARL' }, ['deal', 'activity']);
  expect((await postOffline(server, ws, body)).body).toEqual({ ok: true, accepted: 2 });
  const done = await admin.next((f) => f.type === 'crm-intent' && f.intent.id === 'off:sub-lost-1' && f.intent.status === 'created', 30_000);
  const ninas = pd.store.persons.filter((p) => p.name === 'Nina Noemail');
  expect(ninas).toHaveLength(1);
  expect(pd.store.deals.filter((d) => d.person_id === ninas[0]!.id)).toHaveLength(1);
  expect(pd.store.notes.filter((n) => n.deal_id === pd.store.deals.find((d) => d.person_id === ninas[0]!.id)!.id)).toHaveLength(1);
  // The activity names its person as the primary participant (`person_id` is read-only on /api/v2/activities).
  expect(pd.store.activities.filter((a) => a.participants?.some((p) => p.person_id === ninas[0]!.id && p.primary_flag))).toHaveLength(1);
  expect(done.intent.done.map((r: any) => r.kind)).toEqual(['organization', 'person', 'deal', 'note', 'activity']);
  expect(pd.log.every((l) => l.hadToken && !l.query.includes(TOKEN))).toBe(true);
  for (const c of [admin, conv]) c.close();
});

test('offline flow with no agent online creates person, organization, lead and the transcript note in Pipedrive', async () => {
  const { ws, admin, playbookId } = await pipedriveWorkspace();
  admin.send({ type: 'set-online', online: false });
  await admin.next((f) => f.type === 'agents' && f.agents.every((a: any) => !a.online));
  pd.fail(1, { status: 502 }, 'POST /v1/leads');
  const body = offlineSubmission(playbookId, 'sub-pipedrive-1', { name: 'Olga Offline', email: 'olga@example.com', company: 'Olga SA' }, ['lead']);
  expect((await postOffline(server, ws, body)).body).toEqual({ ok: true, accepted: 1 });
  const done = await admin.next((f) => f.type === 'crm-intent' && f.intent.id === 'off:sub-pipedrive-1' && f.intent.status === 'created', 30_000);
  expect(done.intent.result.url).toMatch(/^https:\/\/acme\.pipedrive\.com\/leads\/inbox\//);
  expect((await postOffline(server, ws, body)).body).toEqual({ ok: true, accepted: 1 });
  const [person] = byEmail('olga@example.com');
  const leads = pd.store.leads.filter((l) => l.person_id === person!.id);
  expect(leads).toHaveLength(1);
  expect(leads[0]!.organization_id).toBe(pd.store.organizations.find((o) => o.name === 'Olga SA')!.id);
  const note = pd.store.notes.find((n) => n.lead_id === leads[0]!.id)!;
  expect(note.content).toContain('Visitor: Sure, call me &lt;tomorrow&gt; &amp; thanks');
  expect(note.content).toContain('<br>');
  admin.close();
});

test('a refused token fails with a reason and Retry; the token never reaches a log or a non-admin', async () => {
  const { ws, admin, adminToken, playbookId, bob } = await pipedriveWorkspace('wrongtoken0123456789abcdef');
  const bad = await ask(admin, { type: 'crm-test' });
  expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('401') });
  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, details('retry@example.com'));
  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  expect(crmEvents(conv)[0]).toMatchObject({ event: 'record-failed', item: 'lead', reason: expect.stringContaining('API token') });

  // Bob (not an admin) sees that Pipedrive is set, never the token, and may not change or test it.
  const bobWs = new Client(server, 'workspace', ws);
  await bobWs.open(bob.token);
  expect((await ask(bobWs, { type: 'crm-get' })).settings).toEqual({ kind: 'pipedrive', domain: 'acme', tokenSet: true });
  expect((await ask(bobWs, { type: 'crm-save', settings: { kind: 'builtin' } })).code).toBe('forbidden');
  expect((await ask(bobWs, { type: 'crm-test' })).code).toBe('forbidden');
  expect((await ask(bobWs, { type: 'crm-intents-get' })).code).toBe('forbidden');

  // The admin fixes the token (without re-sending the domain's token later: kept), the agent retries.
  expect((await admin.request({ type: 'crm-save', settings: { kind: 'pipedrive', domain: 'acme', apiToken: TOKEN } })).type).toBe('ok');
  expect((await admin.request({ type: 'crm-save', settings: { kind: 'pipedrive', domain: 'acme' } })).type).toBe('ok');
  const bobSettings = await bobWs.next((f) => f.type === 'crm-settings' && f.settings.tokenSet);
  expect(JSON.stringify(bobSettings)).not.toContain(TOKEN);
  expect((await conv.request({ type: 'retry-record', kind: 'lead' })).type).toBe('ok');
  expect(crmEvents(conv).map((e: any) => e.event)).toEqual(['record-failed', 'lead-created']);
  expect(pd.store.leads.filter((l) => l.person_id === byEmail('retry@example.com')[0]!.id)).toHaveLength(1);

  for (const c of [admin, bobWs, conv]) c.close();
  for (const secret of [TOKEN, 'wrongtoken0123456789abcdef']) {
    expect(server.logs()).not.toContain(secret);
    expect(JSON.stringify(bobWs.frames)).not.toContain(secret);
    expect(JSON.stringify(admin.frames)).not.toContain(secret);
    expect(JSON.stringify(conv.frames)).not.toContain(secret);
  }
});

test('nothing lost across a restart: a pending create resumes and completes once', async () => {
  const { ws, admin, adminToken, adminCredential, playbookId } = await pipedriveWorkspace();
  const email = 'restart@example.com';
  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, details(email));
  // Rate limited with a long Retry-After: the server goes down while the create waits for its retry.
  pd.fail(1000, { status: 429, headers: { 'retry-after': '4' } }, 'POST /api/v2/deals');
  expect((await conv.request({ type: 'create-record', kind: 'deal' })).type).toBe('ok');
  expect(crmEvents(conv)[0]).toMatchObject({ event: 'record-pending', item: 'deal', reason: expect.stringContaining('rate limited') });
  for (const c of [admin, conv]) c.close();
  await server.restart();
  pd.heal();
  const again = new Client(server, 'workspace', ws);
  await again.open(await sessionToken(server, ws, adminCredential));
  const done = await again.next((f) => f.type === 'crm-intent' && f.intent.item === 'deal' && f.intent.status === 'created', 30_000);
  expect(done.intent.done.map((r: any) => r.kind)).toEqual(['organization', 'person', 'deal', 'note']);
  const person = byEmail(email);
  expect(person).toHaveLength(1);
  expect(pd.store.deals.filter((d) => d.person_id === person[0]!.id)).toHaveLength(1);
  // The conversation's timeline got the result too.
  const conv2 = new Client(server, 'conversation', done.intent.conversationId);
  const welcome = await conv2.open(adminToken);
  expect(welcome.entries.filter((e: any) => e.kind === 'event' && /record|deal/.test(e.event)).map((e: any) => e.event)).toEqual(['record-pending', 'deal-created']);
  for (const c of [again, conv2]) c.close();
});

test('one person per visitor in Pipedrive: a second chat with the same email reuses the person and its organization, never a stranger\'s', async () => {
  const { ws, admin, adminToken, playbookId } = await pipedriveWorkspace();
  const visitor = (email: string, name: string) => ({ ...details(email), person: { name, email, phone: '' }, organization: { name: 'Shared Name GmbH', address: '' } });
  const created = async (d: object, kind: 'lead' | 'deal') => {
    const { conv } = await claimedConversation(server, ws, playbookId, adminToken, d);
    expect((await conv.request({ type: 'create-record', kind })).type).toBe('ok');
    const [e] = crmEvents(conv);
    conv.close();
    expect(e.event).toBe(`${kind}-created`);
    return e;
  };
  const first = await created(visitor('twice@example.com', 'Tom'), 'lead');
  const again = await created(visitor('Twice@Example.com', 'Tom'), 'deal');
  const stranger = await created(visitor('stranger@example.com', 'Sara'), 'deal');
  expect(again.person).toEqual(first.person);
  expect(byEmail('twice@example.com')).toHaveLength(1);
  const shared = pd.store.organizations.filter((o) => o.name === 'Shared Name GmbH');
  expect(shared).toHaveLength(2); // Tom's, reused through Tom; Sara's, never merged by name alone
  const lead = pd.store.leads.find((l) => l.id === first.record.id)!;
  expect(pd.store.deals.find((d) => String(d.id) === again.record.id)!.org_id).toBe(lead.organization_id);
  expect(pd.store.deals.find((d) => String(d.id) === stranger.record.id)!.org_id).not.toBe(lead.organization_id);
  admin.close();
});

test("a chat's visit ends the lead's note as HTML: escaped, only http(s) links; the lead gets no field Pipedrive would refuse", async () => {
  const { ws, admin, adminToken, playbookId } = await pipedriveWorkspace();
  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, details('visit@example.com'), visitStart);
  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  const [leadEvent] = crmEvents(conv);
  expect(leadEvent.event).toBe('lead-created');
  const lead = pd.store.leads.find((l) => l.id === leadEvent.record.id)!;
  expect(Object.keys(lead).sort()).toEqual(['add_time', 'expected_close_date', 'id', 'person_id', 'organization_id', 'title', 'value'].sort());
  const content = pd.store.notes.find((n) => n.lead_id === lead.id)!.content;
  const link = (href: string, text: string) => `<a href="${href}" target="_blank" rel="noopener noreferrer nofollow">${text}</a>`;
  expect(content).toBe(
    [
      'Wants &lt;b&gt;next-day&lt;/b&gt; delivery<br><br><b>Visit</b>',
      `Landing page: ${link('http://site.test/pricing?utm_source=newsletter&amp;utm_campaign=spring', 'http://site.test/pricing?utm_source=newsletter&amp;utm_campaign=spring')}`,
      `Referrer: ${link('https://search.example/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E', 'https://search.example/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;')}`,
      'Visit began: 2026-11-30T09:58:00.000Z',
      'utm_source: newsletter',
      'utm_medium: email',
      'utm_campaign: spring Agent note: &lt;b&gt;refund&lt;/b&gt;',
      'utm_term: bikes',
      'utm_content: hero',
    ].join('<br>'),
  );
  for (const c of [admin, conv]) c.close();
});

test('the offline flow: a javascript: landing page is shown as text in the transcript note, never as a link', async () => {
  const { ws, admin, playbookId } = await pipedriveWorkspace();
  const body = offlineSubmission(playbookId, 'sub-pipedrive-visit', { name: 'Vic Visit', email: 'vic-pd@example.com' }, ['lead']);
  expect((await postOffline(server, ws, { ...body, context: { ...body.context, visit: hostileLanding } })).status).toBe(200);
  const person = () => byEmail('vic-pd@example.com')[0];
  const lead = () => pd.store.leads.find((l) => l.person_id === person()?.id);
  await until(() => !!lead() && pd.store.notes.some((n) => n.lead_id === lead()!.id), 'the offline lead and its note');
  const content = pd.store.notes.find((n) => n.lead_id === lead()!.id)!.content;
  expect(content).toContain('Visitor: Sure, call me &lt;tomorrow&gt; &amp; thanks<br><br><b>Visit</b><br>Landing page: javascript:alert(document.cookie)<br>Referrer: <a href="https://search.example/');
  expect(content).not.toMatch(/href="javascript/i);
  expect(content).not.toContain('<script');
  admin.close();
});
