import { batch, computed, signal } from '@preact/signals-core';
import { browser } from 'wxt/browser';
import { ConversationClient, OUTBOX_PREFIX } from './conversation-client';
import { DetailsDraft } from './details-draft';
import { buildFolders, displayName, inboxFolderOf, type InboxFolder } from './inbox';
import { filterConversations } from './inbox-search';
import { Scope } from './scope';
import { VisitorHistory } from './visitor-history';
import { loadConnection, type SessionManager } from './session';
import type { RoomAddress, Transport } from './transport';
import { connectWorkspace, type WorkspaceClient } from './workspace-client';

export type OpenChat = {
  id: string;
  client: ConversationClient;
  draft: DetailsDraft;
  dispose: () => void;
  /** `Previous conversations` of the chat's visitor (asked when the chat opens; absent without a workspace). */
  history?: VisitorHistory;
};
export type PanelDeps = {
  session: Pick<SessionManager, 'token' | 'invalidate'>;
  makeTransport: (address: RoomAddress) => Transport;
};

/**
 * The side panel's state: its own workspace socket (lists and counts), the selected folder and
 * chat, and one conversation socket for the chat that is open.
 *
 * Lifetimes are Scopes: each `start()` owns a run scope (the workspace client, the watch on the open
 * chat, the couriers); the open chat and each courier are child scopes of it, so `stop()` (or the next
 * `start()`) undoes all of them, and closing one chat undoes only its own.
 */
export class PanelModel {
  readonly configured = signal<boolean | null>(null);
  readonly workspace = signal<WorkspaceClient | null>(null);
  readonly folder = signal<InboxFolder>('unassigned');
  readonly chat = signal<OpenChat | null>(null);
  /** Where the chat the agent gave away went (`to`: an agent's name; null: Unassigned), until another chat opens. */
  readonly handedOff = signal<{ visitor: string; to: string | null } | null>(null);
  readonly folders = computed(() => {
    const ws = this.workspace.value;
    return buildFolders(ws ? ws.conversations.value.values() : [], ws?.me.value?.id ?? null);
  });
  /**
   * What the agent typed in the inbox search. It stays when the folder changes (as in Crisp or Intercom:
   * one search, looked for in each folder) and while the panel is open; a new panel starts empty.
   */
  readonly search = signal('');
  /** The current folder's chats that match the search (all of them when there is none). Tab counts stay totals. */
  readonly visible = computed(() => filterConversations(this.folders.value[this.folder.value], this.search.value));
  private server = '';
  /** What the current `start()` owns; replaced by the next one, disposed by `stop()`. */
  private run = new Scope();
  /** Sockets delivering what an earlier panel left unsent in chats that are not open, by conversation id (each a child scope of the run). */
  private readonly couriers = new Map<string, Scope>();
  /** The open chat's reassignment away, asked and not yet seen through. */
  private leaving: { id: string; visitor: string; to: string | null } | null = null;

  constructor(private readonly deps: PanelDeps) {}

  async start(): Promise<void> {
    this.stop();
    const run = this.run;
    const connection = await loadConnection();
    // A later start() or a stop() came while we read the settings: it owns the panel now.
    if (run.disposed) return;
    this.configured.value = !!connection;
    if (!connection) return;
    this.server = connection.server;
    const ws = connectWorkspace(connection, this.deps.session, (a) => this.deps.makeTransport(a));
    this.workspace.value = ws;
    run.add(() => {
      ws.close();
      if (this.workspace.peek() === ws) this.workspace.value = null;
    });
    // A chat reassigned away (or otherwise hidden) leaves the view at once.
    run.effect(() => {
      const open = this.chat.value;
      if (open && ws.status.value === 'connected' && !ws.conversations.value.has(open.id)) {
        if (this.leaving?.id === open.id) this.handOff();
        else this.closeChat();
      }
      if (open && open.client.status.value === 'revoked') this.closeChat();
      // The open chat moved (claimed, closed): the list follows it, so it stays highlighted.
      const summary = open && ws.conversations.value.get(open.id);
      const meId = ws.me.value?.id;
      const folder = summary && meId ? inboxFolderOf(meId, summary) : null;
      if (folder && folder !== this.folder.peek()) this.folder.value = folder;
    });
    void this.deliverUnsent(run);
  }

  /**
   * Messages an earlier panel could not send (closed while the network was down) go out now, even
   * for chats the agent does not open: one short-lived socket per chat, closed once its outbox is
   * empty (or holds only refused messages, or the room is gone).
   */
  private async deliverUnsent(run: Scope): Promise<void> {
    let stored: Record<string, unknown>;
    try {
      stored = await browser.storage.local.get(null);
    } catch (e) {
      console.error('Baton: could not read the unsent messages', e);
      return;
    }
    if (run.disposed) return;
    for (const key of Object.keys(stored)) {
      if (!key.startsWith(OUTBOX_PREFIX)) continue;
      const id = key.slice(OUTBOX_PREFIX.length);
      if (this.chat.value?.id === id || this.couriers.has(id)) continue;
      const courier = run.child();
      const client = this.conversationClient(id);
      this.couriers.set(id, courier);
      courier.add(() => {
        client.close();
        if (this.couriers.get(id) === courier) this.couriers.delete(id);
      });
      void client.restored.then(() => {
        // Disposed meanwhile (the chat was opened, the panel stopped): the effect is undone at once.
        courier.effect(() => {
          const status = client.status.value;
          const finished = client.outbox.value.every((m) => m.error) || (status !== 'connecting' && status !== 'connected' && status !== 'reconnecting');
          // Not from inside the effect's own run: the scope disposes it.
          if (finished) queueMicrotask(() => courier.dispose());
        });
      });
    }
  }

  private conversationClient(id: string): ConversationClient {
    return new ConversationClient({
      // Unacked messages stay in storage.local under this id: a switch or a closed panel loses none.
      conversationId: id,
      transport: this.deps.makeTransport({ server: this.server, party: 'conversation', room: id }),
      token: () => this.deps.session.token(),
      invalidateToken: () => this.deps.session.invalidate(),
    });
  }

  stop(): void {
    this.run.dispose();
    this.run = new Scope();
  }

  openChat(id: string): void {
    if (this.chat.value?.id === id) return;
    this.handedOff.value = null;
    this.closeChat();
    // The chat's own socket takes over what a courier was delivering (it reads the same storage).
    this.couriers.get(id)?.dispose();
    const scope = this.run.child();
    const client = this.conversationClient(id);
    const draft = new DetailsDraft(id, (patch) => client.updateDetails(patch));
    // Unsaved details go out before the socket closes (and stay in storage if they cannot).
    scope.add(() => {
      void draft.flush().finally(() => {
        draft.dispose();
        client.close();
      });
    });
    scope.effect(() => {
      const details = client.details.value;
      if (details) draft.load(details);
    });
    void draft.restore();
    const ws = this.workspace.value;
    const summary = ws?.conversations.value.get(id);
    const meId = ws?.me.value?.id;
    const history = ws ? new VisitorHistory(ws, id) : undefined;
    if (history) scope.add(() => history.dispose());
    const chat: OpenChat = { id, client, draft, dispose: () => scope.dispose(), history };
    scope.add(() => {
      if (this.chat.peek() === chat) this.chat.value = null;
    });
    batch(() => {
      if (summary && meId) this.folder.value = inboxFolderOf(meId, summary) ?? this.folder.value;
      this.chat.value = chat;
    });
  }

  /** Blocks the visitor of the open chat with a reason (`block`); rejects with the room's refusal. */
  blockVisitor(reason: string): Promise<unknown> {
    const ws = this.workspace.value;
    const chat = this.chat.value;
    if (!ws || !chat) return Promise.reject(new Error('No chat is open'));
    return ws.request({ type: 'block', conversationId: chat.id, reason });
  }

  /**
   * Reassigns the open chat (`to` an agent's id, `name` theirs; null: Unassigned). Taken by me, it stays open;
   * given away, it leaves the view and `handedOff` says where it went, when the room says ok or when the
   * list drops it, whichever comes first (the room updates the list before it answers, and closing the chat
   * then closes the socket the answer would have come on).
   */
  reassign(to: string | null, name: string | null): Promise<unknown> {
    const open = this.chat.peek();
    const view = open?.client.view.peek();
    if (!open || !view) return Promise.resolve();
    const done = open.client.reassign(to);
    if (to !== null && to === this.workspace.peek()?.me.peek()?.id) return done;
    this.leaving = { id: open.id, visitor: displayName(view), to: name };
    return done.then(
      () => this.handOff(),
      (e: unknown) => {
        // Refused: the chat stays, the caller says why. Already handed off: the closed socket's error means nothing.
        if (this.leaving?.id !== open.id) return;
        this.leaving = null;
        throw e;
      },
    );
  }

  private handOff(): void {
    const left = this.leaving;
    if (!left) return;
    this.leaving = null;
    batch(() => {
      this.handedOff.value = { visitor: left.visitor, to: left.to };
      if (this.chat.value?.id === left.id) this.closeChat();
    });
  }

  closeChat(): void {
    this.chat.value?.dispose();
  }
}
