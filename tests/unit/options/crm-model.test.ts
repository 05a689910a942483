import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../../models/memory-transport';
import { RequestError } from '../../../models/room-connection';
import { WorkspaceClient } from '../../../models/workspace-client';
import { CrmModel } from '../../../models/options/crm-model';
import { ask } from '../../../models/options/crm-requests';
import type { IntentView, StoredRecord } from '../../../protocol';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

type Sent = { type: string; ref: string; [k: string]: any };

/** A workspace client on an in-memory room: the test plays the server by reading `room.sent` and pushing frames. */
async function connected() {
  const room = new MemoryTransport();
  const client = new WorkspaceClient({ transport: room, token: async () => 't' });
  room.open();
  await settle();
  room.push(welcome({ me: agent({ role: 'admin' }) }));
  return { room, client, crm: new CrmModel(client) };
}
const lastSent = (room: MemoryTransport) => room.last<Sent>();
const rec = (id: string, createdAt: number): StoredRecord => ({ kind: 'lead', id, title: id, createdAt: 1_700_000_000_000 + createdAt, data: {} });
const intent = (over: Partial<IntentView> = {}): IntentView => ({
  id: 'conv:c1:lead',
  source: 'conversation',
  conversationId: 'c1',
  item: 'lead',
  title: 'Vera lead',
  target: 'builtin',
  status: 'pending',
  attempts: 1,
  nextAt: null,
  lastError: null,
  done: [],
  result: null,
  createdAt: 1_700_000_000_010,
  updatedAt: 1_700_000_000_010,
  ...over,
});

describe('ask (CRM questions answered by their own frame)', () => {
  it('resolves with the frame carrying its ref, not with another admin tab’s answer', async () => {
    const { room, client } = await connected();
    const answer = ask(client, { type: 'crm-get' });
    const sent = lastSent(room);
    expect(sent).toMatchObject({ type: 'crm-get', ref: expect.any(String) });
    room.push({ type: 'crm-settings', ref: 'someone-else', settings: { kind: 'webhook', url: 'https://x.test', secretSet: true } });
    room.push({ type: 'crm-settings', ref: sent.ref, settings: { kind: 'builtin' } });
    expect(await answer).toEqual({ type: 'crm-settings', ref: sent.ref, settings: { kind: 'builtin' } });
  });

  it('rejects with the room’s refusal, typed', async () => {
    const { room, client } = await connected();
    const answer = ask(client, { type: 'records-list' });
    room.push({ type: 'error', ref: lastSent(room).ref, code: 'forbidden', message: 'Only admins may manage the CRM' });
    await expect(answer).rejects.toMatchObject({ name: 'RequestError', code: 'forbidden' });
  });

  it('rejects when not connected, and when the socket drops before the answer', async () => {
    const room = new MemoryTransport();
    const client = new WorkspaceClient({ transport: room, token: async () => 't' });
    await expect(ask(client, { type: 'crm-get' })).rejects.toBeInstanceOf(RequestError);
    expect(room.sent).toEqual([]);
    const live = await connected();
    const pending = ask(live.client, { type: 'crm-intents-get' });
    live.room.drop();
    await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('CrmModel', () => {
  it('keeps the settings pushed after any admin saves', async () => {
    const { room, crm } = await connected();
    const saved = crm.save({ kind: 'pipedrive', domain: 'acme', apiToken: 'pd0123456789abcdef0123' });
    expect(lastSent(room)).toMatchObject({ type: 'crm-save', settings: { kind: 'pipedrive', domain: 'acme', apiToken: 'pd0123456789abcdef0123' } });
    room.push({ type: 'ok', ref: lastSent(room).ref });
    await saved;
    room.push({ type: 'crm-settings', settings: { kind: 'pipedrive', domain: 'acme', tokenSet: true } });
    expect(crm.settings.value).toEqual({ kind: 'pipedrive', domain: 'acme', tokenSet: true });
  });

  it('tests the unsaved settings and reports the room’s verdict', async () => {
    const { room, crm } = await connected();
    const result = crm.test({ kind: 'pipedrive', domain: 'acme' });
    expect(lastSent(room)).toMatchObject({ type: 'crm-test', settings: { kind: 'pipedrive', domain: 'acme' } });
    room.push({ type: 'crm-test-result', ref: lastSent(room).ref, ok: false, message: 'Pipedrive refused the token' });
    expect(await result).toEqual({ ok: false, message: 'Pipedrive refused the token' });
  });

  it('pages with the room’s exact cursor: a page boundary inside one millisecond loses and repeats nothing', async () => {
    const { room, crm } = await connected();
    const first = crm.reloadRecords();
    expect(lastSent(room)).toMatchObject({ type: 'records-list', limit: 50 });
    expect(lastSent(room).cursor).toBeUndefined();
    room.push({ type: 'records', ref: lastSent(room).ref, records: [rec('c', 20), rec('b', 20)], more: true, cursor: 'rec:000000000000020:b' });
    await first;
    const more = crm.loadMore();
    expect(lastSent(room)).toMatchObject({ type: 'records-list', limit: 50, cursor: 'rec:000000000000020:b' });
    expect(lastSent(room).before).toBeUndefined();
    room.push({ type: 'records', ref: lastSent(room).ref, records: [rec('a', 20), rec('d', 5)], more: false });
    await more;
    expect(crm.records.value.map((r) => r.id)).toEqual(['c', 'b', 'a', 'd']);
    expect(crm.more.value).toBe(false);
    const sent = room.sent.length;
    await crm.loadMore(); // nothing more: asks nothing
    expect(room.sent.length).toBe(sent);
  });

  it('keeps where the next page starts when the newest page is fetched again', async () => {
    const { room, crm } = await connected();
    const first = crm.reloadRecords();
    room.push({ type: 'records', ref: lastSent(room).ref, records: [rec('b', 20)], more: true, cursor: 'rec:000000000000020:b' });
    await first;
    const top = crm.refreshTop();
    room.push({ type: 'records', ref: lastSent(room).ref, records: [rec('n', 30), rec('b', 20)], more: true, cursor: 'rec:000000000000020:b0' });
    await top;
    expect(crm.records.value.map((r) => r.id)).toEqual(['n', 'b']);
    void crm.loadMore();
    expect(lastSent(room)).toMatchObject({ type: 'records-list', cursor: 'rec:000000000000020:b' });
  });

  it('updates the queue from pushes and fetches new built-in records when one is created', async () => {
    const { room, crm } = await connected();
    const loaded = crm.loadIntents();
    room.push({ type: 'crm-intents', ref: lastSent(room).ref, intents: [intent()] });
    await loaded;
    room.push({ type: 'crm-intent', intent: intent({ status: 'failed', lastError: 'Pipedrive said 400', attempts: 2 }) });
    expect(crm.intents.value).toEqual([expect.objectContaining({ status: 'failed', lastError: 'Pipedrive said 400' })]);
    const before = room.sent.length;
    room.push({ type: 'crm-intent', intent: intent({ status: 'created', result: { kind: 'lead', id: 'lea_1', title: 'Vera lead' } }) });
    expect(room.sent.slice(before)).toEqual([expect.objectContaining({ type: 'records-list' })]);
    room.push({ type: 'records', ref: lastSent(room).ref, records: [rec('lea_1', 40)], more: false });
    await settle();
    expect(crm.records.value.map((r) => r.id)).toEqual(['lea_1']);
  });

  it('exports and retries through the room', async () => {
    const { room, crm } = await connected();
    const file = crm.exportFile('csv');
    expect(lastSent(room)).toMatchObject({ type: 'records-export', format: 'csv' });
    room.push({ type: 'records-export', ref: lastSent(room).ref, format: 'csv', filename: 'baton-records-acme.csv', content: 'kind,id\r\n' });
    expect(await file).toEqual({ filename: 'baton-records-acme.csv', content: 'kind,id\r\n' });
    const retried = crm.retry('conv:c1:lead');
    expect(lastSent(room)).toMatchObject({ type: 'crm-retry', id: 'conv:c1:lead' });
    room.push({ type: 'ok', ref: lastSent(room).ref });
    await retried;
  });
});
