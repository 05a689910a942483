import { afterEach, describe, expect, test } from 'vitest';
import { EmailOutbox, afterSend, type EmailIntent, type OutboxHost } from '../../../party/email/outbox';
import { RetryPolicy } from '../../../party/crm/retry';
import type { EmailTransport, OutgoingEmail, SendResult } from '../../../party/email/transport';
import { MemoryStorage } from '../../helpers/memory-storage';

const NOW = 1_800_000_000_000;

describe('afterSend: the state machine', () => {
  const half = () => 0.5;
  test('250 after the data: sent', () => {
    expect(afterSend({ attempts: 1 }, { outcome: 'sent' }, NOW, 1000, [])).toEqual({ status: 'sent', nextAt: null, lastError: null });
  });
  test('4xx or no connection: pending again, after a backoff that grows', () => {
    const first = afterSend({ attempts: 1 }, { outcome: 'retry', message: '421 try later' }, NOW, 1000, [], half);
    const third = afterSend({ attempts: 3 }, { outcome: 'retry', message: '421 try later' }, NOW, 1000, [], half);
    expect(first.status).toBe('pending');
    expect(first.nextAt! - NOW).toBeGreaterThan(0);
    expect(third.nextAt! - NOW).toBeGreaterThan(first.nextAt! - NOW);
  });
  test('5xx: failed for good', () => {
    expect(afterSend({ attempts: 1 }, { outcome: 'refused', message: '550 5.1.1 no such user' }, NOW, 1000, [])).toMatchObject({ status: 'failed', nextAt: null });
  });
  test('lost after the data may have gone: uncertain, never retried', () => {
    expect(afterSend({ attempts: 1 }, { outcome: 'unknown', message: 'Timeout while waiting for smtp server response' }, NOW, 1000, [])).toMatchObject({ status: 'uncertain', nextAt: null });
  });
  test('retries stop after the CRM policy\'s attempts', () => {
    expect(afterSend({ attempts: RetryPolicy.maxAttempts }, { outcome: 'retry', message: 'down' }, NOW, 1000, [])).toMatchObject({ status: 'failed' });
  });
  test('the password never appears in a reason', () => {
    expect(afterSend({ attempts: 1 }, { outcome: 'refused', message: '535 bad login hunter2secret' }, NOW, 1000, ['hunter2secret']).lastError).toBe('535 bad login [redacted]');
  });
});

/** A transport that answers what the test lines up, and counts what it was given. */
class FakeTransport implements EmailTransport {
  sent: OutgoingEmail[] = [];
  calls = 0;
  constructor(public answers: SendResult[]) {}
  async send(e: OutgoingEmail): Promise<SendResult> {
    this.calls++;
    const a = this.answers.shift() ?? { outcome: 'sent' };
    if (a.outcome === 'sent') this.sent.push(e);
    return a;
  }
}

function outbox(storage: MemoryStorage, transport: FakeTransport, told: EmailIntent[] = [], tellOk = () => true) {
  let now = NOW;
  const host: OutboxHost = {
    storage: storage as never,
    now: () => now,
    retryBaseMs: 1_000,
    transport: async () => ({ transport, secrets: [] }),
    build: async (i) => ({ from: { address: 'chat@acme.example', name: 'Acme' }, to: i.to, subject: 'S', text: 'T', html: 'H', headers: { 'Message-ID': `<${i.id.replace(/\W/g, '')}@acme.example>` } }),
    tell: async (i) => (told.push(structuredClone(i)), tellOk()),
    wakeBy: async () => {},
  };
  const box = new EmailOutbox(host);
  return { box, advance: (ms: number) => (now += ms), told };
}

const fields = (id = 'ws.c1:unseen:5') => ({ id, conversationId: 'ws.c1', kind: 'unseen' as const, to: 'v@example.com', lang: 'en' as const, lines: [] });
const boxes: EmailOutbox[] = [];
afterEach(() => boxes.splice(0).forEach((b) => b.stop()));

describe('EmailOutbox', () => {
  test('stored before sending; a repeated request finds it and sends nothing more', async () => {
    const storage = new MemoryStorage();
    const t = new FakeTransport([]);
    const { box } = outbox(storage, t);
    boxes.push(box);
    const first = await box.enqueue(fields());
    expect(first.created).toBe(true);
    expect([...storage.data.keys()].some((k) => k.startsWith('email:intent:'))).toBe(true);
    expect((await box.enqueue(fields())).created).toBe(false);
    await box.attempt(first.intent);
    expect(t.sent).toHaveLength(1);
    expect((await box.enqueue(fields())).created).toBe(false);
    await box.drain();
    expect(t.calls).toBe(1);
  });

  test('SMTP down then back: retried, sent once, the conversation told once it is sent', async () => {
    const t = new FakeTransport([{ outcome: 'retry', message: 'connect ECONNREFUSED' }, { outcome: 'retry', message: '421 busy' }]);
    const { box, advance, told } = outbox(new MemoryStorage(), t);
    boxes.push(box);
    const { intent } = await box.enqueue(fields());
    await box.attempt(intent);
    expect(intent.status).toBe('pending');
    expect(told).toHaveLength(0);
    advance(10 * 60_000);
    await box.drain();
    await box.drain();
    advance(10 * 60_000);
    await box.drain();
    expect(t.sent).toHaveLength(1);
    expect(t.calls).toBe(3);
    expect(told.map((i) => i.status)).toEqual(['sent']);
    expect(box.open.size).toBe(0);
  });

  test('a send cut off mid-way (the room restarted while `sending`) is uncertain after load, never sent again', async () => {
    const storage = new MemoryStorage();
    const hang = new FakeTransport([]);
    const a = outbox(storage, hang);
    boxes.push(a.box);
    const { intent } = await a.box.enqueue(fields());
    // What storage holds once the intent was marked before the transport was called.
    await storage.put(`email:intent:${intent.id}`, { ...intent, status: 'sending', attempts: 1 });
    const t = new FakeTransport([]);
    const b = outbox(storage, t);
    boxes.push(b.box);
    await b.box.load();
    await b.box.drain();
    expect(t.calls).toBe(0);
    expect(b.told.map((i) => i.status)).toEqual(['uncertain']);
  });

  test('5xx: failed, told, not retried', async () => {
    const t = new FakeTransport([{ outcome: 'refused', message: '550 no such user' }]);
    const { box, advance, told } = outbox(new MemoryStorage(), t);
    boxes.push(box);
    const { intent } = await box.enqueue(fields());
    await box.attempt(intent);
    advance(3_600_000);
    await box.drain();
    expect(t.calls).toBe(1);
    expect(told.map((i) => [i.status, i.lastError])).toEqual([['failed', '550 no such user']]);
  });

  test('an outcome the conversation did not hear is told again, not sent again', async () => {
    const t = new FakeTransport([]);
    let ok = false;
    const { box, advance, told } = outbox(new MemoryStorage(), t, [], () => ok);
    boxes.push(box);
    const { intent } = await box.enqueue(fields());
    await box.attempt(intent);
    expect(intent.tellConversation).toBe(true);
    ok = true;
    advance(10_000);
    await box.drain();
    expect(told.map((i) => i.status)).toEqual(['sent', 'sent']);
    expect(t.calls).toBe(1);
    expect(box.open.size).toBe(0);
  });

  test('a visitor erased: their mails are not sent, told or stored again, one being sent at that moment included', async () => {
    const storage = new MemoryStorage();
    const erase = (id: string) => {
      box.forget([id]);
      for (const k of [...storage.data.keys()]) if (k.includes(id)) storage.data.delete(k);
    };
    // ws.c1's mail is on the wire when its visitor is erased; ws.c3's waits its turn.
    const t = new FakeTransport([]);
    const send = t.send.bind(t);
    t.send = async (e) => {
      if (e.to === 'c1@example.com') erase('ws.c1');
      return send(e);
    };
    const { box, told } = outbox(storage, t);
    boxes.push(box);
    await box.enqueue({ ...fields('ws.c1:transcript:1'), to: 'c1@example.com' });
    await box.enqueue({ ...fields('ws.c2:transcript:1'), conversationId: 'ws.c2' });
    await box.enqueue({ ...fields('ws.c3:transcript:1'), conversationId: 'ws.c3', to: 'c3@example.com' });
    erase('ws.c3');
    await box.drain();
    expect(t.sent.map((e) => e.to)).toEqual(['c1@example.com', 'v@example.com']);
    expect(told.map((i) => i.conversationId)).toEqual(['ws.c2']);
    expect([...storage.data.keys()].filter((k) => /ws\.c[13]/.test(k))).toEqual([]);
    expect(box.nextAt()).toBeNull();
  });

  test('unsubscribed: pending mails of that conversation are not sent', async () => {
    const t = new FakeTransport([]);
    const { box, told } = outbox(new MemoryStorage(), t);
    boxes.push(box);
    await box.enqueue(fields('ws.c1:transcript:1'));
    await box.enqueue({ ...fields('ws.c2:transcript:1'), conversationId: 'ws.c2' });
    await box.cancelFor('ws.c1', 'Unsubscribed');
    await box.drain();
    expect(t.sent.map((e) => e.headers['Message-ID'])).toEqual(['<wsc2transcript1@acme.example>']);
    expect(told.find((i) => i.conversationId === 'ws.c1')?.status).toBe('failed');
  });
});
