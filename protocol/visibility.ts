import type { ConversationSummary } from './model';

export type Folder = 'unassigned' | 'mine' | 'closed';

/**
 * Whether a viewer reaches a team's chats: its members and admins (the rooms answer it; a team that no longer
 * exists is everyone's). Clients pass `anyTeam`: the rooms send them only what they may see.
 */
export type TeamReach = (team: string) => boolean;
export const anyTeam: TeamReach = () => true;

/**
 * Who may see a conversation: everyone while nobody holds it or once it is closed or missed; only the
 * assignee while it is assigned. A team's chat nobody holds reaches only that team (`reach`: its members and
 * admins). Applied by the rooms to lists, fetch by id, replay and events.
 */
export function canSee(agentId: string, c: Pick<ConversationSummary, 'status' | 'assignee'> & { team?: string }, reach: TeamReach): boolean {
  if (c.status === 'closed' || c.status === 'missed') return true;
  if (c.assignee !== null) return c.assignee.id === agentId;
  return c.team === undefined || reach(c.team);
}

export function folderOf(agentId: string, c: Pick<ConversationSummary, 'status' | 'assignee'> & { team?: string }, reach: TeamReach = anyTeam): Folder | null {
  if (!canSee(agentId, c, reach)) return null;
  switch (c.status) {
    case 'waiting':
    case 'unassigned':
      return 'unassigned';
    case 'active':
      return c.assignee?.id === agentId ? 'mine' : null;
    case 'closed':
    case 'missed':
      return 'closed';
    case 'bot':
      return null;
    default:
      return c.status satisfies never;
  }
}
