import * as v from 'valibot';
import { Role } from './workspace';
import { name, ServerId, Timestamp, whole } from './bounds';

/** What an agent's session token says. Signed by the workspace room, verified by every room. */
export const AgentClaims = v.strictObject({
  kind: v.literal('agent'),
  ws: ServerId,
  sub: ServerId,
  name: name(200),
  role: Role,
  manageLiveChat: v.boolean(),
  exp: Timestamp,
  /** The credential generation it was made from (AgentPublic.gen; absent: 0): re-issuing refuses older tokens. */
  gen: v.optional(whole(1, 1_000_000)),
});
export type AgentClaims = v.InferOutput<typeof AgentClaims>;

/** What a visitor's token says: bound to one conversation, nothing else. */
export const VisitorClaims = v.strictObject({ kind: v.literal('visitor'), ws: ServerId, conv: ServerId });
export type VisitorClaims = v.InferOutput<typeof VisitorClaims>;

export const TokenClaims = v.variant('kind', [AgentClaims, VisitorClaims]);
export type TokenClaims = v.InferOutput<typeof TokenClaims>;
