import * as v from 'valibot';
import { ErrorFrame } from './errors';
import { ConversationSummary } from './model';
import { Id, PlaybookInput } from './playbook';
import { Hello, Ping } from './conversation';
import { SavedReply, SavedReplyInput, SAVED_REPLIES_MAX } from './replies';
import { atMost, isSafeName, list, name, ServerId, str, Timestamp, whole } from './bounds';
import { says } from './problems';
import { NAME_MAX } from './model';
import { Limits } from './version';
import { AgentStatus, MaxChats } from './routing';
import { BusinessHours } from './hours';
import { IdentitySettings } from './identity';
import { HistoryFrame, HistoryGet } from './history';
import { BlocksFrame, BlocksGet, BlockVisitor, Unblock } from './blocks';
import { EmailSettingsFrame, EmailSettingsGet, EmailSettingsSave, EmailTest, EmailTestResult } from './email';
import { CrmGet, CrmIntentFrame, CrmIntentsFrame, CrmIntentsGet, CrmRetry, CrmSave, CrmSettingsFrame, CrmTest, CrmTestResult, RecordsExport, RecordsExportFrame, RecordsFrame, RecordsList } from './crm';

const Ref = v.optional(v.pipe(v.string(), v.maxLength(64)));
/** Agents in one workspace, playbooks, inbox rows per frame (a bigger inbox comes in `conversations` pages). */
export const AGENTS_MAX = 1_000;
export const PLAYBOOKS_MAX = 1_000;
export const CONVERSATIONS_PER_FRAME_MAX = 10_000;
/** Teams in one workspace. */
export const TEAMS_MAX = 100;

export const Role = v.picklist(['admin', 'agent']);
export type Role = v.InferOutput<typeof Role>;

/** An agent as other agents see it. Never carries a credential or its hash. */
export const AgentPublic = v.strictObject({
  id: Id,
  name: name(NAME_MAX),
  email: str(254),
  role: Role,
  manageLiveChat: v.boolean(),
  /** `status === 'online'` (kept for the Online switch). */
  online: v.boolean(),
  /** Online (takes chats), Away (chose so), offline (no extension socket open, or revoked). */
  status: AgentStatus,
  /** Their own Max chats; absent: the workspace's. */
  maxChats: v.optional(MaxChats),
  /** The teams they are in (ids of RoutingSettings.teams). */
  teams: v.optional(list(Id, TEAMS_MAX)),
  revoked: v.boolean(),
});
export type AgentPublic = v.InferOutput<typeof AgentPublic>;

const TeamName = v.pipe(v.string(), v.trim(), v.minLength(1, says({ code: 'name-required' })), v.maxLength(100, atMost(100)), v.check(isSafeName, says({ code: 'name-chars' })));
/** A team: agents a playbook can send chats to (`Add team`). Who is in it is on each agent (`AgentPublic.teams`). */
export const Team = v.strictObject({ id: Id, name: TeamName });
export type Team = v.InferOutput<typeof Team>;

/** The workspace's routing settings, sent to every agent: business hours (null: always open), the default Max chats, the teams. */
export const RoutingSettings = v.strictObject({
  hours: v.nullable(BusinessHours),
  defaultMaxChats: MaxChats,
  teams: list(Team, TEAMS_MAX),
});
export type RoutingSettings = v.InferOutput<typeof RoutingSettings>;

export const NotificationSettings = v.strictObject({
  enabled: v.boolean(),
  newUnassigned: v.boolean(),
  assignedToMe: v.boolean(),
  newMessage: v.boolean(),
  sound: v.boolean(),
});
export type NotificationSettings = v.InferOutput<typeof NotificationSettings>;
export const defaultNotificationSettings = (): NotificationSettings => ({
  enabled: true,
  newUnassigned: true,
  assignedToMe: true,
  newMessage: true,
  sound: false,
});

const AgentName = v.pipe(v.string(), v.trim(), v.minLength(1, says({ code: 'name-required' })), v.maxLength(100, atMost(100)), v.check(isSafeName, says({ code: 'name-chars' })));
const AgentEmail = v.pipe(v.string(), v.trim(), v.email(says({ code: 'invalid-email' })), v.maxLength(254));

// ---- sent by an agent to the workspace room --------------------------------------------------

/** Turn the Online toggle on or off (off = Away). Agents who are not Online get no chats and no notifications. */
export const SetOnline = v.strictObject({ type: v.literal('set-online'), ref: Ref, online: v.boolean() });
/** Your own status: Online or Away (offline is when no extension socket of yours is open). */
export const SetStatus = v.strictObject({ type: v.literal('set-status'), ref: Ref, status: v.picklist(['online', 'away']) });
/** Create a playbook, blank or from the live chat template. Needs admin or manageLiveChat. */
export const PlaybookCreate = v.strictObject({
  type: v.literal('playbook-create'),
  ref: Ref,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200), v.check(isSafeName, says({ code: 'name-chars' }))),
  template: v.picklist(['blank', 'live-chat']),
});
/** Save a whole playbook (cards included). `revision` must match the stored one. */
export const PlaybookSave = v.strictObject({ type: v.literal('playbook-save'), ref: Ref, playbook: PlaybookInput });
export const PlaybookDelete = v.strictObject({ type: v.literal('playbook-delete'), ref: Ref, id: Id });
/** Admins only. The answer (`agent-created`) carries the credential, shown once. */
export const AgentCreate = v.strictObject({
  type: v.literal('agent-create'),
  ref: Ref,
  name: AgentName,
  email: AgentEmail,
  role: Role,
  manageLiveChat: v.boolean(),
});
export const AgentUpdate = v.strictObject({
  type: v.literal('agent-update'),
  ref: Ref,
  id: Id,
  name: v.optional(AgentName),
  role: v.optional(Role),
  manageLiveChat: v.optional(v.boolean()),
  /** Their own Max chats; null: back to the workspace's. */
  maxChats: v.optional(v.nullable(MaxChats)),
});
export const AgentRevoke = v.strictObject({ type: v.literal('agent-revoke'), ref: Ref, id: Id });
/** The agent's own notification settings. */
export const SettingsSave = v.strictObject({ type: v.literal('settings-save'), ref: Ref, notifications: NotificationSettings });
/** Create (no `reply.id`) or update a saved reply. Needs admin or manageLiveChat; answered `ok {id}`. */
export const ReplySave = v.strictObject({ type: v.literal('reply-save'), ref: Ref, reply: SavedReplyInput });
export const ReplyDelete = v.strictObject({ type: v.literal('reply-delete'), ref: Ref, id: Id });
/** Admins only: the workspace's business hours (null: always open). The widget follows at once. */
export const HoursSave = v.strictObject({ type: v.literal('hours-save'), ref: Ref, hours: v.nullable(BusinessHours) });
/** Admins only: the workspace's Max chats (agents with none of their own). */
export const RoutingSave = v.strictObject({ type: v.literal('routing-save'), ref: Ref, defaultMaxChats: MaxChats });
/** Admins only: `Add team`, with its members (agent ids). Answered `ok {id}`. */
export const TeamCreate = v.strictObject({ type: v.literal('team-create'), ref: Ref, name: TeamName, members: v.optional(list(Id, AGENTS_MAX)) });
/** Admins only: rename a team and/or set who is in it (the whole list). */
export const TeamUpdate = v.strictObject({ type: v.literal('team-update'), ref: Ref, id: Id, name: v.optional(TeamName), members: v.optional(list(Id, AGENTS_MAX)) });
/** Admins only: a deleted team's chats and cards go to any agent. */
export const TeamDelete = v.strictObject({ type: v.literal('team-delete'), ref: Ref, id: Id });

/** Admins only: the identity verification settings (answered with an `identity` frame). */
export const IdentityGet = v.strictObject({ type: v.literal('identity-get'), ref: Ref });
/** Admins only: a new identity secret (the old one stops verifying at once); every admin gets the `identity` frame. */
export const IdentityRotate = v.strictObject({ type: v.literal('identity-rotate'), ref: Ref });
/** Admins only: `Require verification` on or off. */
export const IdentitySave = v.strictObject({ type: v.literal('identity-save'), ref: Ref, requireVerification: v.boolean() });

/** Admins only: what the visitor is told and shown to agents (`Typing preview`, off by default). Answered `visitor-settings`. */
export const VisitorSettings = v.strictObject({ typingPreview: v.boolean() });
export type VisitorSettings = v.InferOutput<typeof VisitorSettings>;
export const VisitorSettingsGet = v.strictObject({ type: v.literal('visitor-settings-get'), ref: Ref });
/** Admins only; applies to chats that start afterwards. Every admin gets the `visitor-settings` frame. */
export const VisitorSettingsSave = v.strictObject({ type: v.literal('visitor-settings-save'), ref: Ref, settings: VisitorSettings });

export const WorkspaceClientMessage = v.variant('type', [
  BlockVisitor,
  BlocksGet,
  Unblock,
  VisitorSettingsGet,
  VisitorSettingsSave,
  HistoryGet,
  IdentityGet,
  IdentityRotate,
  IdentitySave,
  Hello,
  Ping,
  SetOnline,
  SetStatus,
  HoursSave,
  RoutingSave,
  TeamCreate,
  TeamUpdate,
  TeamDelete,
  PlaybookCreate,
  PlaybookSave,
  PlaybookDelete,
  AgentCreate,
  AgentUpdate,
  AgentRevoke,
  SettingsSave,
  ReplySave,
  ReplyDelete,
  CrmGet,
  CrmSave,
  CrmTest,
  RecordsList,
  RecordsExport,
  CrmIntentsGet,
  CrmRetry,
  EmailSettingsGet,
  EmailSettingsSave,
  EmailTest,
]);
export type WorkspaceClientMessage = v.InferOutput<typeof WorkspaceClientMessage>;

// ---- sent by the workspace room --------------------------------------------------------------

export const StoredPlaybook = v.strictObject({
  ...PlaybookInput.pipe[0].entries,
  installedAt: v.nullable(Timestamp),
  updatedAt: Timestamp,
});

/** Answer to `hello`: you, the team, the conversations you may see, playbooks, your settings, saved replies. */
export const WorkspaceWelcome = v.strictObject({
  type: v.literal('welcome'),
  v: whole(0, 1_000),
  workspaceId: ServerId,
  me: AgentPublic,
  agents: list(AgentPublic, AGENTS_MAX),
  conversations: list(ConversationSummary, CONVERSATIONS_PER_FRAME_MAX),
  playbooks: list(StoredPlaybook, PLAYBOOKS_MAX),
  settings: NotificationSettings,
  /** The workspace's saved replies, by shortcut: the first page when `repliesMore` (then `replies` frames follow). */
  replies: list(SavedReply, SAVED_REPLIES_MAX),
  repliesMore: v.optional(v.literal(true)),
  routing: RoutingSettings,
});
/** A conversation you may see was created or changed. */
export const ConversationUpserted = v.strictObject({ type: v.literal('conversation'), conversation: ConversationSummary });
/** The rest of the `welcome` list, for inboxes too big for one frame (see Limits.roomPageChars). */
export const ConversationsPage = v.strictObject({ type: v.literal('conversations'), conversations: list(ConversationSummary, CONVERSATIONS_PER_FRAME_MAX) });
/** A conversation left your view (reassigned to someone else). */
export const ConversationRemoved = v.strictObject({ type: v.literal('conversation-removed'), id: ServerId });
/** Something you are entitled to be notified about. The extension applies your settings and focus. */
export const Notify = v.strictObject({
  type: v.literal('notify'),
  event: v.picklist(['new-unassigned', 'assigned-to-you', 'new-message']),
  conversation: ConversationSummary,
  /** For new-message: the message text (plain). */
  text: v.optional(str(Limits.messageChars)),
  /** A reminder (`Re-notify every`): the chat is still waiting for you, or for someone. */
  repeat: v.optional(v.literal(true)),
  /** Play the sound whatever the settings say (reminders). */
  sound: v.optional(v.literal(true)),
});
export const AgentsFrame = v.strictObject({ type: v.literal('agents'), agents: list(AgentPublic, AGENTS_MAX) });
export const PlaybooksFrame = v.strictObject({ type: v.literal('playbooks'), playbooks: list(StoredPlaybook, PLAYBOOKS_MAX) });
/**
 * The whole saved-reply list, after any change (to every agent). A long list comes in pages (Limits.roomPageChars):
 * each page but the last has `more`, and the list is the pages in order (after a welcome with `repliesMore`, its
 * own page comes first).
 */
export const RepliesFrame = v.strictObject({ type: v.literal('replies'), replies: list(SavedReply, SAVED_REPLIES_MAX), more: v.optional(v.literal(true)) });
export const AgentCreated = v.strictObject({ type: v.literal('agent-created'), ref: Ref, agent: AgentPublic, credential: str(200) });
export const SettingsFrame = v.strictObject({ type: v.literal('settings'), settings: NotificationSettings });
/** The routing settings changed (hours, Max chats, teams): to every agent. */
export const RoutingFrame = v.strictObject({ type: v.literal('routing'), routing: RoutingSettings });
/** Admins only: the identity secret and whether verification is required. */
export const IdentityFrame = v.strictObject({ type: v.literal('identity'), identity: IdentitySettings });
 /** Admins only: the workspace's visitor settings. */
export const VisitorSettingsFrame = v.strictObject({ type: v.literal('visitor-settings'), settings: VisitorSettings });
export const WorkspaceOk = v.strictObject({ type: v.literal('ok'), ref: v.optional(str(200)), id: v.optional(ServerId) });
export const WorkspacePong = v.strictObject({ type: v.literal('pong') });

export const WorkspaceServerMessage = v.variant('type', [
  WorkspaceWelcome,
  ConversationUpserted,
  ConversationsPage,
  ConversationRemoved,
  Notify,
  AgentsFrame,
  PlaybooksFrame,
  RepliesFrame,
  AgentCreated,
  SettingsFrame,
  RoutingFrame,
  IdentityFrame,
  HistoryFrame,
  VisitorSettingsFrame,
  BlocksFrame,
  WorkspaceOk,
  WorkspacePong,
  CrmSettingsFrame,
  CrmTestResult,
  RecordsFrame,
  RecordsExportFrame,
  CrmIntentsFrame,
  CrmIntentFrame,
  EmailSettingsFrame,
  EmailTestResult,
  ErrorFrame,
]);
export type WorkspaceServerMessage = v.InferOutput<typeof WorkspaceServerMessage>;
