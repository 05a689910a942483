import type * as Party from 'partykit/server';
import { Limits } from '../../protocol';
import { secretOf } from '../auth';
import { RoomLink } from '../link';
import { numberVar, systemClock, type Storage } from '../ports';
import { Conversation } from './core';

/** The PartyKit shell of a conversation room: it builds the ports and hands every event to `Conversation`. */
export default class ConversationRoom implements Party.Server {
  readonly conversation: Conversation;

  constructor(readonly room: Party.Room) {
    const env = room.env;
    const secret = secretOf(env);
    this.conversation = new Conversation({
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
      config: {
        visitorAwayMs: numberVar(env, 'BATON_VISITOR_AWAY_MS', Limits.visitorAwayGraceMs),
        helloGraceMs: numberVar(env, 'BATON_HELLO_GRACE_MS', Limits.helloGraceMs),
      },
    });
  }

  onStart() {
    return this.conversation.start();
  }
  onConnect(conn: Party.Connection) {
    this.conversation.connect(conn);
  }
  onClose(conn: Party.Connection) {
    this.conversation.disconnect(conn);
  }
  onMessage(raw: string | ArrayBuffer | ArrayBufferView, conn: Party.Connection) {
    return this.conversation.message(conn, raw);
  }
  onRequest(req: Party.Request) {
    return this.conversation.request(req as unknown as Request);
  }
  onAlarm() {
    return this.conversation.alarm();
  }
}
