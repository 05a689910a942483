import type { MigrationStep } from '../migrate';

/**
 * What a workspace room stores, by key or key prefix, with the version of each shape (the room's `schema`
 * mark is the version of all of them: see ../migrate.ts). A new key family goes here (records added since
 * versions were kept also carry `v: 1` themselves), and a changed shape gets a step below.
 */
export const WORKSPACE_STORED = [
  { key: 'agent:', shape: 'AgentRecord (agents.ts)', v: 1 },
  { key: 'conv:', shape: 'ConversationSummary: the inbox index', v: 1 },
  { key: 'rev:', shape: 'number: the last report revision per conversation', v: 1 },
  { key: 'vk:', shape: 'VisitorKeys per conversation (history.ts)', v: 1 },
  { key: 'block:', shape: 'StoredBlock (blocks.ts)', v: 1 },
  { key: 'pb:', shape: 'StoredPlaybook', v: 1 },
  { key: 'reply:', shape: 'SavedReply', v: 1 },
  { key: 'team:', shape: 'Team', v: 1 },
  { key: 'routing', shape: 'routing settings (routing-settings.ts)', v: 1 },
  { key: 'route:', shape: 'queue and round-robin cursors (dispatch.ts)', v: 1 },
  { key: 'identity', shape: 'identity secret and Require verification', v: 1 },
  { key: 'visitor-settings', shape: 'VisitorSettings', v: 1 },
  { key: 'notif:', shape: 'NotificationSettings per agent', v: 1 },
  { key: 'joined:', shape: 'conversations each agent joined, with session ends', v: 1 },
  { key: 'crm:settings', shape: 'CrmSettings (crm/settings.ts)', v: 1 },
  { key: 'rec:', shape: 'StoredRecord: the built-in CRM', v: 1 },
  { key: 'rec-id:', shape: 'RecordRef by record id', v: 1 },
  { key: 'rec-email:', shape: 'person (and organization) by email', v: 1 },
  { key: 'rec-key:', shape: 'RecordRef by create key', v: 1 },
  { key: 'intent:', shape: 'Intent (crm/intent.ts): the CRM queue', v: 2 },
  { key: 'intent-done:', shape: 'created intents by time (crm/intent-store.ts)', v: 1 },
  { key: 'room-id', shape: "string: the room's own id", v: 1 },
  { key: 'retention', shape: 'RetentionSettings (lifecycle: retention.ts), with v', v: 1 },
  { key: 'retention-run', shape: 'RetentionRun: the sweep under way (cursor), with v', v: 1 },
  { key: 'erasure:', shape: 'ErasureRecord: who deleted a visitor, when, a hash', v: 1 },
  { key: 'invite:', shape: 'InviteRecord (invites.ts): an invite not yet redeemed, with v', v: 1 },
  { key: 'onboarding-event:', shape: 'StoredEvent (invites.ts) by zero-padded time: invites sent, redeemed, revoked; with v', v: 1 },
  { key: 'ins:d:', shape: 'DayAgg (insights.ts) per day in the time zone, with v', v: 1 },
  { key: 'ins:a:', shape: 'AgentDayAgg (insights.ts) per day and agent, with v', v: 1 },
  { key: 'ins:c:', shape: 'Contribution (insights.ts) per fact (a conversation id, off:<form>, blocked:<n>) by UTC day, with v', v: 1 },
  { key: 'email:settings', shape: 'EmailSettings (../email/settings.ts), with v', v: 1 },
  { key: 'email:intent:', shape: 'EmailIntent (../email/outbox.ts): the email outbox, keyed <conversation>:<kind>:<n>, with v', v: 1 },
  { key: 'email:done:', shape: 'finished email intents by time (crm/intent-store.ts): intent id', v: 1 },
  { key: 'email:next:', shape: '{ v, conversationId }: the chat a reply to a closed conversation continued in (email.ts)', v: 1 },
  { key: 'refused-sites', shape: '{ v, sites: RefusedSite[] } (health.ts): sites refused the widget', v: 1 },
  { key: 'test-clock', shape: 'tests only (BATON_TEST_CLOCK): the clock offset, a number (../test-storage.ts)', v: 1 },
  { key: 'schema', shape: 'SchemaMark (../migrate.ts)', v: 1 },
] as const;

type Rec = Record<string, unknown>;
const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** 1 → 2, `intent:`: the conversation URL intents stored before BATON_PUBLIC_URL kept (never read since) goes. */
export function intentV2(key: string, value: unknown): ReturnType<MigrationStep['up']> {
  if (!key.startsWith('intent:') || !isObject(value) || !('conversationUrl' in value)) return null;
  const { conversationUrl: _gone, ...rest } = value;
  return { put: rest };
}

export const WORKSPACE_MIGRATIONS: readonly MigrationStep[] = [{ to: 2, what: 'CRM intents: drop conversationUrl', prefixes: ['intent:'], up: intentV2 }];
