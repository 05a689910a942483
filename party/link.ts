import { BatonError } from '../protocol';
import { signedPost, type RoomAddress } from './auth';

/** A room's handle on another room, as the platform gives it (PartyKit: `room.context.parties.<party>.get(id)`). */
export type RoomStub = { fetch(path: string, init: RequestInit): Promise<Response> };

export type LinkOptions = {
  secret: string;
  /** The other room's stub; may throw or answer undefined where the platform offers none (PartyKit inside `onAlarm`). */
  stub: (to: RoomAddress) => RoomStub | undefined;
  /**
   * The server's own public origin (`BATON_PUBLIC_URL`), for calls made where no stub exists. Configuration,
   * never a request header: a forged `Host` must not choose where the server calls.
   */
  publicUrl: string | null;
  timeoutMs: number;
  fetch?: typeof fetch;
};

/**
 * The one room-to-room link: a signed POST (auth.ts binds it to the target room and time), through the
 * room's stub when there is one, else the configured public URL, and never waiting longer than `timeoutMs`.
 * A timeout or network failure throws `unavailable`; callers decide whether to retry (the reporter does).
 */
export class RoomLink {
  constructor(private o: LinkOptions) {}

  async call(to: RoomAddress, body: unknown): Promise<Response> {
    const init = await signedPost(this.o.secret, to, body);
    let stub: RoomStub | undefined;
    try {
      stub = this.o.stub(to);
    } catch {
      stub = undefined;
    }
    let request: Promise<Response>;
    if (stub) request = stub.fetch('/internal', init);
    else if (this.o.publicUrl) request = (this.o.fetch ?? fetch)(`${this.o.publicUrl}/parties/${to.party}/${encodeURIComponent(to.id)}/internal`, init);
    else throw new BatonError('unavailable', `No route to the ${to.party} room here: set BATON_PUBLIC_URL`);
    return withTimeout(request, this.o.timeoutMs, `${to.party} room`);
  }

  /** `call`, then the JSON body of a 2xx; a refusal becomes the room's own typed error. */
  async json(to: RoomAddress, body: unknown): Promise<{ status: number; body: unknown }> {
    const res = await this.call(to, body);
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed };
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BatonError('unavailable', `No answer from the ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
}

/** After a failed delivery, tried again after these delays, then given up on (logged). */
export const DELIVERY_RETRIES_MS = [1_000, 5_000, 30_000];

/**
 * A one-way message to another room that must arrive but that nobody waits for (an agent's revocation, a
 * visitor's contact for their missed chat): tried now, then again after each of `retriesMs` until the room
 * answers 2xx (or 404: it is gone). Never throws; answers whether the first try got through.
 */
export async function deliver(link: RoomLink, clock: { setTimeout(fn: () => void, ms: number): unknown }, to: RoomAddress, body: unknown, what: string, retriesMs: readonly number[] = DELIVERY_RETRIES_MS): Promise<boolean> {
  let ok = false;
  try {
    const res = await link.call(to, body);
    ok = res.ok || res.status === 404;
    if (!ok) console.error(`${what} refused by the ${to.party} room`, res.status);
  } catch (err) {
    console.error(`${what} not delivered`, err instanceof Error ? err.message.slice(0, 120) : 'unknown');
  }
  const [next, ...rest] = retriesMs;
  if (!ok && next !== undefined) clock.setTimeout(() => void deliver(link, clock, to, body, what, rest), next);
  return ok;
}
