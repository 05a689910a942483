// Insights (issue 16): what folding a chat's facts into the daily aggregates costs per event, and how long an
// `insights-get` for 90 days takes once 100,000 conversations were folded. In memory: the module itself
// (party/workspace/insights.ts) on the in-memory storage the unit tests use (counts writes), no server.
import { performance } from 'node:perf_hooks';
import { InsightsStore } from '../../party/workspace/insights';
import type { ChatFacts } from '../../protocol';
import type { ListOptions, Storage } from '../../party/ports';

/**
 * Storage in memory with ordered keys kept sorted (a Durable Object's storage is an ordered index: a range read
 * does not sort every key, as the unit tests' MemoryStorage does). Values are cloned on the way in, like the
 * platform's. Counts batched puts and the keys they carry.
 */
class BenchStorage {
  data = new Map<string, unknown>();
  private sorted: string[] | null = null;
  puts = 0;
  keys = 0;
  async get(k: string | string[]): Promise<unknown> {
    if (Array.isArray(k)) return new Map(k.filter((x) => this.data.has(x)).map((x) => [x, this.data.get(x)]));
    return this.data.get(k);
  }
  async put(k: string | Record<string, unknown>, v?: unknown) {
    const batch = typeof k === 'string' ? { [k]: v } : k;
    this.puts++;
    for (const [key, value] of Object.entries(batch)) {
      if (!this.data.has(key)) this.sorted = null;
      this.data.set(key, structuredClone(value));
      this.keys++;
    }
  }
  async delete(k: string | string[]) {
    this.sorted = null;
    if (Array.isArray(k)) return k.filter((x) => this.data.delete(x)).length;
    return this.data.delete(k);
  }
  async list(o: ListOptions = {}) {
    const keys = (this.sorted ??= [...this.data.keys()].sort());
    const lo = o.startAfter ?? o.start ?? o.prefix ?? '';
    let i = 0;
    for (let hi = keys.length; i < hi; ) {
      const mid = (i + hi) >> 1;
      if (keys[mid]! < lo || (o.startAfter !== undefined && keys[mid] === lo)) i = mid + 1;
      else hi = mid;
    }
    const out = new Map<string, unknown>();
    for (; i < keys.length && out.size < (o.limit ?? Infinity); i++) {
      const key = keys[i]!;
      if (o.end !== undefined && key >= o.end) break;
      if (o.prefix !== undefined && !key.startsWith(o.prefix)) break;
      out.set(key, this.data.get(key));
    }
    return out;
  }
  async getAlarm() {
    return null;
  }
  async setAlarm() {}
  async deleteAlarm() {}
  asStorage() {
    return this as unknown as Storage;
  }
}

const DAY = 86_400_000;

/** A deterministic pseudo-random sequence (the same figures every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
}

export type InsightsBench = {
  conversations: number;
  days: number;
  events: number;
  foldUs: number;
  /** CPU time per event (the machine is shared: wall time includes waiting for the other processes). */
  foldCpuUs: number;
  writesPerEvent: number;
  keysPerWrite: number;
  changingEvents: number;
  getColdMs: number;
  getWarmMs: number;
  frameBytes: number;
};

export async function insightsBench(conversations = 100_000, days = 90): Promise<InsightsBench> {
  const now = Date.parse('2026-06-30T12:00:00Z');
  const first = now - days * DAY;
  const storage = new BenchStorage();
  const store = new InsightsStore(storage.asStorage(), () => 'Europe/Paris', () => now);
  const rand = rng(16);
  const agents = Array.from({ length: 20 }, (_, i) => ({ id: `agent${i}`, name: `Agent ${i}` }));
  let events = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < conversations; i++) {
    const startedAt = first + Math.floor(rand() * days * DAY);
    const agent = agents[Math.floor(rand() * agents.length)]!;
    const id = `ws.c${i}`;
    const missed = rand() < 0.1;
    // A chat's reports, as its room sends them: the start, a few messages (same figures), the claim and reply,
    // the close, sometimes a lead or deal, sometimes a rating.
    const reports: ChatFacts[] = [{ v: 1, startedAt }];
    reports.push(reports[0]!, reports[0]!);
    if (missed) reports.push({ v: 1, startedAt, missedAt: startedAt + 120_000 });
    else {
      const claimedAt = startedAt + Math.floor(rand() * 300_000);
      const claimed: ChatFacts = { v: 1, startedAt, claimedAt, agent };
      const replied: ChatFacts = { ...claimed, firstReplyAt: claimedAt + Math.floor(rand() * 120_000) };
      reports.push(claimed, replied, replied, replied);
      const lead = rand() < 0.3;
      const deal = lead && rand() < 0.3;
      if (lead) reports.push({ ...replied, lead: true, ...(deal ? { deal: true as const } : {}) });
      if (rand() < 0.4) reports.push({ ...reports[reports.length - 1]!, rating: 1 + Math.floor(rand() * 5) });
    }
    for (let r = 0; r < reports.length; r++) await store.foldChat(id, reports[r]!, r + 1);
    events += reports.length;
  }
  const foldMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const foldCpuUs = (cpu.user + cpu.system) / events;
  const writes = storage.puts;
  const from = new Date(first + DAY).toISOString().slice(0, 10);
  const to = new Date(now).toISOString().slice(0, 10);
  // Cold: a new store on the same storage (the room just restarted); warm: asked again. The storage's key index
  // is built first (a Durable Object's always is).
  await storage.list({ prefix: 'ins:a:', limit: 1 });
  const cold = new InsightsStore(storage.asStorage(), () => 'Europe/Paris', () => now);
  let t = performance.now();
  const answer = await cold.insights(from, to);
  const frameBytes = JSON.stringify({ type: 'insights', ref: 'r', insights: answer }).length;
  const getColdMs = performance.now() - t;
  // The fastest of 20 (the machine is shared: the others measure its neighbours).
  let getWarmMs = Infinity;
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    JSON.stringify(await store.insights(from, to));
    getWarmMs = Math.min(getWarmMs, performance.now() - t);
  }
  return {
    conversations,
    days,
    events,
    foldUs: (foldMs * 1000) / events,
    foldCpuUs,
    writesPerEvent: writes / events,
    keysPerWrite: storage.keys / storage.puts,
    changingEvents: writes,
    getColdMs,
    getWarmMs,
    frameBytes,
  };
}
