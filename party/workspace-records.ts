import type { AgentPublic, Role, Playbook, ConversationSummary } from '../protocol';

/** An agent as stored: the public part plus the credential's hash. The hash never leaves the room. */
export type AgentRecord = Omit<AgentPublic, 'online'> & { credentialHash: string; createdAt: number; online: boolean };

export const toPublic = (a: AgentRecord, connected: boolean): AgentPublic => ({
  id: a.id,
  name: a.name,
  email: a.email,
  role: a.role,
  manageLiveChat: a.manageLiveChat,
  online: a.online && connected && !a.revoked,
  revoked: a.revoked,
});

export const canManagePlaybooks = (a: { role: Role; manageLiveChat: boolean }) => a.role === 'admin' || a.manageLiveChat;

/** Credentials look like `bat_<agentId>_<secret>`: the id finds the record, the secret is checked by hash. */
export function parseCredential(credential: string): { agentId: string } | null {
  const m = /^bat_([a-f0-9]{16})_([A-Za-z0-9_-]{20,})$/.exec(credential);
  return m ? { agentId: m[1]! } : null;
}

export function publicPlaybook(p: Playbook) {
  return { id: p.id, name: p.name, botName: p.botName, ...(p.botAvatar ? { botAvatar: p.botAvatar } : {}), color: p.color, cards: p.cards };
}

export function sortByActivity(list: ConversationSummary[]) {
  return list.sort((a, b) => b.lastActivityAt - a.lastActivityAt);
}
