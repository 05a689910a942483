import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { Health, REFUSED_SITES_MAX } from '../../../protocol';
import { healthOf, RefusedSites, REFUSED_WRITE_EVERY_MS } from '../../../party/workspace/health';
import { summary } from '../../helpers/extension-fixtures';
import { MemoryStorage } from '../../helpers/memory-room';

const NOW = 1_700_000_100_000;

describe('workspace health (party/workspace/health.ts)', () => {
  it('counts open and waiting chats, finds the oldest waiting one, counts intents by status', () => {
    const h = healthOf({
      now: NOW,
      since: NOW - 1000,
      conversations: [
        summary({ id: 'w.a', status: 'waiting', createdAt: NOW - 50 }),
        summary({ id: 'w.b', status: 'unassigned', createdAt: NOW - 90 }),
        summary({ id: 'w.c', status: 'active', createdAt: NOW - 500 }),
        summary({ id: 'w.d', status: 'closed', createdAt: NOW - 900 }),
      ],
      reports: 7,
      lastReportAt: NOW - 10,
      intents: [{ status: 'pending' }, { status: 'failed' }, { status: 'failed' }, { status: 'created' }],
      agentsOnline: 2,
      errors: { 'auth-refused': 3 },
      refusedSites: [],
    });
    expect(h.conversations).toEqual({ open: 3, waiting: 2, reports: 7, lastReportAt: NOW - 10 });
    expect(h.oldestWaitingSince).toBe(NOW - 90);
    expect(h.oldestWaitingId).toBe('w.b');
    expect(h.intents).toEqual({ pending: 1, failed: 2 });
    // What the options page decodes: the schema accepts it, and it says nothing about any visitor.
    expect(v.safeParse(Health, h).success).toBe(true);
    expect(JSON.stringify(h)).not.toContain('Blue Fox');
    expect(JSON.stringify(h)).not.toContain('Hello');
  });

  it('says null when nobody waits', () => {
    const h = healthOf({ now: NOW, since: NOW, conversations: [summary({ status: 'active' })], reports: 0, lastReportAt: null, intents: [], agentsOnline: 0, errors: {}, refusedSites: [] });
    expect(h.oldestWaitingSince).toBeNull();
    expect(h.oldestWaitingId).toBeNull();
  });
});

describe('refused sites (a page not in Allowed sites asked for the widget)', () => {
  it('keeps the newest, stores them with a version, writes a known site again only after a while', async () => {
    const storage = new MemoryStorage();
    const sites = new RefusedSites(storage as never);
    expect(await sites.seen('demo', 'https://www.shop.example', NOW)).toBe(true);
    expect(await sites.seen('demo', 'https://www.shop.example', NOW + 1000)).toBe(false);
    expect(sites.list()).toEqual([{ playbookId: 'demo', origin: 'https://www.shop.example', at: NOW, count: 2 }]);
    expect(await sites.seen('demo', 'https://www.shop.example', NOW + REFUSED_WRITE_EVERY_MS)).toBe(true);
    const stored = (await storage.get('refused-sites')) as { v: number; sites: unknown[] };
    expect(stored.v).toBe(1);
    for (let i = 0; i < REFUSED_SITES_MAX + 3; i++) await sites.seen('demo', `https://s${i}.example`, NOW + i);
    expect(sites.list()).toHaveLength(REFUSED_SITES_MAX);
    expect(sites.list()[0]!.origin).toBe(`https://s${REFUSED_SITES_MAX + 2}.example`);
    const again = new RefusedSites(storage as never);
    await again.load();
    expect(again.list()).toEqual(sites.list());
  });

  it('forgets a site once the admin allows it', async () => {
    const sites = new RefusedSites(new MemoryStorage() as never);
    await sites.seen('demo', 'https://a.example', NOW);
    await sites.seen('other', 'https://a.example', NOW);
    await sites.allowed('demo', ['https://a.example']);
    expect(sites.list().map((s) => s.playbookId)).toEqual(['other']);
  });
});
