import type { AgentPublic, ConversationSummary } from '../../protocol';
import { PROTOCOL_VERSION, defaultNotificationSettings } from '../../protocol';

/** Builders for extension tests: valid protocol values with the fields a test cares about overridden. */
export const agent = (over: Partial<AgentPublic> = {}): AgentPublic => ({
  id: 'a1',
  name: 'Ada',
  email: 'ada@example.com',
  role: 'agent',
  manageLiveChat: false,
  online: true,
  status: 'online',
  revoked: false,
  ...over,
});

export const summary = (over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id: 'c1',
  playbookId: 'p1',
  status: 'waiting',
  assignee: null,
  visitorName: 'Blue Fox',
  lastMessage: { from: 'visitor', text: 'Hello', at: 1_700_000_001_000 },
  unread: 1,
  createdAt: 1_700_000_001_000,
  lastActivityAt: 1_700_000_001_000,
  closedAt: null,
  ...over,
});

export const welcome = (over: Record<string, unknown> = {}) => ({
  type: 'welcome',
  v: PROTOCOL_VERSION,
  workspaceId: 'acme',
  me: agent(),
  agents: [agent(), agent({ id: 'a2', name: 'Bob', email: 'bob@example.com' })],
  conversations: [summary()],
  playbooks: [],
  settings: defaultNotificationSettings(),
  replies: [],
  routing: { hours: null, defaultMaxChats: 3, teams: [] },
  ...over,
});

/** Lets queued promise callbacks (token fetches, storage) run. */
export const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
};
