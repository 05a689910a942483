import * as v from 'valibot';
import { AgentCreate, type AgentPublic, type Role } from '../../protocol';
import { issuesToErrors, type Checked } from './validation';

export type AgentFormValue = { name: string; email: string; role: Role; manageLiveChat: boolean };
export const emptyAgentForm = (): AgentFormValue => ({ name: '', email: '', role: 'agent', manageLiveChat: false });

/** The `agent-create` frame, or field errors checked with the same schema the server uses. */
export function checkAgentForm(form: AgentFormValue, ref?: string): Checked<v.InferOutput<typeof AgentCreate>> {
  const result = v.safeParse(AgentCreate, { type: 'agent-create', ...(ref ? { ref } : {}), ...form });
  return result.success ? { ok: true, value: result.output } : { ok: false, errors: issuesToErrors(result.issues) };
}

/** Who may edit playbooks and cards: admins, and agents holding the manage-live-chat permission. */
export const canManagePlaybooks = (me: Pick<AgentPublic, 'role' | 'manageLiveChat' | 'revoked'> | null | undefined) =>
  !!me && !me.revoked && (me.role === 'admin' || me.manageLiveChat);

export const isAdmin = (me: Pick<AgentPublic, 'role' | 'revoked'> & Partial<AgentPublic> | null | undefined) => !!me && !me.revoked && me.role === 'admin';
