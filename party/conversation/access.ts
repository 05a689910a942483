import { BatonError, CloseCode, canSee, type AgentPublic, type TokenClaims } from '../../protocol';
import type { Agent, Member } from './peers';
import type { Meta } from './state';

/** Whether an agent reaches a team's chats: its members, and admins (the workspace adds a deleted team to everyone's list). */
const reachOf = (member: Pick<Agent, 'claims' | 'teams'>) => (team: string) => member.claims.role === 'admin' || (member.teams?.includes(team) ?? false);

/**
 * Who may keep a socket on this chat: the agents who may see it by the inbox rules (a team's chat nobody has:
 * its members and admins), and an admin who opened it to oversee (watch, reassign, close or take over any
 * chat). An agent — admin or not — who could see it and no longer can (it went to someone else) loses it, as
 * the inbox does.
 */
export const mayStay = (member: Agent, meta: Pick<Meta, 'status' | 'assignee' | 'team'>) => canSee(member.agent.id, meta, reachOf(member)) || (member.overseeing === true && member.claims.role === 'admin');

export type Refusal = { error: BatonError; code: number; reason: string };
export type Admission = { member: Member } | { refusal: Refusal };

const refuse = (error: BatonError, code: number, reason: string): Admission => ({ refusal: { error, code, reason } });

export type AdmissionRules = { visitorTokenAfterCloseMs: number; socketsPerVisitor: number };

/**
 * Who a checked token lets in, and as what. `agent` is the workspace's current record of the token's agent
 * (asked at every hello: a token lives an hour, a revocation takes effect now), `visitorSockets` how many
 * sockets of this chat's visitor are open. Pure: the room sends the refusal and closes.
 */
export function admit(claims: TokenClaims | null, meta: Meta, agent: AgentPublic | null | undefined, visitorSockets: number, now: number, rules: AdmissionRules): Admission {
  if (claims?.kind === 'visitor' && claims.conv === meta.conversationId && claims.ws === meta.workspaceId) {
    // A visitor token outlives its chat only for a while: then the chat is the team's record, not a door.
    // A missed chat ended when its wait did.
    const endedAt = meta.closedAt ?? (meta.status === 'missed' ? meta.waitUntil : null);
    if (endedAt !== null && now - endedAt > rules.visitorTokenAfterCloseMs) {
      return refuse(new BatonError('unauthorized', 'This chat was closed; start a new one'), CloseCode.unauthorized, 'Expired');
    }
    if (visitorSockets >= rules.socketsPerVisitor) {
      return refuse(new BatonError('rate-limited', `At most ${rules.socketsPerVisitor} windows of this chat at once`), CloseCode.tooManySockets, 'Too many sockets');
    }
    return { member: { role: 'visitor' } };
  }
  if (claims?.kind === 'agent' && claims.ws === meta.workspaceId) {
    if (!agent || agent.revoked) return refuse(new BatonError('unauthorized', 'This agent was revoked'), CloseCode.unauthorized, 'Revoked');
    // Made from a credential since re-issued: that credential's sessions ended with it.
    if ((claims.gen ?? 0) !== (agent.gen ?? 0)) return refuse(new BatonError('unauthorized', 'This credential was re-issued'), CloseCode.unauthorized, 'Credential re-issued');
    // The role and permission that count are the current ones, not the token's.
    const current = { ...claims, role: agent.role, manageLiveChat: agent.manageLiveChat };
    const base = { role: 'agent' as const, agent: { id: claims.sub, name: claims.name }, claims: current, ...(agent.teams ? { teams: agent.teams } : {}) };
    const member: Agent = { ...base, overseeing: current.role === 'admin' && !canSee(claims.sub, meta, reachOf(base)) };
    if (!mayStay(member, meta)) return refuse(new BatonError('forbidden', 'This conversation is assigned to another agent'), CloseCode.revoked, 'Not yours');
    return { member };
  }
  return refuse(new BatonError('unauthorized', 'Missing, forged, expired or foreign token'), CloseCode.unauthorized, 'Unauthorized');
}
