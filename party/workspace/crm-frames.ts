import { BatonError, type WorkspaceClientMessage, type WorkspaceServerMessage } from '../../protocol';
import { CrmError } from '../crm/adapter';
import { viewOf as intentView } from '../crm/intents';
import { SETTINGS_KEY, adapterFor, loadSettings, merge, parseSettings, redact, secretsOf, viewOf, type CrmSettings } from '../crm/settings';
import type { Storage } from '../ports';
import type { AgentRecord } from './agents';
import type { WorkspaceCrm } from './crm';

export type CrmFrame = Extract<WorkspaceClientMessage, { type: 'crm-get' | 'crm-save' | 'crm-test' | 'records-list' | 'records-export' | 'crm-intents-get' | 'crm-retry' }>;

export type CrmFrameHost = {
  workspaceId: string;
  storage: Storage;
  crm: WorkspaceCrm;
  reply(frame: WorkspaceServerMessage): void;
  /** Sends each connected agent the settings as they may see them. */
  settingsChanged(view: (forAdmin: boolean) => WorkspaceServerMessage): void;
};

/** CRM frames on the workspace socket. Everything but `crm-get` is for admins; no frame ever carries a secret. */
export async function crmFrame(host: CrmFrameHost, msg: CrmFrame, me: AgentRecord): Promise<void> {
  const { storage, crm } = host;
  if (msg.type === 'crm-get') return host.reply({ type: 'crm-settings', ref: msg.ref, settings: viewOf(await loadSettings(storage), me.role === 'admin') });
  if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may manage the CRM');
  switch (msg.type) {
    case 'crm-save': {
      const next: CrmSettings = merge(parseSettings(msg.settings), await loadSettings(storage), crm.env);
      await storage.put(SETTINGS_KEY, next);
      host.reply({ type: 'ok', ref: msg.ref });
      return host.settingsChanged((forAdmin) => ({ type: 'crm-settings', settings: viewOf(next, forAdmin) }));
    }
    case 'crm-test': {
      const stored = await loadSettings(storage);
      const settings = msg.settings !== undefined ? merge(parseSettings(msg.settings), stored, crm.env) : stored;
      const adapter = adapterFor(settings, storage, crm.env, host.workspaceId);
      let ok = true;
      let message = 'The built-in store needs no connection';
      try {
        if (adapter.test) message = await adapter.test();
      } catch (err) {
        ok = false;
        message = err instanceof CrmError ? err.message : 'The test failed';
      }
      return host.reply({ type: 'crm-test-result', ref: msg.ref, ok, message: redact(message, secretsOf(settings)) });
    }
    case 'records-list': {
      const { kind, cursor, before, limit } = msg;
      const page = await crm.builtin.list({ ...(kind ? { kind } : {}), ...(cursor !== undefined ? { cursor } : before !== undefined ? { before } : {}), limit: limit ?? 100 });
      return host.reply({ type: 'records', ref: msg.ref, ...page });
    }
    case 'records-export': {
      const file = await crm.exportFile(msg.format);
      return host.reply({ type: 'records-export', ref: msg.ref, format: msg.format, filename: file.filename, content: file.content });
    }
    case 'crm-intents-get':
      return host.reply({ type: 'crm-intents', ref: msg.ref, intents: (await crm.queue.recent(200)).map(intentView) });
    case 'crm-retry': {
      const intent = await crm.queue.find(msg.id);
      if (!intent) throw new BatonError('not-found', 'No such CRM item');
      if (intent.status === 'created') return host.reply({ type: 'ok', ref: msg.ref });
      await crm.queue.reset(intent);
      host.reply({ type: 'ok', ref: msg.ref });
      return crm.queue.attempt(intent, true);
    }
    default:
      return msg satisfies never;
  }
}
