import type * as Party from 'partykit/server';
import { secretOf } from '../auth';
import { numberVar, systemClock, type Env } from '../ports';
import { linkOf, roomIdOf, storageOf } from '../shell';
import { isTestStorageRequest, testStorageOn, testStorageRoute } from '../test-storage';
import { Conversation, defaultConversationConfig, type ConversationConfig } from './core';
import type { Meta } from './state';

/** Server vars override the protocol's limits (tests shrink them; see README "Limits"). */
function configFrom(env: Env): ConversationConfig {
  const d = defaultConversationConfig();
  return {
    visitorAwayMs: numberVar(env, 'BATON_VISITOR_AWAY_MS', d.visitorAwayMs),
    helloGraceMs: numberVar(env, 'BATON_HELLO_GRACE_MS', d.helloGraceMs),
    socketsPerVisitor: numberVar(env, 'BATON_SOCKETS_PER_VISITOR', d.socketsPerVisitor),
    visitorMessagesPerMinute: numberVar(env, 'BATON_VISITOR_MESSAGES_PER_MINUTE', d.visitorMessagesPerMinute),
    maxEntries: numberVar(env, 'BATON_MAX_ENTRIES', d.maxEntries),
    maxChars: numberVar(env, 'BATON_MAX_CONVERSATION_CHARS', d.maxChars),
    visitorTokenAfterCloseMs: numberVar(env, 'BATON_VISITOR_TOKEN_AFTER_CLOSE_MS', d.visitorTokenAfterCloseMs),
    // A test knob, bounded: at most 1,000 times faster, never slower (README "Test knobs").
    escalationSpeedup: Math.min(1_000, Math.max(1, Math.round(numberVar(env, 'BATON_ESCALATION_SPEEDUP', 1)))),
  };
}

/**
 * The PartyKit shell of a conversation room: it builds the ports and hands every event to `Conversation`.
 * Built in onStart, not the constructor: see shell.ts on `room.id` in rooms woken by an alarm.
 */
export default class ConversationRoom implements Party.Server {
  private conversation!: Conversation;

  constructor(readonly room: Party.Room) {}

  async onStart() {
    const storage = storageOf(this.room);
    const id = await roomIdOf(this.room, async () => (await storage.get<Meta>('meta'))?.conversationId);
    this.conversation = new Conversation({
      id: id ?? '',
      storage,
      clock: systemClock,
      secret: secretOf(this.room.env),
      link: linkOf(this.room, this.room.env),
      config: configFrom(this.room.env),
    });
    await this.conversation.start();
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
    if (testStorageOn(this.room.env) && isTestStorageRequest(req.url)) return testStorageRoute(req as unknown as Request, storageOf(this.room));
    return this.conversation.request(req as unknown as Request);
  }
  onAlarm() {
    return this.conversation.alarm();
  }
}
