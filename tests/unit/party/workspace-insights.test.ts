import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import * as v from 'valibot';
import { Insights, type ChatFacts } from '../../../protocol';
import { workspaceHarness, WS_ID } from '../../helpers/memory-workspace';
import { BLOCKED_FACTS_PER_MINUTE } from '../../../party/workspace/public-api';
import type { MemorySocket } from '../../helpers/memory-room';

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

const T = (iso: string) => Date.parse(iso);
const summary = (id: string, createdAt: number) => ({
  id,
  playbookId: 'demo',
  status: 'closed' as const,
  assignee: null,
  visitorName: 'Visitor 1',
  lastMessage: null,
  unread: 0,
  createdAt,
  lastActivityAt: createdAt,
  closedAt: createdAt + 60_000,
});
const report = (id: string, facts: ChatFacts | Record<string, unknown>, rev: number) => ({ type: 'conversation-changed', conversation: summary(id, facts.startedAt as number), rev, facts });

async function ready() {
  const h = workspaceHarness();
  const { agent } = await h.setup();
  const admin = await h.connect(agent.id);
  return { h, admin, adminId: agent.id };
}
const ask = async (h: ReturnType<typeof workspaceHarness>, s: MemorySocket, from: string, to: string) => {
  s.clear();
  await h.frame(s, { type: 'insights-get', ref: 'i', from, to });
  return s.frames;
};

describe('insights-get', () => {
  test('admins and agents with manage live chat get every day of the period; other agents are refused', async () => {
    const { h, admin } = await ready();
    const frames = await ask(h, admin, '2026-01-01', '2026-03-31');
    const answer = frames.find((f) => f.type === 'insights') as unknown as { ref: string; insights: Insights };
    expect(answer.ref).toBe('i');
    expect(v.safeParse(Insights, answer.insights).success).toBe(true);
    expect(answer.insights.days).toHaveLength(90);
    expect(answer.insights.timeZone).toBe('UTC');

    const manager = await h.connect(await h.addAgent('Mia', 'agent', true));
    expect((await ask(h, manager, '2026-01-01', '2026-01-07')).map((f) => f.type)).toEqual(['insights']);

    const plain = await h.connect(await h.addAgent('Paul', 'agent', false));
    const refused = await ask(h, plain, '2026-01-01', '2026-01-07');
    expect(refused).toEqual([expect.objectContaining({ type: 'error', code: 'forbidden', ref: 'i' })]);
  });

  test('a period longer than 400 days, or ending before it starts, is refused with insights-range', async () => {
    const { h, admin } = await ready();
    expect((await ask(h, admin, '2025-01-01', '2026-02-04')).map((f) => f.type)).toEqual(['insights']); // 400 days
    for (const [from, to] of [
      ['2025-01-01', '2026-02-05'],
      ['2026-02-05', '2026-02-04'],
    ]) {
      const [err] = await ask(h, admin, from!, to!);
      expect(err).toMatchObject({ type: 'error', code: 'invalid-field', problem: { code: 'insights-range', params: { max: 400 } } });
    }
    const [bad] = await ask(h, admin, '2026-02-30', '2026-03-01');
    expect(bad).toMatchObject({ type: 'error', code: 'invalid-field', problems: { from: { code: 'hours-date' } } });
  });

  test('the business hours\' zone is the workspace\'s zone', async () => {
    const { h, admin } = await ready();
    await h.frame(admin, { type: 'hours-save', ref: 'h', hours: { timeZone: 'Europe/Paris', week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, exceptions: [] } });
    await h.internal(report(`${WS_ID}.c1`, { v: 1, startedAt: T('2026-06-10T23:30:00Z') }, 1));
    const [f] = await ask(h, admin, '2026-06-10', '2026-06-11');
    const ins = (f as unknown as { insights: Insights }).insights;
    expect(ins.timeZone).toBe('Europe/Paris');
    expect(ins.heat[3]![1]).toBe(1); // Thursday the 11th, 01:00 in Paris
  });
});

describe('reports fold into the aggregates', () => {
  test('a report sent twice (at least once delivery) counts once; a late rating replaces', async () => {
    const { h, admin } = await ready();
    const start = T('2026-06-10T09:00:00Z');
    const facts: ChatFacts = { v: 1, startedAt: start, claimedAt: start + 5_000, firstReplyAt: start + 20_000, agent: { id: 'a1', name: 'Ann' } };
    expect((await h.internal(report(`${WS_ID}.c1`, facts, 1))).status).toBe(200);
    expect((await h.internal(report(`${WS_ID}.c1`, facts, 1))).status).toBe(200);
    await h.internal(report(`${WS_ID}.c1`, { ...facts, rating: 5 }, 2));
    const [f] = await ask(h, admin, '2026-06-10', '2026-06-10');
    const ins = (f as unknown as { insights: Insights }).insights;
    expect(ins.days[0]).toMatchObject({ answered: 1, ratings: [0, 0, 0, 0, 1] });
    expect(ins.agents).toEqual([expect.objectContaining({ id: 'a1', name: 'Ann', chats: 1 })]);
  });

  test('forged facts (a score of 9, a stray field, no version) are refused and nothing is stored', async () => {
    const { h } = await ready();
    const start = T('2026-06-10T09:00:00Z');
    for (const facts of [
      { v: 1, startedAt: start, rating: 9 },
      { v: 1, startedAt: start, outcome: 'answered' },
      { startedAt: start },
    ]) {
      const res = await h.internal(report(`${WS_ID}.c2`, facts, 1));
      expect(res.status).toBe(400);
    }
    expect(h.storage.keys('ins:')).toEqual([]);
  });
});

describe('what the workspace counts itself', () => {
  const context = { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 't' };

  test('blocked attempts count, at most BLOCKED_FACTS_PER_MINUTE a minute (a flood writes no more)', async () => {
    const { h, admin } = await ready();
    await h.online('Ann');
    const troll = 'troll-0000000000000001';
    await h.ws.blocks.add({ conversationId: `${WS_ID}.x`, visitorName: 'V', reason: 'spam', by: { id: 'a', name: 'A' }, at: 1, visitorId: troll });
    const day = new Date().toISOString().slice(0, 10);
    for (let i = 0; i < BLOCKED_FACTS_PER_MINUTE + 10; i++) {
      const res = await h.post('conversations', { playbookId: 'demo', transcript: [], answers: {}, context, visitorId: troll });
      expect(res.status).toBe(503);
    }
    const [f] = await ask(h, admin, day, day);
    expect((f as unknown as { insights: Insights }).insights.totals).toMatchObject({ blocked: BLOCKED_FACTS_PER_MINUTE, chats: 0 });
  });

  test('an offline form counts once, however often the widget sends it; one that follows a missed chat is a lead, not a chat', async () => {
    const { h, admin } = await ready();
    const day = new Date().toISOString().slice(0, 10);
    const form = (submissionId: string, conversationId?: string) =>
      h.post('offline', { playbookId: 'demo', submissionId, contact: { name: 'Olga', email: 'olga@example.com' }, create: ['lead'], transcript: [], answers: {}, context, ...(conversationId ? { conversationId } : {}) });
    for (let i = 0; i < 3; i++) expect((await form('submission-0001')).status).toBe(200);
    expect((await form('submission-0002', `${WS_ID}.missed1`)).status).toBe(200);
    const [f] = await ask(h, admin, day, day);
    expect((f as unknown as { insights: Insights }).insights.totals).toMatchObject({ chats: 1, offline: 1, leads: 2, offlineLeads: 2 });
  });
});
