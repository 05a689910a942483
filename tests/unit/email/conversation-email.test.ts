import { expect, test } from 'vitest';
import { conversationHarness, emptyDetails } from '../../helpers/memory-conversation';
import type { EmailPolicy } from '../../../protocol';

const DELAY = 60_000;
const policy: EmailPolicy = { on: true, delayMs: DELAY, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: false, missedNotice: false };

/** A conversation whose fake workspace answers the email policy and records each email request. */
function harness() {
  const requests: Record<string, any>[] = [];
  const h = conversationHarness({
    other: async (_to, body) => {
      if (body.type === 'email-policy') return { status: 200, body: policy };
      if (body.type === 'email-request') {
        const known = requests.some((r) => r.key === body.key);
        requests.push(body);
        return { status: 200, body: { queued: !known } };
      }
      return { status: 404 };
    },
  });
  return { h, requests };
}

const withEmail = (email: string) => ({ details: { ...emptyDetails(), person: { name: 'Vera', email, phone: '' } } });

async function awayWithAgent(h: ReturnType<typeof harness>['h']) {
  const agent = await h.agent('alice');
  await h.send(agent, { type: 'claim', ref: 'c' });
  const visitor = await h.visitor();
  h.conv.disconnect(visitor);
  return agent;
}

test('agent messages while the visitor is gone: one email after the delay with every one of them, bot lines never', async () => {
  const { h, requests } = harness();
  await h.init(withEmail('Vera@Example.com'));
  const agent = await awayWithAgent(h);
  await h.send(agent, { type: 'send', id: 'agent-msg-0001', text: 'First' });
  h.clock.advance(10_000);
  await h.send(agent, { type: 'send', id: 'agent-msg-0002', text: 'Second' });
  expect(h.storage.alarm).toBe(h.clock.now() + DELAY);
  h.clock.advance(DELAY);
  await h.conv.alarm();
  expect(requests).toHaveLength(1);
  expect(requests[0]).toMatchObject({ kind: 'unseen', to: 'vera@example.com', lang: 'en' });
  expect(requests[0]!.lines.map((l: { text: string }) => l.text)).toEqual(['First', 'Second']);
  expect(h.stored().filter((e) => e.event === 'email-queued')).toHaveLength(1);
  // Nothing more is due until another agent message.
  await h.conv.alarm();
  expect(requests).toHaveLength(1);
});

test('an address an agent typed in the details is not the visitor\'s word: nothing is emailed', async () => {
  const { h, requests } = harness();
  await h.init();
  const agent = await awayWithAgent(h);
  await h.send(agent, { type: 'update-details', ref: 'd', patch: { person: { email: 'someone@example.com' } } });
  await h.send(agent, { type: 'send', id: 'agent-msg-0003', text: 'Hello?' });
  h.clock.advance(DELAY * 2);
  await h.conv.alarm();
  expect(requests).toHaveLength(0);
});

test('an email reply: only from the chat\'s address, stored once per mail, as the visitor\'s message by email', async () => {
  const { h } = harness();
  await h.init(withEmail('vera@example.com'));
  expect((await h.internal({ type: 'email-reply', from: 'mallory@example.com', text: 'hi', messageId: 'm1' })).body).toEqual({ status: 'mismatch' });
  expect((await h.internal({ type: 'email-reply', from: 'VERA@example.com', text: 'Thanks', messageId: 'm1' })).body).toEqual({ status: 'posted' });
  expect((await h.internal({ type: 'email-reply', from: 'vera@example.com', text: 'Thanks', messageId: 'm1' })).body).toEqual({ status: 'posted' });
  const mine = h.stored().filter((e) => e.kind === 'message' && (e as { via?: string }).via === 'email');
  expect(mine.map((e) => e.text)).toEqual(['Thanks']);
  expect(h.reports.at(-1)?.visitorMessage).toBe('Thanks');
  const agent = await h.agent('root');
  await h.send(agent, { type: 'close', ref: 'x' });
  const closed = await h.internal({ type: 'email-reply', from: 'vera@example.com', text: 'Again', messageId: 'm2' });
  expect(closed.body).toMatchObject({ status: 'closed', seed: { playbookId: 'pb1', email: 'vera@example.com' } });
});

test('unsubscribed: said once in the timeline, and no transcript any more', async () => {
  const { h } = harness();
  await h.init(withEmail('vera@example.com'));
  await h.internal({ type: 'email-stop' });
  await h.internal({ type: 'email-stop' });
  expect(h.stored().filter((e) => e.event === 'email-unsubscribed')).toHaveLength(1);
  const visitor = await h.visitor();
  await h.send(visitor, { type: 'transcript-request', ref: 't' });
  expect(visitor.last()).toMatchObject({ type: 'error', ref: 't', problem: { code: 'email-off' } });
});
