import { REFUSED_SITES_MAX, type ConversationSummary, type Health, type RefusedSite } from '../../protocol';
import type { Storage } from '../ports';

/** What the health answer is made of (core.ts gathers it; this module only decides). */
export type HealthInput = {
  now: number;
  since: number;
  conversations: Iterable<ConversationSummary>;
  reports: number;
  lastReportAt: number | null;
  intents: Iterable<{ status: string }>;
  agentsOnline: number;
  errors: Record<string, number>;
  refusedSites: RefusedSite[];
};

const waits = (s: ConversationSummary) => s.status === 'waiting' || s.status === 'unassigned';

/** The workspace's health: counts only, no personal data (see protocol/health.ts). */
export function healthOf(i: HealthInput): Health {
  let open = 0;
  let waiting = 0;
  let oldest: ConversationSummary | null = null;
  for (const s of i.conversations) {
    if (s.status !== 'closed') open++;
    if (!waits(s)) continue;
    waiting++;
    if (!oldest || s.createdAt < oldest.createdAt) oldest = s;
  }
  let pending = 0;
  let failed = 0;
  for (const it of i.intents) {
    if (it.status === 'pending') pending++;
    else if (it.status === 'failed') failed++;
  }
  return {
    at: i.now,
    since: i.since,
    conversations: { open, waiting, reports: i.reports, lastReportAt: i.lastReportAt },
    oldestWaitingSince: oldest ? oldest.createdAt : null,
    oldestWaitingId: oldest ? oldest.id : null,
    intents: { pending, failed },
    agentsOnline: i.agentsOnline,
    errors: i.errors,
    refusedSites: i.refusedSites,
  };
}

const KEY = 'refused-sites';
type Stored = { v: 1; sites: RefusedSite[] };
/** A refused site is written again at most this often (a busy page must not write on every view). */
export const REFUSED_WRITE_EVERY_MS = 60_000;

/**
 * Sites that asked for a playbook's widget config but are not in its Allowed sites: the admin sees them in the
 * options page (Installation, Health) and can add the right one. The REFUSED_SITES_MAX most recent are kept.
 */
export class RefusedSites {
  private sites: RefusedSite[] = [];
  constructor(private storage: Storage) {}

  async load() {
    const s = await this.storage.get<Stored>(KEY);
    if (s?.v === 1 && Array.isArray(s.sites)) this.sites = s.sites;
  }

  list(): RefusedSite[] {
    return this.sites.map((s) => ({ ...s }));
  }

  /** Answers whether this is news (a site not seen lately): the caller logs it then. */
  async seen(playbookId: string, origin: string, now: number): Promise<boolean> {
    const i = this.sites.findIndex((s) => s.playbookId === playbookId && s.origin === origin);
    const before = i >= 0 ? this.sites[i]! : null;
    const entry = { playbookId, origin, at: now, count: (before?.count ?? 0) + 1 };
    if (before && now - before.at < REFUSED_WRITE_EVERY_MS) {
      before.count = entry.count;
      return false;
    }
    if (i >= 0) this.sites.splice(i, 1);
    this.sites = [entry, ...this.sites].slice(0, REFUSED_SITES_MAX);
    await this.storage.put(KEY, { v: 1, sites: this.sites } satisfies Stored);
    return true;
  }

  /** A site the admin has now allowed is no longer listed. */
  async allowed(playbookId: string, origins: readonly string[]) {
    const next = this.sites.filter((s) => !(s.playbookId === playbookId && origins.includes(s.origin)));
    if (next.length === this.sites.length) return;
    this.sites = next;
    await this.storage.put(KEY, { v: 1, sites: this.sites } satisfies Stored);
  }
}
