import type * as Party from 'partykit/server';
import { secretOf } from '../auth';
import { numberVar, systemClock, type Env } from '../ports';
import { configProblem, linkOf, refuseRequest, refuseSocket, roomIdOf, storageOf } from '../shell';
import { testClockFor } from '../test-clock';
import { logEvent } from '../log';
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

  /** Set when the deployment lacks a secret: every event is refused (fail closed), see shell.ts. */
  private refused: string | null = null;

  async onStart() {
    this.refused = configProblem(this.room.env);
    if (this.refused) return logEvent('config-missing', { room: 'conversation', missing: 'BATON_SECRET' });
    const real = storageOf(this.room);
    const id = await roomIdOf(this.room, async () => (await real.get<Meta>('meta'))?.conversationId);
    // Tests only: the chat's clock starts at the creation time the workspace was told (test-clock.ts).
    const test = this.room.env.BATON_TEST_CLOCK === '1' ? await testClockFor(real) : null;
    const storage = test?.storage ?? real;
    this.conversation = new Conversation({
      id: id ?? '',
      storage,
      clock: test?.clock ?? systemClock,
      ...(test ? { startClockAt: test.startAt } : {}),
      secret: secretOf(this.room.env),
      link: linkOf(this.room, this.room.env),
      config: configFrom(this.room.env),
    });
    await this.conversation.start();
    if (id) logEvent('room-started', { room: 'conversation', conv: id });
  }
  onConnect(conn: Party.Connection) {
    if (this.refused) return refuseSocket(conn, this.refused);
    this.conversation.connect(conn);
  }
  onClose(conn: Party.Connection) {
    if (this.refused) return;
    this.conversation.disconnect(conn);
  }
  onMessage(raw: string | ArrayBuffer | ArrayBufferView, conn: Party.Connection) {
    if (this.refused) return;
    return this.conversation.message(conn, raw);
  }
  onRequest(req: Party.Request) {
    if (this.refused) return refuseRequest(this.refused);
    if (testStorageOn(this.room.env) && isTestStorageRequest(req.url)) return testStorageRoute(req as unknown as Request, storageOf(this.room));
    return this.conversation.request(req as unknown as Request);
  }
  onAlarm() {
    if (this.refused) return;
    return this.conversation.alarm();
  }
}
