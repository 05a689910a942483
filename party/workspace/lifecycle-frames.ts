import { BatonError, ERASURES_MAX, type ConversationSummary, type WorkspaceClientMessage, type WorkspaceServerMessage } from '../../protocol';
import type { RoomLink } from '../link';
import type { Storage } from '../ports';
import type { AgentRecord } from './agents';
import { exportPage } from './data-export';
import { eraseVisitor, erasureLog, intentIsTheirs, matchVisitor, type ErasureHost } from './erasure';
import type { Retention } from './retention';
import type { Intent } from '../crm/intent';
import { scanStorage } from '../storage-scan';

export type LifecycleFrame = Extract<WorkspaceClientMessage, { type: 'conversations-export' | 'visitor-find' | 'visitor-erase' | 'erasures-get' | 'retention-get' | 'retention-save' }>;

export type LifecycleHost = {
  storage: Storage;
  link: RoomLink;
  index(): Iterable<ConversationSummary>;
  summary(id: string): ConversationSummary | undefined;
  retention: Retention;
  erasure: Omit<ErasureHost, 'storage' | 'link'>;
  reply(frame: WorkspaceServerMessage): void;
  toAdmins(frame: WorkspaceServerMessage): void;
};

/** Data lifecycle frames on the workspace socket (export, a visitor's deletion, retention): admins only. */
export async function lifecycleFrame(host: LifecycleHost, msg: LifecycleFrame, me: AgentRecord): Promise<void> {
  if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may export or delete data');
  switch (msg.type) {
    case 'conversations-export': {
      const page = await exportPage(host.link, host.index(), { ...(msg.conversationId ? { conversationId: msg.conversationId } : {}), ...(msg.cursor ? { cursor: msg.cursor } : {}) });
      return host.reply({ type: 'conversations-export', ref: msg.ref, ...page });
    }
    case 'visitor-find': {
      const ids = matchVisitor(host.erasure.keys, msg.query);
      const conversations = ids.map((id) => host.summary(id)).filter((s): s is ConversationSummary => !!s);
      let offline = 0;
      for await (const page of scanStorage<Intent>(host.storage, 'intent:')) for (const i of page.values()) if (i.source === 'offline' && intentIsTheirs(i, new Set(), msg.query)) offline++;
      return host.reply({ type: 'visitor-found', ref: msg.ref, query: msg.query, conversations: conversations.sort((a, b) => b.createdAt - a.createdAt), offline });
    }
    case 'visitor-erase': {
      const erasure = await eraseVisitor({ ...host.erasure, storage: host.storage, link: host.link }, msg.query, me);
      host.reply({ type: 'visitor-erased', ref: msg.ref, erasure });
      return host.toAdmins({ type: 'erasures', erasures: await erasureLog(host.storage, ERASURES_MAX) });
    }
    case 'erasures-get':
      return host.reply({ type: 'erasures', ref: msg.ref, erasures: await erasureLog(host.storage, ERASURES_MAX) });
    case 'retention-get':
      return host.reply({ type: 'retention', ref: msg.ref, retention: host.retention.view() });
    case 'retention-save':
      await host.retention.save(msg.days);
      return host.reply({ type: 'ok', ref: msg.ref });
    default:
      return msg satisfies never;
  }
}
