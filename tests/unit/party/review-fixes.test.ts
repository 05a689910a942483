import { expect, test, vi } from 'vitest';
import * as v from 'valibot';
import { ConversationSummary, type Entry } from '../../../protocol';
import { Log } from '../../../party/conversation/log';
import type { Meta } from '../../../party/conversation/state';
import { agentPublic, conversationHarness } from '../../helpers/memory-conversation';
import { MemoryStorage, settle } from '../../helpers/memory-room';

// Findings of the review of the redesign (each failed before its fix).

class SlowList extends MemoryStorage {
  hold = false;
  waiters: (() => void)[] = [];
  override async list<T>(o: Parameters<MemoryStorage['list']>[0] = {}): Promise<Map<string, T>> {
    if (this.hold) await new Promise<void>((r) => this.waiters.push(r));
    return super.list<T>(o);
  }
}

test('a replay read from storage while appends trim the window skips nothing', async () => {
  const s = new SlowList();
  const log = new Log(s.asStorage(), 4);
  const meta = { lastSeq: 0 } as Meta;
  const msg = (seq: number): Entry[] => [{ kind: 'message', seq, id: `m${seq}xxxxxx`, from: 'visitor', text: 't', at: Date.UTC(2026, 1, 1) }];
  for (let i = 0; i < 10; i++) await log.append(meta, msg);
  s.hold = true;
  const replay = log.after(0);
  await settle();
  s.hold = false;
  const appends = Promise.all([log.append(meta, msg), log.append(meta, msg)]);
  await settle();
  for (const w of s.waiters) w();
  const got = await replay;
  await appends;
  expect(got.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

test("a resend while the first copy's write is failing is never acked with a seq that is not stored", async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const h = conversationHarness();
  await h.init();
  const visitor = await h.visitor();
  visitor.clear();
  // The first copy's write hangs, the resend waits for it, then the write fails.
  let fail: (e: unknown) => void = () => {};
  const put = h.storage.put.bind(h.storage);
  h.storage.put = (() => new Promise<void>((_, reject) => (fail = reject))) as typeof h.storage.put;
  const first = h.conv.message(visitor, JSON.stringify({ type: 'send', id: 'msg-aaaa-01', text: 'hello' }));
  await settle();
  const resend = h.conv.message(visitor, JSON.stringify({ type: 'send', id: 'msg-aaaa-01', text: 'hello' }));
  await settle();
  h.storage.put = put;
  fail(new Error('disk'));
  await Promise.all([first, resend]);
  await settle(50);
  const stored = h.stored();
  for (const ack of visitor.of<{ id: string; seq: number }>('ack')) expect(stored.find((e) => e.seq === ack.seq)?.id).toBe(ack.id);
  await h.send(visitor, { type: 'send', id: 'msg-bbbb-01', text: 'next' });
  const seqs = h.stored().map((e) => e.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(h.stored().some((e) => e.id === 'msg-bbbb-01')).toBe(true);
});

test('a claim in flight when its agent is revoked does not land', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const h = conversationHarness();
  await h.init();
  const visitor = await h.visitor();
  const bob = await h.agent('bob');
  h.storage.holdPuts();
  const m = h.conv.message(visitor, JSON.stringify({ type: 'send', id: 'msg-aaaa-01', text: 'hi' }));
  await settle();
  const claim = h.conv.message(bob, JSON.stringify({ type: 'claim', ref: 'c1' }));
  await settle();
  h.agents.set('bob', agentPublic('bob', 'Bob', 'agent', { revoked: true }));
  const revoke = h.internal({ type: 'agent-changed', agent: h.agents.get('bob'), by: { id: 'root', name: 'Root' } });
  // The room has heard of the revocation (Bob's socket closed) while his claim still waits for the held write.
  await expect.poll(() => bob.closed).not.toBeNull();
  h.storage.release();
  await Promise.all([m, claim, revoke]);
  await settle(50);
  expect(h.conv.meta!.assignee).toBeNull();
  expect(h.conv.meta!.status).not.toBe('active');
});

test('a visitor name longer than a summary allows is cut, so every summary the room reports is valid', async () => {
  const h = conversationHarness();
  const init = await h.init({ answers: { name: 'N'.repeat(300) } });
  expect(v.safeParse(ConversationSummary, init.body).success).toBe(true);
  expect(init.body.visitorName.length).toBeLessThanOrEqual(200);
});

test('a second hello on an admitted socket is refused (no second replay, no second session timer)', async () => {
  const h = conversationHarness();
  await h.init();
  const visitor = await h.visitor();
  const welcomes = visitor.of('welcome').length;
  await h.send(visitor, { type: 'hello', v: 1, token: await h.visitorToken(), lastSeq: 0 });
  expect(visitor.of('welcome')).toHaveLength(welcomes);
  expect(visitor.last()).toMatchObject({ type: 'error' });
});
