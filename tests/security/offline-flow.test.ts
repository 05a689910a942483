import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { DEMO_ORIGIN, onlineWorkspace } from '../helpers/clients';
import { ask, offlineSubmission, postOffline } from '../fakes/crm-helpers';
import { until } from './lib';

// Issue 11 item 6: the offline flow creates exactly what the playbook's live chat card says
// (`offline.create`); what the client asks for is ignored or must be a subset of it, never more.
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

type W = Awaited<ReturnType<typeof onlineWorkspace>>;
let subs = 0;
const sub = () => `sub-sec-${Date.now().toString(36)}-${subs++}`;

/** Posts a submission and waits until whatever it started is done; returns the kinds of records in the store. */
async function submit(w: W, playbookId: string, create: string[]) {
  const submissionId = sub();
  const res = await postOffline(server, w.ws, offlineSubmission(playbookId, submissionId, { name: 'Olga Offline', email: 'olga@example.com', company: 'Olga SA' }, create));
  expect(res.status).toBeLessThan(500);
  // An intent is stored before the answer: if there is one for this submission, wait for its end.
  const intents = (await ask(w.admin, { type: 'crm-intents-get' })).intents as any[];
  if (intents.some((i) => i.id === `off:${submissionId}` || i.source === 'offline')) {
    await until(async () => ((await ask(w.admin, { type: 'crm-intents-get' })).intents as any[]).every((i) => i.status === 'created' || i.status === 'failed'), 'the offline intent to finish', 15_000);
  }
  const records = (await ask(w.admin, { type: 'records-list' })).records as any[];
  return { res, kinds: records.map((r) => r.kind as string) };
}

/** Saves the playbook's live chat card with `offline.create` = `create`. */
async function cardCreates(w: W, create: string[]) {
  const welcome = w.admin.frames.find((f) => f.type === 'welcome')!;
  const latest = [...w.admin.frames].reverse().find((f) => f.type === 'playbooks')?.playbooks ?? welcome.playbooks;
  const p = latest.find((x: any) => x.id === w.playbookId);
  const { installedAt: _i, updatedAt: _u, ...input } = p;
  input.cards = input.cards.map((c: any) => (c.type === 'live-chat' ? { ...c, offline: { ...c.offline, create } } : c));
  expect(await w.admin.request({ type: 'playbook-save', playbook: input })).toMatchObject({ type: 'ok' });
}

test("the card says lead; a client asking for lead, deal and activity gets no deal and no activity", async () => {
  const w = await onlineWorkspace(server);
  const { kinds } = await submit(w, w.playbookId, ['lead', 'deal', 'activity']);
  expect(kinds).toContain('lead');
  expect(kinds.filter((k) => k === 'deal' || k === 'activity'), 'records the card does not create').toEqual([]);
  w.admin.close();
});

test('the card says lead; a client asking only for a deal gets no deal', async () => {
  const w = await onlineWorkspace(server);
  const { kinds } = await submit(w, w.playbookId, ['deal']);
  expect(kinds).not.toContain('deal');
  w.admin.close();
});

test('the card says nothing (create: []); a client asking for a lead and a deal gets neither', async () => {
  const w = await onlineWorkspace(server);
  await cardCreates(w, []);
  const { kinds } = await submit(w, w.playbookId, ['lead', 'deal']);
  expect(kinds.filter((k) => k === 'lead' || k === 'deal' || k === 'activity')).toEqual([]);
  w.admin.close();
});

test('the card says activity; a client asking for a lead gets no lead', async () => {
  const w = await onlineWorkspace(server);
  await cardCreates(w, ['activity']);
  const { kinds } = await submit(w, w.playbookId, ['lead']);
  expect(kinds).not.toContain('lead');
  w.admin.close();
});

test('a playbook without a live chat card (allowed on the site) creates nothing from an offline submission', async () => {
  const w = await onlineWorkspace(server);
  const created = await w.admin.request({ type: 'playbook-create', name: 'No live chat', template: 'blank' });
  const id = created.id as string;
  const pbFrame = await w.admin.next((f) => f.type === 'playbooks' && f.playbooks.some((p: any) => p.id === id));
  const { installedAt: _i, updatedAt: _u, ...input } = pbFrame.playbooks.find((p: any) => p.id === id);
  input.allowedOrigins = [DEMO_ORIGIN];
  input.cards = [{ id: 'hello', type: 'message', text: 'Hello' }];
  expect(await w.admin.request({ type: 'playbook-save', playbook: input })).toMatchObject({ type: 'ok' });
  const { kinds } = await submit(w, id, ['lead', 'deal', 'activity']);
  expect(kinds.filter((k) => k === 'lead' || k === 'deal' || k === 'activity')).toEqual([]);
  w.admin.close();
});
