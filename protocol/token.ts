import * as v from 'valibot';
import { Role } from './workspace';

/** What an agent's session token says. Signed by the workspace room, verified by every room. */
export const AgentClaims = v.strictObject({
  kind: v.literal('agent'),
  ws: v.string(),
  sub: v.string(),
  name: v.string(),
  role: Role,
  manageLiveChat: v.boolean(),
  exp: v.number(),
});
export type AgentClaims = v.InferOutput<typeof AgentClaims>;

/** What a visitor's token says: bound to one conversation, nothing else. */
export const VisitorClaims = v.strictObject({ kind: v.literal('visitor'), ws: v.string(), conv: v.string() });
export type VisitorClaims = v.InferOutput<typeof VisitorClaims>;

export const TokenClaims = v.variant('kind', [AgentClaims, VisitorClaims]);
export type TokenClaims = v.InferOutput<typeof TokenClaims>;
