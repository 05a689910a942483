import { onTestFailed, afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, addAgent, post, visitorContext, type Frame } from '../helpers/clients';
import { routedWorkspace, type RoutedAgent } from '../helpers/routing';
import { binOf, binValue } from '../../party/workspace/insights';

/*
 * Insights and ratings against a real `partykit dev` (issue 16): a scripted week of chats, each started at the
 * time the test says (BATON_TEST_CLOCK: the request's `x-baton-test-now`; the chat's room runs its clock from
 * there), gives exactly the expected figures in the workspace's zone; they survive a restart; a rating given
 * after the restart counts on the chat's day. The wait runs out after 2 s (BATON_WAIT_SECONDS_OVERRIDE).
 */

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_CONVERSATIONS_PER_MINUTE: '10000', BATON_TEST_CLOCK: '1', BATON_WAIT_SECONDS_OVERRIDE: '2' } });
});
afterAll(async () => {
  if (process.env.SHOW_LOGS) console.log(server.logs());
  await server?.stop();
});

const at = (iso: string) => ({ origin: DEMO_ORIGIN, 'x-baton-test-now': String(Date.parse(iso)) });
let visitors = 0;
const visitorId = () => `insights-${process.pid}-${String(visitors++).padStart(8, '0')}`;

/** Starts a chat at `iso` (a time of the scripted week); answers its id, visitor token and visitor id. */
async function chatAt(ws: string, playbookId: string, iso: string, vid = visitorId()) {
  const res = await post(server, `/parties/workspace/${ws}/conversations`, { playbookId, transcript: [], answers: { topic: 'sales' }, context: visitorContext, visitorId: vid }, at(iso));
  return { status: res.status, id: res.body?.conversationId as string, visitorToken: res.body?.visitorToken as string, vid, body: res.body };
}

/** Ann (the only agent Online, Max chats 1) answers the chat routing gave her: a reply, CRM items, the close. */
async function answer(admin: Client, ann: RoutedAgent, id: string, opts: { lead?: boolean; deal?: boolean } = {}) {
  const c = new Client(server, 'conversation', id);
  const welcome = await c.open(ann.token);
  expect(welcome.conversation, 'routing gave the chat to Ann on arrival').toMatchObject({ status: 'active', assignee: { id: ann.id } });
  c.send({ type: 'send', id: `reply${id.slice(-12).replace(/[^A-Za-z0-9]/g, '')}`, text: 'Hello, how can I help?' });
  await c.next((f) => f.type === 'ack');
  if (opts.lead) expect((await c.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  if (opts.deal) expect((await c.request({ type: 'create-record', kind: 'deal' })).type).toBe('ok');
  const from = admin.frames.length;
  expect((await c.request({ type: 'close' })).type).toBe('ok');
  // The workspace heard of the close (Ann's seat is free for the next chat of the script).
  await admin.next((f) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'closed', 10_000, from);
  c.close();
}

async function rate(id: string, visitorToken: string, score: number, comment?: string) {
  const v = new Client(server, 'conversation', id);
  await v.open(visitorToken);
  const res = await v.request({ type: 'rate', score, ...(comment ? { comment } : {}) });
  v.close();
  return res;
}

async function insights(c: Client, from: string, to: string): Promise<Frame> {
  const ref = `i${Math.random().toString(36).slice(2)}`;
  const answer = c.next((f) => (f.type === 'insights' || f.type === 'error') && f.ref === ref);
  c.send({ type: 'insights-get', ref, from, to });
  return answer;
}

/** Asks again until `done` holds (reports reach the workspace just after each command's ok), then answers the last figures. */
async function settled(c: Client, from: string, to: string, done: (i: Frame) => boolean): Promise<Frame> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const got = await insights(c, from, to);
    if (got.type !== 'insights' || done(got.insights) || Date.now() > deadline) return got;
    await c.roundTrip();
  }
}

const zero = { answered: 0, missed: 0, offline: 0, blocked: 0, claimMedianMs: null, claimP90Ms: null, firstResponseMedianMs: null, firstResponseP90Ms: null, leads: 0, deals: 0, offlineLeads: 0, ratings: [0, 0, 0, 0, 0], ratingAvg: null };
const UNDER_A_SECOND = binValue(binOf(0));

test('a scripted week of chats gives exactly the expected figures, in the workspace zone; they survive a restart', async () => {
  const w = await routedWorkspace(server, ['Ann'], { routing: 'round-robin' }, { defaultMaxChats: 1 });
  const ann = w.agents[0]!;
  // The workspace's zone is Paris (summer: UTC+2), open all day every day.
  const allDay = [{ from: '00:00', to: '24:00' }];
  const hours = { timeZone: 'Europe/Paris', week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay }, exceptions: [] };
  expect((await w.admin.request({ type: 'hours-save', hours })).type).toBe('ok');

  // Monday 1 June, 09:15 Paris: Ann answers; a lead, a deal; rated 5. At 09:20 another chat waits in line (Ann is
  // at her Max chats) until its wait runs out: missed.
  const c1 = await chatAt(w.ws, w.playbookId, '2026-06-01T07:15:00Z');
  expect(c1.status, JSON.stringify(c1.body)).toBe(201);
  // Seen once timing out under the full suite's load (never alone): the server's last words say why.
  onTestFailed(() => console.log('SERVER LOGS\n' + server.logs().slice(-6000)));
  const c2 = await chatAt(w.ws, w.playbookId, '2026-06-01T07:20:00Z');
  expect(c2.status).toBe(201);
  await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === c2.id && f.conversation.status === 'missed', 45_000);
  await answer(w.admin, ann, c1.id, { lead: true, deal: true });
  expect((await rate(c1.id, c1.visitorToken, 5, 'Quick and clear')).type).toBe('ok');

  // Tuesday: 14:05 answered with a lead, rated 3; 20:30 the offline form (a lead).
  const c3 = await chatAt(w.ws, w.playbookId, '2026-06-02T12:05:00Z');
  await answer(w.admin, ann, c3.id, { lead: true });
  expect((await rate(c3.id, c3.visitorToken, 3)).type).toBe('ok');
  const offline = await post(
    server,
    `/parties/workspace/${w.ws}/offline`,
    { playbookId: w.playbookId, submissionId: `sub${process.pid}x000001`, contact: { name: 'Olga', email: 'olga@example.com' }, create: ['lead'], transcript: [], answers: {}, context: visitorContext },
    at('2026-06-02T18:30:00Z'),
  );
  expect(offline.status, JSON.stringify(offline.body)).toBe(200);
  // The widget sends it again (a retry): counted once.
  expect((await post(server, `/parties/workspace/${w.ws}/offline`, { playbookId: w.playbookId, submissionId: `sub${process.pid}x000001`, contact: { name: 'Olga', email: 'olga@example.com' }, create: ['lead'], transcript: [], answers: {}, context: visitorContext }, at('2026-06-02T18:31:00Z'))).status).toBe(200);

  // Wednesday: nothing. Thursday 10:00: answered, then its visitor is blocked and tries again at 11:00.
  const c4 = await chatAt(w.ws, w.playbookId, '2026-06-04T08:00:00Z');
  await answer(w.admin, ann, c4.id);
  expect((await w.admin.request({ type: 'block', conversationId: c4.id, reason: 'Spam' })).type).toBe('ok');
  expect((await chatAt(w.ws, w.playbookId, '2026-06-04T09:00:00Z', c4.vid)).status).toBe(503);

  // Friday 22:30 UTC is Saturday 00:30 in Paris: it counts on Saturday, in Saturday's first hour. Rated after the restart.
  const c5 = await chatAt(w.ws, w.playbookId, '2026-06-05T22:30:00Z');
  await answer(w.admin, ann, c5.id);

  // A visitor's socket may not ask (it can't even say hello to the workspace room).
  const stranger = new Client(server, 'workspace', w.ws);
  expect(await stranger.open(c5.visitorToken)).toMatchObject({ type: 'error', code: 'unauthorized' });
  stranger.close();
  // An agent without manage live chat may not; one with it may.
  const paul = await addAgent(server, w.ws, w.admin, 'Paul Plain');
  const paulWs = new Client(server, 'workspace', w.ws);
  await paulWs.open(paul.token);
  expect(await insights(paulWs, '2026-06-01', '2026-06-07')).toMatchObject({ type: 'error', code: 'forbidden' });
  paulWs.close();
  const mia = await addAgent(server, w.ws, w.admin, 'Mia Manager', { manageLiveChat: true });
  const miaWs = new Client(server, 'workspace', w.ws);
  await miaWs.open(mia.token);

  const week = (i: Frame) => i.totals.answered === 4 && i.totals.deals === 1 && i.totals.leads === 3 && i.totals.blocked === 1 && i.totals.ratings[2] === 1;
  const before = await settled(miaWs, '2026-06-01', '2026-06-07', week);
  expect(before.type).toBe('insights');
  const ins = before.insights;
  expect(ins.timeZone).toBe('Europe/Paris');
  expect(ins.days.map((d: Frame) => d.day)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07']);
  const timed = (d: Frame) => ({ ...d, firstResponseMedianMs: null, firstResponseP90Ms: null });
  expect(ins.days.map(timed)).toEqual([
    { ...zero, day: '2026-06-01', answered: 1, missed: 1, leads: 1, deals: 1, ratings: [0, 0, 0, 0, 1], ratingAvg: 5, claimMedianMs: UNDER_A_SECOND, claimP90Ms: UNDER_A_SECOND },
    { ...zero, day: '2026-06-02', answered: 1, offline: 1, leads: 2, offlineLeads: 1, ratings: [0, 0, 1, 0, 0], ratingAvg: 3, claimMedianMs: UNDER_A_SECOND, claimP90Ms: UNDER_A_SECOND },
    { ...zero, day: '2026-06-03' },
    { ...zero, day: '2026-06-04', answered: 1, blocked: 1, claimMedianMs: UNDER_A_SECOND, claimP90Ms: UNDER_A_SECOND },
    { ...zero, day: '2026-06-05' },
    { ...zero, day: '2026-06-06', answered: 1, claimMedianMs: UNDER_A_SECOND, claimP90Ms: UNDER_A_SECOND },
    { ...zero, day: '2026-06-07' },
  ]);
  // First responses took real time (a reply over a socket): measured, not scripted — present where answered.
  expect(ins.days.map((d: Frame) => d.firstResponseMedianMs !== null)).toEqual([true, true, false, true, false, true, false]);
  for (const d of ins.days) expect(d.firstResponseP90Ms ?? 0).toBeGreaterThanOrEqual(d.firstResponseMedianMs ?? 0);
  // The chat's room ran from its scripted start: the reply came moments after it, not the days between the script
  // and today (a generous hour: the point is the clock, not the speed).
  for (const d of ins.days) expect(d.firstResponseP90Ms ?? 0).toBeLessThan(3_600_000);
  expect(ins.totals).toEqual({ chats: 6, answered: 4, missed: 1, offline: 1, blocked: 1, leads: 3, deals: 1, offlineLeads: 1, ratings: [0, 0, 1, 0, 1], ratingAvg: 4 });
  expect(ins.agents).toEqual([{ id: ann.id, name: 'Ann', chats: 4, firstResponseMedianMs: expect.any(Number), ratings: [0, 0, 1, 0, 1], ratingAvg: 4, leads: 2, deals: 1 }]);
  const heat: number[][] = Array.from({ length: 7 }, () => Array(24).fill(0));
  heat[0]![9] = 2; // Monday 09:15 and 09:20
  heat[1]![14] = 1; // Tuesday 14:05
  heat[1]![20] = 1; // Tuesday 20:30, the offline form
  heat[3]![10] = 1; // Thursday 10:00 (the blocked attempt started nothing)
  heat[5]![0] = 1; // Saturday 00:30
  expect(ins.heat).toEqual(heat);

  // A restart loses nothing.
  for (const c of [miaWs, w.admin, ann.ws]) c.close();
  await server.restart();
  const again = new Client(server, 'workspace', w.ws);
  await again.open(mia.token);
  const after = await insights(again, '2026-06-01', '2026-06-07');
  expect(after.insights).toEqual(ins);

  // A rating given after the restart (days after the chat, as the room sees it) counts on the chat's day; once.
  expect((await rate(c5.id, c5.visitorToken, 4, 'Late but fine')).type).toBe('ok');
  expect(await rate(c5.id, c5.visitorToken, 1)).toMatchObject({ type: 'error', problem: { code: 'already-rated' } });
  const rated = await settled(again, '2026-06-01', '2026-06-07', (i) => i.totals.ratings[3] === 1);
  expect(rated.insights.days[5]).toMatchObject({ day: '2026-06-06', answered: 1, ratings: [0, 0, 0, 1, 0], ratingAvg: 4 });
  expect(rated.insights.totals).toMatchObject({ chats: 6, answered: 4, ratings: [0, 0, 1, 1, 1], ratingAvg: 4 });
  again.close();
});

test('security: forged rating fields are refused with a typed error and nothing is stored; only the visitor rates, once, after the close', async () => {
  const w = await routedWorkspace(server, ['Ann'], { routing: 'round-robin' });
  const ann = w.agents[0]!;
  const c = await chatAt(w.ws, w.playbookId, '2026-07-01T10:00:00Z');
  expect(c.status).toBe(201);
  const visitor = new Client(server, 'conversation', c.id);
  await visitor.open(c.visitorToken);
  // Before the close: not-closed.
  expect(await visitor.request({ type: 'rate', score: 5 })).toMatchObject({ type: 'error', code: 'invalid-transition', problem: { code: 'not-closed' } });
  await answer(w.admin, ann, c.id);
  const forged: [Record<string, unknown>, string][] = [
    [{ type: 'rate', score: 6 }, 'invalid-frame'],
    [{ type: 'rate', score: 2.5 }, 'invalid-frame'],
    [{ type: 'rate', score: 5, by: { id: ann.id, name: 'Ann' } }, 'invalid-frame'],
    [{ type: 'rate', score: 5, at: 946_684_800_000 }, 'invalid-frame'],
    [{ type: 'rate', score: 5, comment: 'x'.repeat(1_001) }, 'invalid-frame'],
    [{ type: 'rate', score: 5, comment: '\u200b' }, 'invalid-field'],
  ];
  for (const [frame, code] of forged) {
    const err = await visitor.request(frame as Frame);
    expect(err, JSON.stringify(frame).slice(0, 80)).toMatchObject({ type: 'error', code });
    expect(Object.keys(err.problems ?? {}).length + (err.problem ? 1 : 0)).toBeGreaterThan(0);
  }
  // An agent may not rate.
  const agentSocket = new Client(server, 'conversation', c.id);
  await agentSocket.open(ann.token);
  expect(await agentSocket.request({ type: 'rate', score: 5 })).toMatchObject({ type: 'error', code: 'forbidden' });
  agentSocket.close();
  // Nothing stored: a new agent socket's replay has no rated event, and the visitor may still rate, once.
  const look = new Client(server, 'conversation', c.id);
  const replay = await look.open(ann.token);
  expect(replay.entries.filter((e: Frame) => e.event === 'rated')).toEqual([]);
  expect((await visitor.request({ type: 'rate', score: 2, comment: 'Slow' })).type).toBe('ok');
  const event = await look.next((f) => f.type === 'entries' && f.entries.some((e: Frame) => e.event === 'rated'));
  expect(event.entries.find((e: Frame) => e.event === 'rated').rating).toEqual({ score: 2, comment: 'Slow' });
  expect(await visitor.request({ type: 'rate', score: 5 })).toMatchObject({ type: 'error', code: 'conflict', problem: { code: 'already-rated' } });
  for (const s of [visitor, look, w.admin, ann.ws]) s.close();
});
