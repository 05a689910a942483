import * as v from 'valibot';
import { atMost, list, name, ServerId, str, Timestamp } from './bounds';
import { AgentRef, NAME_MAX } from './model';
import { Id } from './playbook';
import { says } from './problems';
import { isSafeName } from './text-checks';

/*
 * Blocking a visitor: an agent blocks the visitor of a chat they can see, with a reason. The workspace keeps
 * the visitor's anonymous id and a salted hash of their address (the key the rooms rate-limit new chats by,
 * HMAC'd with the server secret: never the address itself). A new chat from either is refused with a neutral
 * message (`visitor-blocked`). Admins list blocks and lift them.
 */

/** Blocks one workspace keeps; a block beyond is refused `too-many`. */
export const BLOCKS_MAX = 1_000;
export const BLOCK_REASON_MAX = 500;

const Reason = v.pipe(v.string(), v.trim(), v.maxLength(BLOCK_REASON_MAX, atMost(BLOCK_REASON_MAX)), v.check(isSafeName, says({ code: 'name-chars' })));

/** A block as admins see it: no id or hash of the visitor, the chat it came from. */
export const BlockEntry = v.strictObject({
  id: Id,
  conversationId: ServerId,
  visitorName: name(NAME_MAX),
  reason: str(BLOCK_REASON_MAX),
  by: AgentRef,
  at: Timestamp,
});
export type BlockEntry = v.InferOutput<typeof BlockEntry>;

const Ref = v.optional(v.pipe(v.string(), v.maxLength(64)));
/** agent → workspace: block the visitor of this chat (one the agent may see). Answered `ok {id}`. */
export const BlockVisitor = v.strictObject({ type: v.literal('block'), ref: Ref, conversationId: ServerId, reason: Reason });
/** Admins only: the list (answered `blocks`). */
export const BlocksGet = v.strictObject({ type: v.literal('blocks-get'), ref: Ref });
/** Admins only: lift a block; every admin gets the new `blocks` list. */
export const Unblock = v.strictObject({ type: v.literal('unblock'), ref: Ref, id: Id });
export const BlocksFrame = v.strictObject({ type: v.literal('blocks'), blocks: list(BlockEntry, BLOCKS_MAX) });
