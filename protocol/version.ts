/**
 * Bumped on any incompatible change of a frame. Sent by every client in its `hello`. 2: agents' status, teams,
 * Max chats, business hours and routing (issue 13): the extension decodes strictly, so it needs the new shapes.
 * 3: the visitor's identity (`verified` in summaries, `identity` in the agent's view) and the identity frames
 * (issue 14): new fields an extension of protocol 2 would refuse.
 */
export const PROTOCOL_VERSION = 3;
/**
 * The oldest widget a conversation room still lets in. The widget reads frames by `type` only and skips what it
 * does not know, so a bundle cached on an open page before a deploy keeps working (agents: PROTOCOL_VERSION only).
 */
export const MIN_VISITOR_VERSION = 1;

/** Socket close codes the rooms use (4xxx is the application range). */
export const CloseCode = {
  /** The client's `hello.v` is not PROTOCOL_VERSION. */
  versionMismatch: 4000,
  /** Missing, forged, expired or foreign token. */
  unauthorized: 4001,
  /** No `hello` within the grace period. */
  helloTimeout: 4002,
  /** The agent lost access to this conversation (reassigned away). */
  revoked: 4003,
  /** The conversation does not exist. */
  notFound: 4004,
  /** One visitor token opened more than Limits.socketsPerVisitor sockets at once (after an error frame `rate-limited`). */
  tooManySockets: 4005,
} as const;

/** Bounds enforced on every connection. */
export const Limits = {
  /** Largest frame a client may send, in UTF-16 code units of the raw string. */
  frameChars: 32_000,
  /**
   * Rooms page what they send (a long log, a big inbox) in frames of about this size, under the 1 MiB a
   * Cloudflare WebSocket message may carry. Clients don't cap what rooms send them.
   */
  roomPageChars: 256_000,
  /** Longest chat message. */
  messageChars: 4_000,
  /** Per-connection token bucket: burst and refill per second. */
  rateBurst: 30,
  ratePerSecond: 10,
  /** Conversations one IP may create per minute (per workspace). */
  conversationsPerIpPerMinute: 10,
  /** How long a socket may stay silent before sending `hello`. */
  helloGraceMs: 5_000,
  /** Largest frame a socket may send before its `hello` (a bigger one: `frame-too-large` once, unread; closed at the hello deadline, 4002). */
  preHelloFrameChars: 4_096,
  /** Sockets one visitor token may hold open at once; the next one is closed with CloseCode.tooManySockets. */
  socketsPerVisitor: 5,
  /** Messages a visitor may send per conversation per minute; more are refused `rate-limited` (ref = message id). */
  visitorMessagesPerMinute: 30,
  /** Entries a conversation keeps; a message beyond is refused `conversation-full` (ref = message id). */
  conversationEntries: 2_000,
  /** Sum of the message texts' lengths a conversation keeps; beyond, `conversation-full`. */
  conversationChars: 1_000_000,
  /** How long after the visitor's last socket closed they are shown as away (a page change reconnects sooner). */
  visitorAwayGraceMs: 10_000,
  /** Agent session tokens live this long; the extension refreshes before expiry. */
  sessionTtlMs: 3_600_000,
} as const;
