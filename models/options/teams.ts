import * as v from 'valibot';
import { MaxChats, TeamCreate, type AgentPublic, type Team } from '../../protocol';
import { problemLabel } from '../protocol-text';
import { issuesToErrors, type Checked } from './validation';

/*
 * The Teams section's and the Max chats fields' rules: who may be in a team, who is, the whole member list a
 * `team-update` carries after one checkbox changed, and a Max chats field's text as a number, checked with the
 * protocol's own schemas (what the room would refuse is said before anything is sent).
 */

/** The agents a team can have: everyone not revoked, in the room's order. */
export const eligibleMembers = (agents: readonly AgentPublic[]) => agents.filter((a) => !a.revoked);

/** The ids of a team's members (from each agent's `teams`). */
export const membersOf = (agents: readonly AgentPublic[], teamId: string): string[] => agents.filter((a) => !a.revoked && a.teams?.includes(teamId)).map((a) => a.id);

/**
 * The whole member list after one agent's checkbox changed (the room takes the whole list). `now` is the list the
 * page shows: the last one sent while the room has not listed it yet, so a second tick keeps the first.
 */
export function withMember(now: readonly string[], agentId: string, on: boolean): string[] {
  return on ? (now.includes(agentId) ? [...now] : [...now, agentId]) : now.filter((id) => id !== agentId);
}

/** Whether two member lists hold the same agents (the room may list them in another order). */
export const sameMembers = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

/** The names of a team's members, for the read-only view. */
export const memberNames = (agents: readonly AgentPublic[], teamId: string) => agents.filter((a) => !a.revoked && a.teams?.includes(teamId)).map((a) => a.name);

/** A team's name as the room would take it (trimmed), or its problem under `name`. */
export function checkTeamName(name: string): Checked<string> {
  const result = v.safeParse(TeamCreate, { type: 'team-create', name });
  return result.success ? { ok: true, value: result.output.name } : { ok: false, errors: issuesToErrors(result.issues) };
}

/** The team of `id`, or undefined when it no longer exists (a card or a button that names a deleted team). */
export const teamNamed = (teams: readonly Team[], id: string | undefined) => (id === undefined ? undefined : teams.find((t) => t.id === id));

/**
 * A Max chats field's text: a whole number from 1 to 50, or (where `emptyIs` allows it, an agent's own value)
 * empty for "the workspace's". Problems in the page's words come from the protocol's problem texts.
 */
export function parseMaxChats(text: string, emptyIs: null | 'refused' = null): { ok: true; value: number | null } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '' && emptyIs === null) return { ok: true, value: null };
  const n = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(n)) return { ok: false, error: problemLabel({ code: 'not-whole' }) };
  const result = v.safeParse(MaxChats, n);
  return result.success ? { ok: true, value: result.output } : { ok: false, error: issuesToErrors(result.issues)[''] ?? '' };
}
