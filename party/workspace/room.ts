import type * as Party from 'partykit/server';
import { Limits } from '../../protocol';
import { secretOf } from '../auth';
import { crmEnv } from '../crm/settings';
import { RoomLink } from '../link';
import { numberVar, systemClock, type Storage } from '../ports';
import { Workspace } from './core';

/** The PartyKit shell of a workspace room: it builds the ports and hands every event to `Workspace`. */
export default class WorkspaceRoom implements Party.Server {
  readonly workspace: Workspace;

  constructor(readonly room: Party.Room) {
    const env = room.env;
    const secret = secretOf(env);
    const wait = numberVar(env, 'BATON_WAIT_SECONDS_OVERRIDE', NaN);
    this.workspace = new Workspace({
      id: room.id,
      storage: room.storage as unknown as Storage,
      clock: systemClock,
      secret,
      link: new RoomLink({
        secret,
        // Inside onAlarm PartyKit offers no stubs: the link then uses BATON_PUBLIC_URL.
        stub: (to) => room.context.parties[to.party]?.get(to.id) as never,
        publicUrl: typeof env.BATON_PUBLIC_URL === 'string' && env.BATON_PUBLIC_URL ? env.BATON_PUBLIC_URL.replace(/\/+$/, '') : null,
        timeoutMs: numberVar(env, 'BATON_ROOM_CALL_TIMEOUT_MS', 10_000),
      }),
      crmEnv: crmEnv(env),
      config: {
        setupKey: typeof env.BATON_SETUP_KEY === 'string' ? env.BATON_SETUP_KEY : undefined,
        sessionTtlMs: numberVar(env, 'BATON_SESSION_TTL_MS', Limits.sessionTtlMs),
        conversationsPerMinute: numberVar(env, 'BATON_CONVERSATIONS_PER_MINUTE', Limits.conversationsPerIpPerMinute),
        waitSecondsOverride: Number.isFinite(wait) ? wait : undefined,
        helloGraceMs: numberVar(env, 'BATON_HELLO_GRACE_MS', Limits.helloGraceMs),
      },
    });
  }

  onStart() {
    return this.workspace.start();
  }
  onConnect(conn: Party.Connection) {
    this.workspace.connect(conn);
  }
  onClose(conn: Party.Connection) {
    this.workspace.disconnect(conn);
  }
  onMessage(raw: string | ArrayBuffer | ArrayBufferView, conn: Party.Connection) {
    return this.workspace.message(conn, raw);
  }
  onRequest(req: Party.Request) {
    return this.workspace.request(req as unknown as Request, req.headers.get('cf-connecting-ip') ?? 'unknown');
  }
  onAlarm() {
    return this.workspace.alarm();
  }
}
