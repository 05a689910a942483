import { describe, expect, test } from 'vitest';
import type { StoredRecord, VisitorKeys } from '../../../protocol';
import { crmToErase, eraseVisitor, intentIsTheirs, matchVisitor, subjectOf, type ErasureHost } from '../../../party/workspace/erasure';
import { MemoryStorage, fakeLink } from '../../helpers/memory-room';

const rec = (id: string, kind: StoredRecord['kind'], data: Record<string, unknown> = {}): StoredRecord => ({ id, kind, title: id, createdAt: 1, data });

describe('who the visitor is', () => {
  const keys = new Map<string, VisitorKeys>([
    ['c1', { visitorId: 'browser-vera-0000001', email: 'vera@example.com' }],
    ['c2', { email: 'vera@example.com' }],
    ['c3', { visitorId: 'browser-walt-0000001' }],
    ['c4', { userId: 'u-42', email: 'vera@example.com' }],
    ['c5', { visitorId: 'browser-vera-0000001' }],
    ['c6', { visitorId: 'browser-walt-0000001', email: 'walt@example.com' }],
  ]);
  test('by anonymous visitor id, verified user id, or email (any case), with the chats agents see as the same visitor’s', () => {
    // Her browser's chats, and through them her email's (as Previous conversations shows them); a verified
    // account's chats are reached only by its user id or its own email.
    expect(matchVisitor(keys, 'browser-vera-0000001')).toEqual(['c1', 'c2', 'c5']);
    expect(matchVisitor(keys, ' Vera@Example.com ')).toEqual(['c1', 'c2', 'c4', 'c5']);
    expect(matchVisitor(keys, 'u-42')).toEqual(['c4']);
    // One step only: Walt's browser is not reached through c3 → c6 → walt's email chains.
    expect(matchVisitor(keys, 'walt@example.com')).toEqual(['c3', 'c6']);
    expect(matchVisitor(keys, 'nobody@example.com')).toEqual([]);
  });
  test('an intent is theirs when made from their chat or an offline form with their email', () => {
    const offline = { conversationId: undefined, payload: { type: 'offline', contact: { email: 'Olga@example.com' }, create: [], transcript: '' } } as never;
    expect(intentIsTheirs(offline, new Set(), 'olga@example.com')).toBe(true);
    expect(intentIsTheirs(offline, new Set(), 'vera@example.com')).toBe(false);
    const fromChat = { conversationId: 'c1', payload: { type: 'details', kind: 'lead', details: { person: { email: '' } } } } as never;
    expect(intentIsTheirs(fromChat, new Set(['c1']), 'x')).toBe(true);
  });
  test('the hash kept identifies nobody without the secret, and is the same for the same request', async () => {
    const a = await subjectOf('secret-1', 'Vera@example.com');
    expect(a).toBe(await subjectOf('secret-1', 'vera@example.com '));
    expect(a).not.toBe(await subjectOf('secret-2', 'vera@example.com'));
    expect(a).not.toContain('vera');
  });
});

describe('built-in CRM items linked only to them', () => {
  const records = [
    rec('org_acme', 'organization'),
    rec('per_vera', 'person', { orgId: 'org_acme' }),
    rec('lea_vera', 'lead', { personId: 'per_vera', orgId: 'org_acme' }),
    rec('not_vera', 'note', { leadId: 'lea_vera' }),
    rec('dea_vera2', 'deal', { personId: 'per_vera' }), // made from another chat of hers: hangs on her person
    rec('per_anna', 'person', { orgId: 'org_acme' }), // a colleague at the same company
    rec('lea_anna', 'lead', { personId: 'per_anna', orgId: 'org_acme' }),
  ];
  test('their items and what hangs on them go; an organization someone else links to stays', () => {
    expect([...crmToErase(records, new Set(['per_vera', 'lea_vera', 'org_acme']))].sort()).toEqual(['dea_vera2', 'lea_vera', 'not_vera', 'per_vera']);
  });
  test('an organization only they used goes too; unknown seeds (another CRM’s ids) are ignored', () => {
    const alone = records.filter((r) => !r.id.endsWith('anna'));
    expect([...crmToErase(alone, new Set(['per_vera', 'org_acme', '12345']))].sort()).toEqual(['dea_vera2', 'lea_vera', 'not_vera', 'org_acme', 'per_vera']);
  });
});

describe('eraseVisitor over in-memory rooms', () => {
  test('every room of theirs is told, the workspace keeps nothing of them but the record; another visitor stays', async () => {
    const storage = new MemoryStorage();
    const put = (k: string, v: unknown) => storage.data.set(k, v);
    put('conv:w.c1', { id: 'w.c1' });
    put('vk:w.c1', { email: 'vera@example.com' });
    put('conv:w.c2', { id: 'w.c2' });
    put('vk:w.c2', { email: 'anna@example.com' });
    put('intent:i1', { id: 'i1', conversationId: 'w.c1', payload: { type: 'details', kind: 'lead', details: { person: { email: 'vera@example.com' } } }, steps: { person: { id: 'per_vera' }, lead: { id: 'lea_vera' } }, result: { id: 'lea_vera' } });
    put('intent-done:000000000000001:i1', 'i1');
    put('intent:i2', { id: 'i2', conversationId: 'w.c2', payload: { type: 'details', kind: 'lead', details: { person: { email: 'anna@example.com' } } }, steps: {}, result: null });
    put('rec:000000000000001:per_vera', rec('per_vera', 'person', { email: 'vera@example.com' }));
    put('rec:000000000000002:lea_vera', rec('lea_vera', 'lead', { personId: 'per_vera' }));
    put('rec:000000000000003:per_anna', rec('per_anna', 'person'));
    put('rec-id:per_vera', { id: 'per_vera' });
    put('rec-id:lea_vera', { id: 'lea_vera' });
    put('rec-id:per_anna', { id: 'per_anna' });
    put('rec-email:vera@example.com', { personId: 'per_vera' });
    put('rec-key:i1:person', { id: 'per_vera' });
    put('outbox:w.c1:1', { v: 1, to: 'v***@example.com' }); // another feature's record, keyed by the chat
    put('mail:m1', { v: 1, conversationId: 'w.c1', to: 'vera@example.com' }); // …or naming it inside
    put('mail:m2', { v: 1, conversationId: 'w.c2', to: 'anna@example.com' });
    // Catalogued families keyed by the chat (the email outbox, insights) or linking to it (a reply's next chat).
    put('email:intent:w.c1:transcript:1', { v: 1, id: 'w.c1:transcript:1', conversationId: 'w.c1', to: 'vera@example.com' });
    put('email:done:000000000000001:w.c1:transcript:1', 'w.c1:transcript:1');
    put('ins:c:1970-01-01:w.c1', { v: 1, rev: 1, day: '1970-01-01', hour: 0, chat: 1, leads: 1, deals: 0, offlineLeads: 0, rating: 5 });
    put('email:next:w.c0', { v: 1, conversationId: 'w.c1' });
    put('email:next:w.c2', { v: 1, conversationId: 'w.c3' });
    const asked: string[] = [];
    const { link } = fakeLink('s', (to, body) => {
      asked.push(`${to.id}:${body.type}`);
      return { status: 200, body: { erased: true, records: { person: { kind: 'person', id: 'per_vera', title: 'Vera' } } } };
    });
    const keys = new Map<string, VisitorKeys>([
      ['w.c1', { email: 'vera@example.com' }],
      ['w.c2', { email: 'anna@example.com' }],
    ]);
    const forgotten: string[] = [];
    const emailsDropped: string[] = [];
    const host: ErasureHost = {
      storage: storage.asStorage(),
      secret: 's',
      link,
      now: () => 5_000,
      keys,
      forgetConversations: async (ids) => {
        forgotten.push(...ids);
        for (const id of ids) {
          storage.data.delete(`conv:${id}`);
          storage.data.delete(`vk:${id}`);
        }
      },
      dropIntents: () => {},
      dropEmails: (ids) => void emailsDropped.push(...ids),
      dropBlocks: async () => 0,
    };
    const view = await eraseVisitor(host, 'vera@example.com', { id: 'a1', name: 'Ada' });
    expect(asked).toEqual(['w.c1:erase']);
    expect(forgotten).toEqual(['w.c1']);
    expect(emailsDropped).toEqual(['w.c1']);
    expect(view).toMatchObject({ conversations: 1, records: 2, intents: 1, blocks: 0, failed: 0, by: { id: 'a1', name: 'Ada' }, at: 5_000 });
    const left = JSON.stringify([...storage.data]);
    expect(left).not.toMatch(/vera|w\.c1|per_vera|lea_vera|"i1"/i);
    expect([...storage.data.keys()].filter((k) => !k.startsWith('erasure:')).sort()).toEqual(['conv:w.c2', 'email:next:w.c2', 'intent:i2', 'mail:m2', 'rec-id:per_anna', 'rec:000000000000003:per_anna', 'vk:w.c2']);
  });

  test('a room that does not answer is counted as failed and its chat stays listed (run again to finish)', async () => {
    const storage = new MemoryStorage();
    storage.data.set('conv:w.c1', { id: 'w.c1' });
    const { link } = fakeLink('s', () => ({ status: 503 }));
    const forgotten: string[] = [];
    const view = await eraseVisitor(
      { storage: storage.asStorage(), secret: 's', link, now: () => 1, keys: new Map([['w.c1', { visitorId: 'browser-vera-0000001' }]]), forgetConversations: async (ids) => void forgotten.push(...ids), dropIntents: () => {}, dropEmails: () => {}, dropBlocks: async () => 0 },
      'browser-vera-0000001',
      { id: 'a', name: 'A' },
    );
    expect(view).toMatchObject({ conversations: 0, failed: 1 });
    expect(forgotten).toEqual([]);
    expect(storage.data.has('conv:w.c1')).toBe(true);
  });
});
