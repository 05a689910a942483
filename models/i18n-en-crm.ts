import type { CrmSettingsView, IntentView, RecordKind } from '../protocol';
import { formatsFor } from './i18n-format';

type CrmKind = CrmSettingsView['kind'];
const { plural } = formatsFor('en');

/** Texts of the CRM and Records sections (`Texts['options']['crm']`). */
export const crmEn = {
  adminsOnly: 'Only admins manage the CRM.',
  current: { builtin: 'Items go to the built-in store (listed under Records).', pipedrive: (d: string) => `Items go to Pipedrive (${d}.pipedrive.com).`, webhook: (u: string) => `Items are posted to ${u}.` },
  target: 'Where leads and deals go',
  kinds: { builtin: 'Built-in', pipedrive: 'Pipedrive', webhook: 'Webhook' } satisfies Record<CrmKind, string>,
  kindHelp: {
    builtin: 'Kept in this workspace, nothing to set up. Export them as CSV or JSON under Records.',
    pipedrive: 'Persons, organizations, leads, deals, notes and activities are created in your Pipedrive company.',
    webhook: 'Each created item is sent as signed JSON to your URL, to wire any CRM.',
  } satisfies Record<CrmKind, string>,
  domain: 'Company domain',
  domainHelp: 'acme for acme.pipedrive.com',
  apiToken: 'API token',
  apiTokenHelp: 'Pipedrive › Personal preferences › API. Kept on the server only; never shown again.',
  tokenSaved: 'A token is saved. Leave the field empty to keep it.',
  webhookUrl: 'Webhook URL',
  secret: 'Signing secret',
  secretHelp: 'At least 16 characters. Kept on the server only; never shown again.',
  secretSaved: 'A secret is saved. Leave the field empty to keep it.',
  generate: 'Generate a secret',
  verify:
    'To verify a delivery, compute HMAC-SHA256 of "<x-baton-timestamp>.<raw body>" with the secret and compare "sha256=<hex>" with the x-baton-signature header; refuse timestamps older than 5 minutes (replays). Details and code: docs/crm.md, "Webhook".',
  test: 'Test connection',
  testing: 'Testing…',
  testOk: (m: string) => `Connection OK: ${m}`,
  testFailed: (m: string) => `Connection failed: ${m}`,
  save: 'Save',
  saved: 'CRM settings saved.',
  missing: { apiToken: 'Paste the API token from Pipedrive (Personal preferences › API)', secret: 'Set a signing secret of at least 16 characters' },
  fixErrors: 'Fix the fields marked above. Nothing was sent.',
  // Records
  recordsIntro: 'Everything the built-in store holds, newest first.',
  noRecords: 'No records yet.',
  recordKinds: { person: 'Person', organization: 'Organization', lead: 'Lead', deal: 'Deal', note: 'Note', activity: 'Activity' } satisfies Record<RecordKind, string>,
  columns: { kind: 'Kind', title: 'Title', details: 'Details', created: 'Created' },
  recordsCaption: 'Built-in records',
  loadMore: 'Load more',
  loading: 'Loading…',
  exportCsv: 'Export CSV',
  exportJson: 'Export JSON',
  exported: (f: string) => `Downloaded ${f}.`,
  refresh: 'Refresh',
  intents: 'CRM queue',
  intentsIntro: 'Each create is stored first, then sent; failures are retried on their own unless refused for good.',
  noIntents: 'Nothing queued yet.',
  statuses: { pending: 'Pending', created: 'Created', failed: 'Failed' } satisfies Record<IntentView['status'], string>,
  items: { lead: 'lead', deal: 'deal', activity: 'activity' } satisfies Record<IntentView['item'], string>,
  intentLine: (item: string, target: string, attempts: number) => `${item} · ${target} · ${plural(attempts, { one: '# attempt', other: '# attempts' })}`,
  nextAttempt: (at: string) => `next attempt ${at}`,
  open: 'Open',
  retry: 'Retry',
  retrying: 'Retry sent.',
  // A record linked from the side panel (options.html#records/<id>)
  linkedNotLoaded: 'The linked record is not among the records loaded yet.',
  linkedMissing: 'The linked record is not in the built-in store.',
};

export type CrmTexts = typeof crmEn;
