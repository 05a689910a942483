import { computed, signal } from '@preact/signals-core';
import type * as v from 'valibot';
import {
  decode,
  defaultNotificationSettings,
  WorkspaceServerMessage,
  type AgentPublic,
  type AgentStatus,
  type ConversationSummary,
  type NotificationSettings,
  type RoutingSettings,
  type SavedReply,
  type StoredPlaybook,
  type WorkspaceClientMessage,
} from '../protocol';
import { RoomConnection, type RoomConnectionOptions } from './room-connection';
import { Scope } from './scope';
import type { Transport } from './transport';

export type Playbook = v.InferOutput<typeof StoredPlaybook>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** Commands answered with `ok` / `agent-created` / `error` carrying our ref. */
export type WorkspaceCommand = DistributiveOmit<Exclude<WorkspaceClientMessage, { type: 'hello' | 'ping' }>, 'ref'>;
export type WorkspaceFrame = WorkspaceServerMessage;
export type NotifyFrame = Extract<WorkspaceServerMessage, { type: 'notify' }>;
export type WorkspaceOk = Extract<WorkspaceServerMessage, { type: 'ok' }>;
export type AgentCreated = Extract<WorkspaceServerMessage, { type: 'agent-created' }>;

/** What an agent can choose (offline is not a choice: it is having no extension socket open). */
export type ChosenStatus = Exclude<AgentStatus, 'offline'>;

export type WorkspaceClientOptions = Pick<RoomConnectionOptions, 'token' | 'invalidateToken'> & { transport: Transport };

/**
 * The workspace room as signals: who I am, the team, the conversations I may see, playbooks, saved
 * replies and my notification settings. Used by the background, the side panel and the options page alike.
 */
export class WorkspaceClient {
  readonly connection: RoomConnection;
  readonly me = signal<AgentPublic | null>(null);
  readonly agents = signal<AgentPublic[]>([]);
  readonly conversations = signal<ReadonlyMap<string, ConversationSummary>>(new Map());
  readonly playbooks = signal<Playbook[]>([]);
  readonly settings = signal<NotificationSettings>(defaultNotificationSettings());
  /** The workspace's business hours, default Max chats and teams (null until the welcome). */
  readonly routing = signal<RoutingSettings | null>(null);
  /** The workspace's saved replies, by shortcut (the composer's `/` list, the options page's section). */
  readonly replies = signal<SavedReply[]>([]);
  /** The pages of a saved-reply list still coming (`more` / `repliesMore`), else null. */
  private repliesSoFar: SavedReply[] | null = null;
  readonly workspaceId = signal<string | null>(null);
  /** The connection's state (RoomStatus); the agent's own status is `agentStatus`. */
  readonly status;
  readonly online = computed(() => this.me.value?.online ?? false);
  /**
   * The agent's status as the room has it: Online or Away (chosen, or set by idle detection). Offline is the
   * absence of any extension socket of theirs, so a client that is not connected says `offline` itself.
   */
  readonly agentStatus = computed<AgentStatus>(() => (this.status.value === 'connected' && this.me.value ? this.me.value.status : 'offline'));
  private readonly listeners = new Set<(frame: WorkspaceFrame) => void>();
  private readonly scope = new Scope();

  constructor(options: WorkspaceClientOptions) {
    this.connection = new RoomConnection({
      ...options,
      decode: (raw) => {
        // Rooms page what they send (Limits.roomPageChars); the client-to-room cap doesn't apply here.
        const d = decode(WorkspaceServerMessage, raw, Number.POSITIVE_INFINITY);
        return d.ok ? d.value : null;
      },
      onFrame: (frame) => this.apply(frame as WorkspaceFrame),
    });
    this.status = this.connection.status;
    this.scope.add(() => this.connection.close());
  }

  /**
   * Every frame the room sends (after the signals are updated): `notify` is the one most want. Returns the
   * unsubscribe; closing the client unsubscribes everyone (and a listener added after that, at once).
   */
  onFrame(listener: (frame: WorkspaceFrame) => void): () => void {
    this.listeners.add(listener);
    return this.scope.add(() => this.listeners.delete(listener));
  }

  request(frame: Extract<WorkspaceCommand, { type: 'agent-create' }>): Promise<AgentCreated>;
  request(frame: WorkspaceCommand): Promise<WorkspaceOk>;
  request(frame: WorkspaceCommand): Promise<WorkspaceOk | AgentCreated> {
    return this.connection.request(frame);
  }

  /**
   * The status control: Online or Away. Optimistic, answered by `ok`: a refusal (or a socket lost before the
   * answer) puts the control back and rejects with the RequestError, so the panel can say why.
   */
  async setStatus(status: ChosenStatus): Promise<void> {
    const before = this.me.value;
    if (before) this.me.value = { ...before, status, online: status === 'online' };
    try {
      await this.request({ type: 'set-status', status });
    } catch (e) {
      // Only undo our own guess: an `agents` frame that arrived meanwhile is the room's truth.
      const now = this.me.value;
      if (before && now && now.status === status && now.id === before.id) this.me.value = { ...now, status: before.status, online: before.online };
      throw e;
    }
  }

  heartbeat(): void {
    this.connection.heartbeat();
  }

  close(): void {
    this.scope.dispose();
  }

  private apply(frame: WorkspaceFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.workspaceId.value = frame.workspaceId;
        this.me.value = frame.me;
        this.agents.value = frame.agents;
        this.conversations.value = new Map(frame.conversations.map((c) => [c.id, c]));
        this.playbooks.value = frame.playbooks;
        this.settings.value = frame.settings;
        this.routing.value = frame.routing;
        // A list in pages is shown once whole (the `replies` frames that follow end it).
        this.repliesSoFar = frame.repliesMore ? frame.replies : null;
        if (!frame.repliesMore) this.replies.value = frame.replies;
        break;
      case 'conversation': {
        const next = new Map(this.conversations.value);
        next.set(frame.conversation.id, frame.conversation);
        this.conversations.value = next;
        break;
      }
      case 'conversations': {
        const next = new Map(this.conversations.value);
        for (const c of frame.conversations) next.set(c.id, c);
        this.conversations.value = next;
        break;
      }
      case 'conversation-removed': {
        if (!this.conversations.value.has(frame.id)) break;
        const next = new Map(this.conversations.value);
        next.delete(frame.id);
        this.conversations.value = next;
        break;
      }
      case 'notify': {
        // A notify also carries the newest summary: keep the list in step even if no upsert follows.
        const next = new Map(this.conversations.value);
        next.set(frame.conversation.id, frame.conversation);
        this.conversations.value = next;
        break;
      }
      case 'agents': {
        this.agents.value = frame.agents;
        const mine = this.me.value && frame.agents.find((a) => a.id === this.me.value!.id);
        if (mine) this.me.value = mine;
        break;
      }
      case 'playbooks':
        this.playbooks.value = frame.playbooks;
        break;
      case 'settings':
        this.settings.value = frame.settings;
        break;
      case 'routing':
        this.routing.value = frame.routing;
        break;
      case 'replies': {
        // Pages of one list arrive back to back; a frame without `more` ends the list.
        const list = this.repliesSoFar ? [...this.repliesSoFar, ...frame.replies] : frame.replies;
        this.repliesSoFar = frame.more ? list : null;
        if (!frame.more) this.replies.value = list;
        break;
      }
      case 'agent-created':
      case 'ok':
      case 'pong':
      case 'error':
        break;
      // CRM admin frames: the options page reads them through onFrame.
      case 'crm-settings':
      case 'crm-test-result':
      case 'records':
      case 'records-export':
      case 'crm-intents':
      case 'crm-intent':
      // Identity verification (admins): the options page reads it through onFrame.
      case 'identity':
      // Previous conversations (issue 14): the side panel reads it through onFrame.
      case 'history':
      case 'visitor-settings':
      case 'blocks':
      // Email settings (admins, issue 15): the options page reads them through onFrame.
      case 'email-settings':
      case 'email-test-result':
        break;
      default:
        frame satisfies never;
    }
    this.listeners.forEach((l) => l(frame));
  }
}

/** The production wiring: a PartySocket to the workspace room, tokens from the session manager. */
export function connectWorkspace(
  connection: { server: string; workspace: string },
  session: { token(): Promise<string>; invalidate(): Promise<void> },
  makeTransport: (address: { server: string; party: 'workspace'; room: string }) => Transport,
): WorkspaceClient {
  return new WorkspaceClient({
    transport: makeTransport({ server: connection.server, party: 'workspace', room: connection.workspace }),
    token: () => session.token(),
    invalidateToken: () => session.invalidate(),
  });
}
