import type { ConversationSummary, RetentionView } from '../../protocol';
import type { RoomLink } from '../link';
import type { Storage } from '../ports';
import { eraseRoom } from './erasure';
import { logEvent } from '../log';

/*
 * `Delete closed conversations after N days` (off by default). A sweep runs once a day, alarm-driven, in
 * batches: each batch asks the rooms of the oldest closed chats past the cutoff to delete themselves (a room
 * re-checks that its chat is closed, and closed before the cutoff: an open chat is never touched, whatever the
 * index says), then stores how far it got (the cursor), so a restart resumes where it stopped.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Chats one batch deletes at most, and the pause between batches (the room serves others meanwhile). */
export const RETENTION_BATCH = 20;
export const BATCH_PAUSE_MS = 1_000;
/** A room that did not answer: the sweep tries again this much later. */
export const RETRY_MS = 60_000;

export const SETTINGS_KEY = 'retention';
export const RUN_KEY = 'retention-run';
export type RetentionSettings = { v: 1; days: number | null; lastRunAt: number | null; lastDeleted: number; nextAt: number | null };
export type RetentionRun = { v: 1; cutoff: number; after: string; deleted: number; startedAt: number };
const OFF: RetentionSettings = { v: 1, days: null, lastRunAt: null, lastDeleted: 0, nextAt: null };

/** A closed chat's place in a sweep (oldest closed first): the cursor a batch ends at. */
export const sweepKey = (s: Pick<ConversationSummary, 'closedAt' | 'id'>) => `${String(s.closedAt ?? 0).padStart(15, '0')}:${s.id}`;

/** The next batch: closed chats that closed before `cutoff`, after the cursor, oldest first. Open chats never. */
export function retentionCandidates(index: Iterable<ConversationSummary>, cutoff: number, after: string, max: number): ConversationSummary[] {
  return [...index]
    .filter((s) => s.status === 'closed' && s.closedAt !== null && s.closedAt < cutoff && sweepKey(s) > after)
    .sort((a, b) => (sweepKey(a) < sweepKey(b) ? -1 : 1))
    .slice(0, max);
}

export type RetentionHost = {
  storage: Pick<Storage, 'get' | 'put' | 'delete'>;
  link: RoomLink;
  now(): number;
  index(): Iterable<ConversationSummary>;
  /** The conversations are gone: out of the index, history keys, queue. */
  forget(ids: readonly string[]): Promise<void>;
  /** Wake the room in `ms` (null: no need). */
  wake(ms: number | null): Promise<void>;
  changed(view: RetentionView): void;
};

export class Retention {
  private settings: RetentionSettings = OFF;
  private run: RetentionRun | null = null;
  private ticking = false;

  constructor(
    private host: RetentionHost,
    private batch = RETENTION_BATCH,
  ) {}

  /** At start: the settings and any sweep under way, and the alarm armed again (partykit dev forgets it over a restart). */
  async load() {
    this.settings = (await this.host.storage.get<RetentionSettings>(SETTINGS_KEY)) ?? OFF;
    this.run = (await this.host.storage.get<RetentionRun>(RUN_KEY)) ?? null;
    await this.arm();
  }

  view(): RetentionView {
    const s = this.settings;
    return { days: s.days, lastRunAt: s.lastRunAt, lastDeleted: s.lastDeleted, running: this.run !== null };
  }

  /** Turned on (a sweep starts at once) or off (a sweep under way stops where it is). */
  async save(days: number | null) {
    this.settings = { ...this.settings, days, nextAt: days === null ? null : this.host.now() };
    if (days === null && this.run) {
      this.run = null;
      await this.host.storage.delete(RUN_KEY);
    }
    await this.host.storage.put(SETTINGS_KEY, this.settings);
    await this.arm();
    this.host.changed(this.view());
  }

  private async arm() {
    const { days, nextAt } = this.settings;
    if (days === null) return this.host.wake(null);
    if (this.run) return this.host.wake(0);
    return this.host.wake(nextAt === null ? null : Math.max(0, nextAt - this.host.now()));
  }

  /** The alarm: one batch of the sweep that is due or under way. */
  async tick() {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.step();
    } finally {
      this.ticking = false;
    }
  }

  private async step() {
    const { days, nextAt } = this.settings;
    const now = this.host.now();
    if (days === null) return;
    if (!this.run) {
      if (nextAt === null || now < nextAt) return this.arm();
      this.run = { v: 1, cutoff: now - days * DAY_MS, after: '', deleted: 0, startedAt: now };
      await this.host.storage.put(RUN_KEY, this.run);
      this.host.changed(this.view());
    }
    const run = this.run;
    const batch = retentionCandidates(this.host.index(), run.cutoff, run.after, this.batch);
    for (const s of batch) {
      const answer = await eraseRoom(this.host.link, s.id, run.cutoff);
      if (!answer) {
        await this.host.storage.put(RUN_KEY, run);
        return this.host.wake(RETRY_MS);
      }
      if (answer.erased) {
        await this.host.forget([s.id]);
        run.deleted++;
      }
      run.after = sweepKey(s);
    }
    if (batch.length === this.batch) {
      await this.host.storage.put(RUN_KEY, run);
      return this.host.wake(BATCH_PAUSE_MS);
    }
    // Done: the next sweep in a day.
    this.run = null;
    this.settings = { ...this.settings, lastRunAt: now, lastDeleted: run.deleted, nextAt: now + DAY_MS };
    await this.host.storage.put(SETTINGS_KEY, this.settings);
    await this.host.storage.delete(RUN_KEY);
    logEvent('retention-swept', { deleted: run.deleted });
    this.host.changed(this.view());
    await this.arm();
  }
}
