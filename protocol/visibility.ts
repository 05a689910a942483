import type { ConversationSummary } from './model';

export type Folder = 'unassigned' | 'mine' | 'closed';

/**
 * Who may see a conversation: everyone while nobody holds it or once it is closed; only the
 * assignee while it is assigned. Applied by the rooms to lists, fetch by id, replay and events.
 */
export function canSee(agentId: string, c: Pick<ConversationSummary, 'status' | 'assignee'>): boolean {
  if (c.status === 'closed' || c.status === 'missed') return true;
  return c.assignee === null || c.assignee.id === agentId;
}

export function folderOf(agentId: string, c: Pick<ConversationSummary, 'status' | 'assignee'>): Folder | null {
  if (!canSee(agentId, c)) return null;
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
