import { describe, expect, it } from 'vitest';
import type { Health } from '../../../protocol';
import { findings, LONG_WAIT_MS, refusedFor } from '../../../models/options/health';

const NOW = 1_700_000_000_000;
const healthy: Health = {
  at: NOW,
  since: NOW - 60_000,
  conversations: { open: 2, waiting: 1, reports: 5, lastReportAt: NOW - 1000 },
  oldestWaitingSince: NOW - 60_000,
  oldestWaitingId: 'w.a',
  intents: { pending: 1, failed: 0 },
  agentsOnline: 1,
  errors: {},
  refusedSites: [],
};

describe('the Health block says what needs attention (models/options/health.ts)', () => {
  it('nothing when chats wait briefly, intents are only pending and nothing failed', () => {
    expect(findings(healthy, NOW)).toEqual([]);
  });

  it('a long wait, failed intents, refused sites, and errors other than refused sites', () => {
    const h: Health = {
      ...healthy,
      oldestWaitingSince: NOW - LONG_WAIT_MS - 1,
      intents: { pending: 0, failed: 2 },
      errors: { 'auth-refused': 3, 'site-not-allowed': 4 },
      refusedSites: [{ playbookId: 'p1', origin: 'https://a.example', at: NOW, count: 4 }],
    };
    expect(findings(h, NOW)).toEqual([
      { kind: 'intents-failed', count: 2 },
      { kind: 'long-wait', ms: LONG_WAIT_MS + 1 },
      { kind: 'sites-refused', count: 1 },
      { kind: 'errors', count: 3 },
    ]);
  });

  it('refusedFor keeps one playbook’s refused sites', () => {
    const h: Health = { ...healthy, refusedSites: [{ playbookId: 'p1', origin: 'https://a.example', at: NOW, count: 1 }, { playbookId: 'p2', origin: 'https://b.example', at: NOW, count: 1 }] };
    expect(refusedFor(h, 'p2').map((s) => s.origin)).toEqual(['https://b.example']);
    expect(refusedFor(null, 'p2')).toEqual([]);
  });
});
