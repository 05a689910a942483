import { systemClock, type Clock, type Storage } from './ports';

/** Where a room keeps its test clock's offset (BATON_TEST_CLOCK only). */
const KEY = 'test-clock';

/**
 * Tests only (BATON_TEST_CLOCK=1): a conversation room whose chat was created at a time the test chose (the
 * workspace's `x-baton-test-now`) runs its clock that far from the real one — every later time of the chat
 * (claims, replies, the wait, the close) moves with it, so a scripted week of chats has the days it says. The
 * offset is stored (`test-clock`, with `v: 1`); alarms are set at the real time they stand for. Never used unset.
 */
export async function testClockFor(storage: Storage): Promise<{ clock: Clock; storage: Storage; startAt(at: number): Promise<void> }> {
  let offset = (await storage.get<{ v: 1; ms: number }>(KEY))?.ms ?? 0;
  const clock: Clock = { ...systemClock, now: () => Date.now() + offset };
  // Each method called on the platform's own object (its methods may check what `this` is).
  const shifted: Storage = {
    get: ((k: string | string[]) => storage.get(k as string)) as Storage['get'],
    put: ((k: string | Record<string, unknown>, v?: unknown) => (typeof k === 'string' ? storage.put(k, v) : storage.put(k))) as Storage['put'],
    delete: ((k: string | string[]) => storage.delete(k as string)) as Storage['delete'],
    list: (o) => storage.list(o),
    setAlarm: (at) => storage.setAlarm(at - offset),
    getAlarm: async () => {
      const at = await storage.getAlarm();
      return at === null ? null : at + offset;
    },
    deleteAlarm: () => storage.deleteAlarm(),
  };
  return {
    clock,
    storage: shifted,
    async startAt(at: number) {
      offset = at - Date.now();
      await storage.put(KEY, { v: 1, ms: offset });
    },
  };
}
