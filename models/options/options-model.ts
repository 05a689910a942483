import { computed, signal, untracked } from '@preact/signals-core';
import type { Connection, SessionError } from '../session';
import type { WorkspaceClient } from '../workspace-client';
import { RequestError } from '../room-connection';
import { refusalText } from '../protocol-text';
import { Scope } from '../scope';
import { CrmModel } from './crm-model';
import { EmailModel } from './email-model';
import { VisitorAdmin } from './visitor-admin';
import { HealthAdmin } from './health';
import { JoinError, OnboardingAdmin, joinErrorText, redeemInvite } from './onboarding';
import { texts } from '../i18n';
import { explain, until, type Refusal } from './room-requests';
import { errorFrame, type Playbook, type RoutingSettings, type SavedReply, type SessionResponse, type Team } from '../../protocol';
import { checkReplyForm, type ReplyFormValue } from './reply-form';
import { canManagePlaybooks, isAdmin } from './agent-form';
import { PlaybookDraft, toInput } from './playbook-draft';
import { checkPlaybook } from './validation';
import { HoursDraft } from './hours-draft';

export type ConnectState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'failed'; code: SessionError['code']; message: string; fields: Partial<Record<keyof Connection, string>> };

/** What the page needs from the outside world; the entrypoint wires storage, fetch and sockets. */
export type OptionsDeps = {
  loadConnection(): Promise<Connection | null>;
  /** Validates, stores and exchanges the credential; throws SessionError. */
  connect(input: Connection): Promise<{ connection: Connection; session: SessionResponse }>;
  disconnect(): Promise<void>;
  openWorkspace(connection: Connection): WorkspaceClient;
  /** Redeems a pasted invite link with its server (default: models/options/onboarding.ts with fetch); throws JoinError. */
  redeem?(text: string): Promise<Connection>;
};

export type JoinState = { kind: 'idle' } | { kind: 'joining' } | { kind: 'failed'; code: JoinError['code']; message: string };

/**
 * The options page's state: the connection, the workspace signals, and the playbook being edited.
 * Each open connection lives in a child scope (the socket, its CRM model, the rebase effect), undone
 * when it closes or when the model is disposed.
 */
export class OptionsModel {
  readonly connectState = signal<ConnectState>({ kind: 'idle' });
  readonly connection = signal<Connection | null>(null);
  readonly client = signal<WorkspaceClient | null>(null);
  /** The CRM settings, records and create queue of the open connection (the admin sections read it). */
  readonly crm = signal<CrmModel | null>(null);
  /** The Email settings of the open connection (admins). */
  readonly email = signal<EmailModel | null>(null);
  /** Identity verification, Typing preview and blocked visitors of the open connection (admins; memory only). */
  readonly visitors = signal<VisitorAdmin | null>(null);
  /** The workspace's health (admins; memory only): the Health block and the Installation cards' refused sites. */
  readonly health = signal<HealthAdmin | null>(null);
  /** Invites, re-issued credentials and the access log of the open connection (admins; memory only). */
  readonly onboarding = signal<OnboardingAdmin | null>(null);
  /** The "Got an invite link?" form. */
  readonly joinState = signal<JoinState>({ kind: 'idle' });
  readonly draft = signal<PlaybookDraft | null>(null);
  readonly me = computed(() => this.client.value?.me.value ?? null);
  readonly playbooks = computed<Playbook[]>(() => this.client.value?.playbooks.value ?? []);
  readonly replies = computed<SavedReply[]>(() => this.client.value?.replies.value ?? []);
  /** The workspace's business hours, default Max chats and teams (null until the room's welcome). */
  readonly routing = computed<RoutingSettings | null>(() => this.client.value?.routing.value ?? null);
  readonly teams = computed<Team[]>(() => this.routing.value?.teams ?? []);
  /** The Business hours form of the open connection (made at the welcome, kept in step with the room's hours). */
  readonly hours = signal<HoursDraft | null>(null);
  readonly canEdit = computed(() => canManagePlaybooks(this.me.value));
  readonly isAdmin = computed(() => isAdmin(this.me.value));
  private readonly scope = new Scope();
  private connectionScope: Scope | null = null;

  constructor(private readonly deps: OptionsDeps) {}

  async init(): Promise<void> {
    const saved = await this.deps.loadConnection();
    if (saved) await this.connect(saved);
  }

  async connect(input: Connection): Promise<boolean> {
    this.connectState.value = { kind: 'connecting' };
    try {
      const { connection } = await this.deps.connect(input);
      this.connection.value = connection;
      this.openClient(connection);
      this.connectState.value = { kind: 'connected' };
      return true;
    } catch (e) {
      const err = e as SessionError;
      this.connectState.value = { kind: 'failed', code: err.code ?? 'unreachable', message: err.message, fields: err.fields ?? {} };
      return false;
    }
  }

  /**
   * Joins with a pasted invite link: the server makes this agent's credential and answers it here, then the
   * connection (Server, Workspace, Credential) is checked, stored and opened as if typed in.
   */
  async join(text: string): Promise<boolean> {
    this.joinState.value = { kind: 'joining' };
    let connection: Connection;
    try {
      connection = await (this.deps.redeem ?? ((t: string) => redeemInvite(t)))(text);
    } catch (e) {
      const err = e instanceof JoinError ? e : new JoinError('server-error', String((e as Error)?.message ?? e));
      this.joinState.value = { kind: 'failed', code: err.code, message: joinErrorText(err) };
      return false;
    }
    this.joinState.value = { kind: 'idle' };
    return this.connect(connection);
  }

  async disconnect(): Promise<void> {
    this.closeClient();
    await this.deps.disconnect();
    this.connection.value = null;
    this.connectState.value = { kind: 'idle' };
  }

  /** Closes the connection and stops everything the model started. */
  dispose(): void {
    this.scope.dispose();
  }

  private openClient(connection: Connection) {
    this.closeClient();
    const scope = (this.connectionScope = this.scope.child());
    const client = this.deps.openWorkspace(connection);
    scope.add(() => client.close());
    const crm = new CrmModel(client);
    scope.add(() => crm.dispose());
    const email = new EmailModel(client);
    scope.add(() => email.dispose());
    const visitors = new VisitorAdmin(client);
    scope.add(() => visitors.dispose());
    const onboarding = new OnboardingAdmin(client, () => this.connection.peek()?.server ?? null);
    scope.add(() => onboarding.dispose());
    this.onboarding.value = onboarding;
    this.client.value = client;
    this.crm.value = crm;
    this.email.value = email;
    this.visitors.value = visitors;
    const health = new HealthAdmin(client);
    scope.add(() => health.dispose());
    this.health.value = health;
    scope.add(() => {
      this.health.value = null;
      this.client.value = null;
      this.crm.value = null;
      this.email.value = null;
      this.visitors.value = null;
      this.onboarding.value = null;
      this.draft.value = null;
      this.hours.value = null;
    });
    // The hours form starts from the welcome's hours, then follows each `routing` frame (rebase keeps unsaved edits).
    scope.effect(() => {
      const routing = client.routing.value;
      if (!routing) return;
      const form = this.hours.peek();
      if (form) untracked(() => form.rebase(routing.hours));
      else this.hours.value = new HoursDraft(routing.hours);
    });
    // Each new stored list may carry a newer revision of the playbook being edited.
    scope.effect(() => {
      const list = client.playbooks.value;
      const draft = this.draft.peek();
      const mine = draft && list.find((p) => p.id === draft.id);
      if (mine) untracked(() => draft.rebase(mine));
    });
  }

  private closeClient() {
    this.connectionScope?.dispose();
    this.connectionScope = null;
  }

  open(playbookId: string | null) {
    const stored = playbookId ? this.playbooks.peek().find((p) => p.id === playbookId) : undefined;
    this.draft.value = stored ? new PlaybookDraft(stored) : null;
  }

  private get live(): WorkspaceClient {
    const c = this.client.peek();
    if (!c) throw new RequestError('unavailable', texts().options.errors.notConnected);
    return c;
  }

  /** Runs one request against the room and turns a refusal into words (and field errors under `fieldPrefix`). */
  async run<T>(fn: (client: WorkspaceClient) => Promise<T>, fieldPrefix = ''): Promise<{ ok: true; value: T } | ({ ok: false } & Refusal)> {
    try {
      return { ok: true, value: await fn(this.live) };
    } catch (e) {
      return { ok: false, ...explain(e, fieldPrefix) };
    }
  }

  /** Creates a playbook and opens it once the room has listed it. */
  async createPlaybook(name: string, template: 'blank' | 'live-chat'): Promise<string> {
    const client = this.live;
    const ok = await client.request({ type: 'playbook-create', name, template });
    const id = ok.id;
    if (!id) throw new RequestError('internal', 'The server did not say which playbook it created');
    await until(() => client.playbooks.value.some((p) => p.id === id), client);
    this.open(id);
    return id;
  }

  /**
   * Saves only the allowed sites of a playbook, on top of its latest stored version. The schema check runs
   * first so a bad origin is shown by line and nothing is sent.
   */
  async saveOrigins(playbookId: string, origins: string[]): Promise<{ ok: true } | ({ ok: false } & Refusal)> {
    const stored = this.playbooks.peek().find((p) => p.id === playbookId);
    if (!stored) return { ok: false, message: texts().options.errors.refused(refusalText(errorFrame('not-found', 'No such playbook'))), fields: {} };
    const checked = checkPlaybook({ ...toInput(stored), allowedOrigins: origins });
    if (!checked.ok) return { ok: false, message: '', fields: checked.errors };
    const out = await this.run((c) => c.request({ type: 'playbook-save', playbook: checked.value }), 'playbook.');
    return out.ok ? { ok: true } : out;
  }

  /** Saves the open draft; resolves false (with the reasons on the draft) when nothing was sent or it was refused. */
  async saveDraft(): Promise<{ ok: true } | { ok: false; message: string | null }> {
    const draft = this.draft.peek();
    if (!draft) return { ok: false, message: null };
    const out = draft.saveFrame();
    if (!out.ok) return { ok: false, message: null };
    draft.saving.value = true;
    try {
      await this.live.request({ type: 'playbook-save', playbook: out.frame.playbook });
      return { ok: true };
    } catch (e) {
      const why = explain(e);
      draft.serverErrors.value = why.fields;
      return { ok: false, message: why.message };
    } finally {
      draft.saving.value = false;
    }
  }

  /** Saves the Business hours form (null when switched off: always open); field problems land on the form. */
  async saveHours(): Promise<{ ok: true } | { ok: false; message: string | null }> {
    const form = this.hours.peek();
    if (!form) return { ok: false, message: null };
    const out = form.saveFrame();
    if (!out.ok) return { ok: false, message: null };
    form.saving.value = true;
    try {
      await this.live.request(out.frame);
      return { ok: true };
    } catch (e) {
      const why = explain(e, 'hours.');
      form.serverErrors.value = why.fields;
      return { ok: false, message: why.message };
    } finally {
      form.saving.value = false;
    }
  }

  /**
   * Adds or updates a saved reply: checked first (nothing sent when a field is wrong), then `reply-save`.
   * Field errors come back under `shortcut` / `text`, next to the fields.
   */
  async saveReply(form: ReplyFormValue): Promise<{ ok: true; id: string } | ({ ok: false } & Refusal)> {
    const checked = checkReplyForm(form, this.replies.peek());
    if (!checked.ok) return { ok: false, message: '', fields: checked.errors };
    try {
      const answer = await this.live.request({ type: 'reply-save', reply: checked.value });
      return { ok: true, id: answer.id ?? form.id ?? '' };
    } catch (e) {
      return { ok: false, ...this.replyRefusal(e) };
    }
  }

  async deleteReply(id: string): Promise<{ ok: true } | ({ ok: false } & Refusal)> {
    try {
      await this.live.request({ type: 'reply-delete', id });
      return { ok: true };
    } catch (e) {
      return { ok: false, ...this.replyRefusal(e) };
    }
  }

  /** As `explain`, except that a `conflict` here is the 200-reply limit, which the room's own words say best. */
  private replyRefusal(e: unknown): Refusal {
    const why = explain(e, 'reply.');
    return e instanceof RequestError && e.code === 'conflict' ? { ...why, message: refusalText(e) } : why;
  }
}
