import type * as Party from 'partykit/server';
import { BatonError, type WorkspaceClientMessage } from '../../protocol';
import type { AgentRecord } from '../workspace-records';
import type WorkspaceRoom from '../workspace';
import type { WorkspaceCrm } from '../workspace-crm';
import { CrmError } from './adapter';
import { exportFile } from './export';
import { viewOf as intentView } from './intents';
import { SETTINGS_KEY, adapterFor, loadSettings, merge, parseSettings, redact, secretsOf, viewOf } from './settings';

export type CrmFrame = Extract<WorkspaceClientMessage, { type: 'crm-get' | 'crm-save' | 'crm-test' | 'records-list' | 'records-export' | 'crm-intents-get' | 'crm-retry' }>;
export const CRM_FRAME_TYPES = new Set(['crm-get', 'crm-save', 'crm-test', 'records-list', 'records-export', 'crm-intents-get', 'crm-retry']);

/** CRM frames on the workspace socket. Everything but `crm-get` is for admins; no frame ever carries a secret. */
export async function handleCrmFrame(ws: WorkspaceRoom, crm: WorkspaceCrm, msg: CrmFrame, me: AgentRecord, conn: Party.Connection) {
  const storage = ws.room.storage;
  if (msg.type === 'crm-get') return ws.send(conn, { type: 'crm-settings', ref: msg.ref, settings: viewOf(await loadSettings(storage), me.role === 'admin') });
  if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may manage the CRM');
  switch (msg.type) {
    case 'crm-save': {
      const next = merge(parseSettings(msg.settings), await loadSettings(storage), crm.env);
      await storage.put(SETTINGS_KEY, next);
      ws.send(conn, { type: 'ok', ref: msg.ref });
      for (const agent of ws.agents.values()) ws.sendTo(agent.id, { type: 'crm-settings', settings: viewOf(next, agent.role === 'admin') });
      return;
    }
    case 'crm-test': {
      const stored = await loadSettings(storage);
      const settings = msg.settings !== undefined ? merge(parseSettings(msg.settings), stored, crm.env) : stored;
      const adapter = adapterFor(settings, storage, crm.env, ws.room.id);
      let ok = true;
      let message = 'The built-in store needs no connection';
      try {
        if (adapter.test) message = await adapter.test();
      } catch (err) {
        ok = false;
        message = err instanceof CrmError ? err.message : 'The test failed';
      }
      return ws.send(conn, { type: 'crm-test-result', ref: msg.ref, ok, message: redact(message, secretsOf(settings)) });
    }
    case 'records-list': {
      const { kind, cursor, before, limit } = msg;
      const page = await crm.builtin.list({ ...(kind ? { kind } : {}), ...(cursor !== undefined ? { cursor } : before !== undefined ? { before } : {}), limit: limit ?? 100 });
      return ws.send(conn, { type: 'records', ref: msg.ref, ...page });
    }
    case 'records-export': {
      const file = exportFile(await crm.builtin.all(), msg.format, ws.room.id);
      return ws.send(conn, { type: 'records-export', ref: msg.ref, format: msg.format, filename: file.filename, content: file.content });
    }
    case 'crm-intents-get':
      return ws.send(conn, { type: 'crm-intents', ref: msg.ref, intents: (await crm.queue.recent(200)).map(intentView) });
    case 'crm-retry': {
      const intent = await crm.queue.find(msg.id);
      if (!intent) throw new BatonError('not-found', 'No such CRM item');
      if (intent.status === 'created') return ws.send(conn, { type: 'ok', ref: msg.ref });
      await crm.queue.reset(intent);
      ws.send(conn, { type: 'ok', ref: msg.ref });
      return crm.queue.attempt(intent, true);
    }
    default:
      return msg satisfies never;
  }
}
