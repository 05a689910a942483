import type * as Party from 'partykit/server';
import { numberVar, type Env, type Storage } from './ports';
import { RoomLink } from './link';
import { secretOf } from './auth';

/**
 * A room's own id, or null. PartyKit throws on `room.id` (and `room.context`) inside `onAlarm` — and for the
 * whole life of a room that an alarm woke from eviction, `onStart` included — so shells never read it in
 * their constructor: they resolve it here, in `onStart`, falling back to the copy the room keeps in storage.
 */
export async function roomIdOf(room: Party.Room, stored: () => Promise<string | undefined>): Promise<string | null> {
  try {
    return room.id;
  } catch {
    return (await stored()) ?? null;
  }
}

/** The room-to-room link of a shell: stubs when PartyKit offers them, else BATON_PUBLIC_URL; bounded in time. */
export function linkOf(room: Party.Room, env: Env): RoomLink {
  const secret = secretOf(env);
  return new RoomLink({
    secret,
    // Throws inside onAlarm (and in a room an alarm woke): the link then uses BATON_PUBLIC_URL.
    stub: (to) => room.context.parties[to.party]?.get(to.id) as never,
    publicUrl: typeof env.BATON_PUBLIC_URL === 'string' && env.BATON_PUBLIC_URL ? env.BATON_PUBLIC_URL.replace(/\/+$/, '') : null,
    timeoutMs: numberVar(env, 'BATON_ROOM_CALL_TIMEOUT_MS', 10_000),
  });
}

/** The room's storage as the rules' port. */
export const storageOf = (room: Party.Room) => room.storage as unknown as Storage;

/**
 * Why this deployment can't run rooms (null: it can). Without BATON_SECRET (or with a short one) no token can be
 * signed or checked: the room refuses everything, with this message, rather than fail on every request.
 */
export function configProblem(env: Env): string | null {
  try {
    secretOf(env);
    return null;
  } catch {
    return 'Server not configured: BATON_SECRET is missing or shorter than 32 characters. Set it (npx partykit env add BATON_SECRET, or the environment of npm run serve) and deploy again; README "Deploy".';
  }
}

/** A request to a room that can't run: 503 with the reason, said once per room in the logs. */
export function refuseRequest(problem: string): Response {
  return new Response(JSON.stringify({ type: 'error', code: 'unavailable', message: problem }), { status: 503, headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' } });
}

/** A socket to a room that can't run: closed at once (1011: server error), the reason cut to a close frame's size. */
export function refuseSocket(conn: Party.Connection, problem: string): void {
  conn.close(1011, problem.slice(0, 120));
}
