import { signal } from '@preact/signals-core';
import { ErrorFrame, RedeemResponse, decodeValue, inviteLink, parseInviteLink, type AgentPublic, type InvitePublic, type OnboardingEvent } from '../../protocol';
import { Scope } from '../scope';
import type { Connection } from '../session';
import type { WorkspaceClient } from '../workspace-client';
import { texts } from '../i18n';
import { checkAgentForm, type AgentFormValue } from './agent-form';
import type { Checked } from './validation';

/** Why joining with an invite link failed. */
export type JoinErrorCode = 'not-a-link' | 'invite-invalid' | 'invite-used' | 'invite-expired' | 'rate-limited' | 'unreachable' | 'server-error';

export class JoinError extends Error {
  constructor(
    readonly code: JoinErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JoinError';
  }
}

/** What the agent reads for a failed join, in the browser's UI language. */
export function joinErrorText(e: JoinError): string {
  const t = texts().options.onboarding;
  switch (e.code) {
    case 'not-a-link':
      return t.notALink;
    case 'invite-invalid':
      return t.invalid;
    case 'invite-used':
      return t.used;
    case 'invite-expired':
      return t.expired;
    case 'rate-limited':
      return t.tooManyTries;
    case 'unreachable':
      return t.unreachable;
    case 'server-error':
      return t.serverError(e.message);
  }
}

/**
 * Redeems a pasted invite link with its server: the connection it gives (server, workspace, the credential the
 * server made now). Throws JoinError; nothing is stored here.
 */
export async function redeemInvite(text: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<Connection> {
  const link = parseInviteLink(text);
  if (!link) throw new JoinError('not-a-link', 'Not an invite link');
  let res: Response;
  try {
    res = await fetchImpl(`${link.server}/parties/workspace/${encodeURIComponent(link.workspace)}/invite`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: link.code }),
    });
  } catch (cause) {
    throw new JoinError('unreachable', `Cannot reach ${link.server}: ${(cause as Error)?.message ?? cause}`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = decodeValue(ErrorFrame, body);
    const problem = err.ok ? err.value.problem?.code : undefined;
    if (problem === 'invite-invalid' || problem === 'invite-used' || problem === 'invite-expired') throw new JoinError(problem, err.ok ? err.value.message : problem);
    if (res.status === 429) throw new JoinError('rate-limited', 'Too many tries');
    throw new JoinError('server-error', err.ok ? err.value.message : `HTTP ${res.status}`);
  }
  const answer = decodeValue(RedeemResponse, body);
  if (!answer.ok || answer.value.workspace !== link.workspace) throw new JoinError('server-error', 'Unexpected answer');
  return { server: link.server, workspace: link.workspace, credential: answer.value.credential };
}

/** The link just made, shown once to the admin who asked. */
export type MadeLink = { name: string; link: string; reissue: boolean };

/**
 * The admin's onboarding view of one connection: pending invites, the access log, and the link just made.
 * Memory only; the room sends `onboarding` to every admin after each change.
 */
export class OnboardingAdmin {
  readonly invites = signal<InvitePublic[] | null>(null);
  readonly events = signal<OnboardingEvent[]>([]);
  readonly made = signal<MadeLink | null>(null);
  private readonly scope = new Scope();

  constructor(
    readonly client: WorkspaceClient,
    private readonly server: () => string | null,
  ) {
    this.scope.add(
      client.onFrame((f) => {
        if (f.type === 'onboarding') {
          this.invites.value = f.invites;
          this.events.value = f.events;
        } else if (f.type === 'welcome' && this.invites.peek() !== null) void this.load().catch(() => undefined);
      }),
    );
    // The link leaves memory with the connection.
    this.scope.add(() => (this.made.value = null));
  }

  dispose(): void {
    this.scope.dispose();
  }

  async load(): Promise<void> {
    await this.client.request({ type: 'onboarding-get' });
  }

  /** Checks the form (nothing sent when a field is wrong), then `invite-create`; the link shows in `made`. */
  async invite(form: AgentFormValue): Promise<Checked<MadeLink>> {
    const checked = checkAgentForm(form);
    if (!checked.ok) return checked;
    const { type: _t, ref: _r, ...fields } = checked.value;
    const answer = await this.client.request({ type: 'invite-create', ...fields });
    return { ok: true, value: this.show(answer.invite.name, answer.code, false) };
  }

  /** The agent's credential stops now; the link that gives them a new one shows in `made`. */
  async reissue(agent: Pick<AgentPublic, 'id' | 'name'>): Promise<MadeLink> {
    const answer = await this.client.request({ type: 'agent-reissue', id: agent.id });
    return this.show(agent.name, answer.code, true);
  }

  revoke(id: string): Promise<unknown> {
    return this.client.request({ type: 'invite-revoke', id });
  }

  private show(name: string, code: string, reissue: boolean): MadeLink {
    const server = this.server();
    const workspace = this.client.workspaceId.peek();
    if (!server || !workspace) throw new Error('Not connected');
    const made = { name, link: inviteLink(server, workspace, code), reissue };
    this.made.value = made;
    return made;
  }
}
