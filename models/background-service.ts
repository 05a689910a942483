import { browser } from 'wxt/browser';
import type { ConversationSummary } from '../protocol';
import { panelChimesFor } from './chime-rules';
import { IDLE_MINUTES_KEY, IdleAway, type IdleApi, type IdleState } from './idle-away';
import { badgeCount, badgeText, inboxFolderOf } from './inbox';
import { conversationOfNotification, decideNotification, notificationContent, notificationSound } from './notify-rules';
import type { PermissionApi } from './notification-permission';
import { Scope } from './scope';
import { CONNECTION_KEY, loadConnection, type SessionManager } from './session';
import type { Transport } from './transport';
import { connectWorkspace, type NotifyFrame, type WorkspaceClient } from './workspace-client';

/** The side panel asks the background to open this conversation when it next shows. */
export const PENDING_OPEN_KEY = 'pendingOpen';
export const REVIVE_ALARM = 'baton-revive';
/** Chrome stops an idle MV3 worker after 30 s; a ping every 20 s on the socket keeps it (and the socket) alive. */
export const HEARTBEAT_MS = 20_000;

export type BackgroundDeps = {
  session: Pick<SessionManager, 'token' | 'invalidate' | 'msUntilRefresh' | 'refresh'>;
  makeTransport: (address: { server: string; party: 'workspace'; room: string }) => Transport;
  permission: Pick<PermissionApi, 'contains'>;
  /**
   * Opens the side panel. Called synchronously inside the notification's click listener: Chrome's
   * `sidePanel.open()` needs the click's user gesture, which is gone after the first `await`. So it
   * must start the open before it awaits anything itself.
   */
  openPanel: () => Promise<void>;
  /** A notification is about to show: the entrypoint notes the focused window, for `openPanel` on a click. */
  notifying?: () => void;
  iconUrl: string;
  /** The browser's idle detection (`browser.idle`): Away after the agent's idle minutes. Absent: never. */
  idle?: IdleApi;
};

type ActionApi = { setBadgeText(d: { text: string }): Promise<void> | void; setBadgeBackgroundColor(d: { color: string }): Promise<void> | void };

/**
 * Everything the service worker does, as a plain object: one workspace connection, the badge,
 * notifications and their clicks. The entrypoint only wires browser events to it.
 */
export class BackgroundService {
  client: WorkspaceClient | null = null;
  /** Set by the side panel while a chat is open and the panel has focus. */
  focusedConversationId: string | null = null;
  /** Side panels (their ports) that chime for new messages and chats: they report `chime` with their focus. */
  private readonly chimingPanels = new Set<object>();
  /** What the current `start()` owns: its client, the badge effect, the notify listener. */
  private run: Scope | null = null;
  private lastBadge: string | null = null;
  /** Notifications of chats waiting in Unassigned, by id → conversation: cleared once someone takes the chat. */
  private readonly waiting = new Map<string, string>();
  readonly idleAway: IdleAway;

  constructor(private readonly deps: BackgroundDeps) {
    this.idleAway = new IdleAway(deps.idle, () => this.client);
  }

  /** (Re)connects with the stored settings; does nothing but clear the badge when there are none. */
  async start(): Promise<void> {
    this.stop();
    const run = new Scope();
    this.run = run;
    const connection = await loadConnection();
    // A later start() or a stop() came while we read the settings: it owns the service now.
    if (run.disposed) return;
    if (!connection) {
      await this.setBadge('');
      return;
    }
    const client = connectWorkspace(connection, this.deps.session, this.deps.makeTransport);
    this.client = client;
    run.add(() => {
      client.close();
      if (this.client === client) this.client = null;
    });
    run.effect(() => void this.setBadge(badgeText(badgeCount(client.conversations.value.values(), client.me.value?.id ?? null))));
    run.effect(() => this.clearTaken(client.conversations.value, client.me.value?.id ?? null));
    run.add(
      client.onFrame((frame) => {
        if (frame.type === 'notify') void this.notify(frame);
        // Each (re)connection: the worker may have slept through an idle change.
        if (frame.type === 'welcome') void this.idleAway.reconcile();
      }),
    );
    void this.idleAway.configure();
  }

  /** An `idle.onStateChanged` event (the entrypoint listens, so the event wakes a stopped worker). */
  idleChanged(state: IdleState): Promise<void> {
    return this.idleAway.changed(state);
  }

  stop(): void {
    this.run?.dispose();
    this.run = null;
  }

  /**
   * A side panel's report (on its `sidepanel` port): the chat open and focused in it, and whether it
   * chimes (its audio was unlocked by a gesture and its socket is connected). `null` when it closed.
   */
  panelReport(panel: object, report: { conversationId: string | null; chime: boolean } | null): void {
    this.focusedConversationId = report?.conversationId ?? null;
    if (report?.chime) this.chimingPanels.add(panel);
    else this.chimingPanels.delete(panel);
  }

  /** Returns whether a notification was shown. */
  async notify(frame: NotifyFrame): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    const decision = decideNotification(frame, {
      meId: client.me.value?.id ?? null,
      online: client.online.value,
      settings: client.settings.value,
      permitted: await this.deps.permission.contains(),
      focusedConversationId: this.focusedConversationId,
    });
    if (!decision.show || !browser.notifications) return false;
    const { id, title, message } = notificationContent(frame);
    if (frame.event === 'new-unassigned') this.waiting.set(id, frame.conversation.id);
    this.deps.notifying?.();
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: this.deps.iconUrl,
      title,
      message,
      // With "sound" on (or a reminder asking for it) we let the system play its notification sound; off means a
      // silent toast. An open panel that chimes for this event plays the sound itself: one sound, not two.
      silent: !notificationSound(frame, client.settings.value) || (this.chimingPanels.size > 0 && panelChimesFor(frame)),
    });
    return true;
  }

  /**
   * A notification was clicked: open the side panel at its conversation. The panel is opened first,
   * before any `await` (the click's user gesture ends there); which chat to show is stored after.
   * The panel reads it when it starts, or through `storage.onChanged` if it is open already, so
   * the order between the two does not matter to it.
   */
  async notificationClicked(notificationId: string): Promise<void> {
    const conversationId = conversationOfNotification(notificationId);
    if (!conversationId) return;
    const opened = this.deps.openPanel().catch((e: unknown) => console.error('Baton: could not open the side panel for a notification', e));
    await browser.storage.local.set({ [PENDING_OPEN_KEY]: conversationId });
    await opened;
    await browser.notifications?.clear(notificationId);
  }

  /** Every HEARTBEAT_MS while the worker lives. */
  heartbeat(): void {
    this.client?.heartbeat();
  }

  /** The revive alarm: the worker may have been stopped and restarted with no socket. */
  async alarm(): Promise<void> {
    if (!this.client) await this.start();
    else this.client.connection.revive();
    if ((await this.deps.session.msUntilRefresh()) === 0 && this.client) await this.deps.session.refresh().catch(() => {});
  }

  /** Connection settings changed in the options page, or the idle minutes in the panel. */
  async storageChanged(changes: Record<string, unknown>): Promise<void> {
    if (IDLE_MINUTES_KEY in changes) await this.idleAway.configure();
    if (CONNECTION_KEY in changes) await this.start();
  }

  /** "Vera is waiting in Unassigned" (and its reminders) goes once the chat is no longer waiting there. */
  private clearTaken(conversations: ReadonlyMap<string, ConversationSummary>, meId: string | null): void {
    if (!meId) return;
    for (const [id, conversationId] of this.waiting) {
      const c = conversations.get(conversationId);
      if (c && inboxFolderOf(meId, c) === 'unassigned') continue;
      this.waiting.delete(id);
      void browser.notifications?.clear(id);
    }
  }

  private async setBadge(text: string): Promise<void> {
    if (text === this.lastBadge) return;
    this.lastBadge = text;
    const action = (browser.action ?? (browser as unknown as { browserAction?: ActionApi }).browserAction) as ActionApi | undefined;
    await action?.setBadgeBackgroundColor({ color: '#4f46e5' });
    await action?.setBadgeText({ text });
  }
}
