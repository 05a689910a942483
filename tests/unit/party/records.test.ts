import { describe, expect, test } from 'vitest';
import { ConversationRecords, type RecordsHost } from '../../../party/conversation/records';
import type { Meta } from '../../../party/conversation/state';
import * as v from 'valibot';
import { BatonError, emptyDetails, RecordCreate, type Entry, type EventEntry } from '../../../protocol';

function host(answer: (body: Record<string, unknown>) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>) {
  const entries: Entry[] = [];
  const asked: Record<string, unknown>[] = [];
  const m = { conversationId: 'ws.c', visitorName: 'Vera', records: {}, lastSeq: 0 } as unknown as Meta;
  const h: RecordsHost = {
    meta: () => m,
    details: () => emptyDetails(),
    log: {
      lastRecordEvent: (kind) => [...entries].reverse().find((e): e is EventEntry => e.kind === 'event' && (e.event === `${kind}-created` || e.item === kind)),
    },
    append: async (build) => {
      const made = build(m.lastSeq + 1);
      m.lastSeq += made.length;
      entries.push(...made);
      return made;
    },
    askWorkspace: async (body) => {
      asked.push(body as Record<string, unknown>);
      return answer(body as Record<string, unknown>);
    },
  };
  return { records: new ConversationRecords(h), entries, asked, meta: m };
}
const alice = { id: 'alice', name: 'Alice' };
const lead = { kind: 'lead' as const, id: 'L1', title: 'Lead' };

describe('ConversationRecords', () => {
  test('created: the record is kept on meta and the timeline says lead-created by the agent', async () => {
    const r = host(() => ({ status: 200, body: { status: 'created', record: lead } }));
    await r.records.create(alice, 'lead', false);
    expect(r.asked).toEqual([{ type: 'record-create', conversationId: 'ws.c', kind: 'lead', details: emptyDetails(), visitorName: 'Vera', retry: false }]);
    expect(r.meta.records).toEqual({ lead });
    expect(r.entries).toEqual([expect.objectContaining({ kind: 'event', seq: 1, event: 'lead-created', record: lead, by: alice })]);
    await r.records.create(alice, 'lead', false);
    expect(r.asked).toHaveLength(1);
  });

  test("the chat's visit (context.visit) rides with the create, and the request it makes is one the workspace accepts", async () => {
    const r = host(() => ({ status: 200, body: { status: 'created', record: lead } }));
    const visit = { landingPage: 'https://site.test/?utm_source=ads', referrer: '', at: Date.UTC(2026, 0, 2), utm: { source: 'ads' } };
    (r.meta as { context?: unknown }).context = { pageUrl: 'https://site.test/', referrer: '', language: 'en', userAgent: 'UA', visit };
    await r.records.create(alice, 'lead', false);
    expect(r.asked[0]).toMatchObject({ type: 'record-create', visit });
    expect(v.safeParse(RecordCreate, r.asked[0]).success).toBe(true);
  });

  test('pending once: a second create while pending asks nothing; a repeated pending result adds nothing', async () => {
    const r = host(() => ({ status: 200, body: { status: 'pending', reason: 'CRM down' } }));
    await r.records.create(alice, 'deal', false);
    expect(r.entries.map((e) => (e as EventEntry).event)).toEqual(['record-pending']);
    expect(r.entries[0]).toMatchObject({ item: 'deal', reason: 'CRM down' });
    await r.records.create(alice, 'deal', false);
    expect(r.asked).toHaveLength(1);
    await r.records.apply('deal', { status: 'pending' });
    expect(r.entries).toHaveLength(1);
  });

  test('failed: a retry asks again with retry=true; the same failure reason is not repeated', async () => {
    let outcome: unknown = { status: 'failed', reason: 'Bad email' };
    const r = host(() => ({ status: 200, body: outcome }));
    await r.records.create(alice, 'lead', false);
    await r.records.apply('lead', { status: 'failed', reason: 'Bad email' });
    expect(r.entries).toHaveLength(1);
    outcome = { status: 'created', record: lead };
    await r.records.create(alice, 'lead', true);
    expect(r.asked[1]).toMatchObject({ retry: true });
    expect(r.entries.map((e) => (e as EventEntry).event)).toEqual(['record-failed', 'lead-created']);
  });

  test('a plain create after a failure also counts as a retry', async () => {
    const r = host(() => ({ status: 200, body: { status: 'failed', reason: 'x' } }));
    await r.records.create(alice, 'lead', false);
    await r.records.create(alice, 'lead', false);
    expect(r.asked.map((b) => b.retry)).toEqual([false, true]);
  });

  test('retry with nothing to retry is not-found; a refusal is unavailable with its message; a bad answer is internal', async () => {
    const r = host(() => ({ status: 503, body: { message: 'Workspace busy' } }));
    await expect(r.records.create(alice, 'lead', true)).rejects.toMatchObject({ code: 'not-found' });
    await expect(r.records.create(alice, 'lead', false)).rejects.toMatchObject({ code: 'unavailable', message: 'Workspace busy' });
    const bad = host(() => ({ status: 200, body: { status: 'weird' } }));
    await expect(bad.records.create(alice, 'lead', false)).rejects.toMatchObject({ code: 'internal' });
    expect(bad.entries).toEqual([]);
  });

  test('one request per kind at a time: a second create while the first is on its way is a conflict', async () => {
    const answers: ((v: { status: number; body: unknown }) => void)[] = [];
    const answer = (v: { status: number; body: unknown }) => answers.shift()!(v);
    const r = host(() => new Promise((res) => answers.push(res)));
    const first = r.records.create(alice, 'lead', false);
    const second = await r.records.create(alice, 'lead', false).catch((e: BatonError) => e);
    expect(second).toBeInstanceOf(BatonError);
    expect((second as BatonError).code).toBe('conflict');
    // Another kind is independent.
    const deal = r.records.create(alice, 'deal', false);
    expect(r.asked).toHaveLength(2);
    answer({ status: 200, body: { status: 'created', record: lead } });
    await first;
    answer({ status: 200, body: { status: 'created', record: { ...lead, kind: 'deal', id: 'D1' } } });
    await deal;
    expect(Object.keys(r.meta.records).sort()).toEqual(['deal', 'lead']);
  });
});
