import * as v from 'valibot';
import { Timestamp, whole } from './bounds';

/*
 * The bounds of the routing and escalation settings, shared by the schemas that will carry them (a playbook's
 * live chat card, the workspace's settings, an agent's status) and the server's rules that use them
 * (party/workspace/routing.ts, party/workspace/queue.ts, party/conversation/escalation.ts), which clamp to the
 * same numbers so a stored value from an older schema can never make them spin or starve.
 */

/** How a playbook's live chat card hands out chats: the seed's claim by hand, or automatically. */
export const ROUTING_MODES = ['manual', 'round-robin', 'least-busy'] as const;
export const RoutingMode = v.picklist(ROUTING_MODES);
export type RoutingMode = v.InferOutput<typeof RoutingMode>;

/** An agent's status: chats are routed only to `online` agents. */
export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;
export const AgentStatus = v.picklist(AGENT_STATUSES);
export type AgentStatus = v.InferOutput<typeof AgentStatus>;

/** `Max chats`: how many chats routing may give one agent at once (the workspace default, an agent's own value). */
export const MAX_CHATS = { min: 1, max: 50, default: 3 } as const;
export const MaxChats = whole(MAX_CHATS.min, MAX_CHATS.max);

/** `Re-notify every` N seconds, while nobody has taken the chat. */
export const RENOTIFY_EVERY_SEC = { min: 10, max: 600 } as const;
export const RenotifyEverySec = whole(RENOTIFY_EVERY_SEC.min, RENOTIFY_EVERY_SEC.max);

/** `Reassign if no reply within` N seconds, for a chat routing gave to an agent. */
export const REASSIGN_AFTER_SEC = { min: 15, max: 3_600 } as const;
export const ReassignAfterSec = whole(REASSIGN_AFTER_SEC.min, REASSIGN_AFTER_SEC.max);

/** `n` (any number, or undefined) clamped to `bounds` as a whole number; undefined, 0 or not finite: undefined (off). */
export function clampSetting(n: number | undefined, bounds: { min: number; max: number }): number | undefined {
  if (n === undefined || !Number.isFinite(n) || n <= 0) return undefined;
  return Math.min(bounds.max, Math.max(bounds.min, Math.round(n)));
}

/**
 * Business hours as the widget needs them (party/workspace/hours.ts `hoursAnswer`): open now, or closed and,
 * when the team opens within two weeks, when (`back`, ms since 1970: the widget says it in the visitor's own zone).
 */
export const HoursAnswer = v.variant('open', [v.strictObject({ open: v.literal(true) }), v.strictObject({ open: v.literal(false), back: v.optional(Timestamp) })]);
export type HoursAnswer = v.InferOutput<typeof HoursAnswer>;
