/**
 * One change to report: the visitor's message to notify (if any), who made the change (not notified), and the
 * agent who did not reply in time (the workspace deals the chat to someone else).
 */
export type Change = { visitorMessage?: string; actorId?: string; noReply?: string };

/**
 * Tells the workspace room what changed, one report at a time: changes made while one is on its way are
 * merged into the next when they have the same actor (the latest visitor message is the one notified), so
 * a busy chat costs the workspace room — the busiest room — one report per round trip, not one per message.
 * `send` takes the summary and revision when the report leaves, so a merged report carries everything; it
 * answers whether the workspace took it (a failure is the caller's to retry: see alarm.ts).
 * `report` resolves when the report carrying this change has been answered or given up on.
 */
export class Reporter {
  private queue: (Change & { done: (() => void)[] })[] = [];
  private running = false;

  constructor(private send: (change: Change) => Promise<void>) {}

  report(change: Change = {}): Promise<void> {
    return new Promise((resolve) => {
      const last = this.queue[this.queue.length - 1];
      if (last && last.actorId === change.actorId && last.noReply === change.noReply) {
        if (change.visitorMessage !== undefined) last.visitorMessage = change.visitorMessage;
        last.done.push(resolve);
      } else this.queue.push({ ...change, done: [resolve] });
      if (!this.running) void this.drain();
    });
  }

  /** Reports waiting behind the one in flight. */
  get waiting() {
    return this.queue.length;
  }

  private async drain() {
    this.running = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        try {
          await this.send({
            ...(next.visitorMessage !== undefined ? { visitorMessage: next.visitorMessage } : {}),
            ...(next.actorId !== undefined ? { actorId: next.actorId } : {}),
            ...(next.noReply !== undefined ? { noReply: next.noReply } : {}),
          });
        } catch (err) {
          console.error('workspace report not scheduled', err instanceof Error ? err.message : 'unknown');
        }
        for (const resolve of next.done) resolve();
      }
    } finally {
      this.running = false;
    }
  }
}
