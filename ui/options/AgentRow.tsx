import { useState } from 'preact/hooks';
import { MAX_CHATS, Role, type AgentPublic } from '../../protocol';
import { parseMaxChats } from '../../models/options/teams';
import type { OptionsModel } from '../../models/options/options-model';
import { texts } from '../../models/i18n';

type Props = { agent: AgentPublic; isMe: boolean; defaultMaxChats: number; model: OptionsModel; onError: (message: string | null) => void };

/** One agent: role and permission change on the spot (the room answers with the new list); revoke asks first. */
export function AgentRow({ agent, isMe, defaultMaxChats, model, onError }: Props) {
  const t = texts().options.agents;
  const o = texts().options.onboarding;
  const [confirming, setConfirming] = useState<'revoke' | 'reissue' | null>(null);
  const [maxText, setMaxText] = useState(agent.maxChats === undefined ? '' : String(agent.maxChats));
  const [maxError, setMaxError] = useState<string | null>(null);
  const update = async (patch: { role?: AgentPublic['role']; manageLiveChat?: boolean }) => {
    const out = await model.run((c) => c.request({ type: 'agent-update', id: agent.id, ...patch }));
    onError(out.ok ? null : out.message);
  };
  /** Their own Max chats, saved when the field is left (or Enter); empty: the workspace's. */
  const saveMax = async () => {
    const parsed = parseMaxChats(maxText);
    if (!parsed.ok) return setMaxError(parsed.error);
    setMaxError(null);
    if ((parsed.value ?? undefined) === agent.maxChats) return;
    const out = await model.run((c) => c.request({ type: 'agent-update', id: agent.id, maxChats: parsed.value }), '');
    if (!out.ok) setMaxError(out.fields['maxChats'] ?? null);
    onError(out.ok ? null : out.message);
  };
  const maxErrorId = `agent-${agent.id}-max-error`;
  const revoke = async () => {
    setConfirming(null);
    const out = await model.run((c) => c.request({ type: 'agent-revoke', id: agent.id }));
    onError(out.ok ? null : out.message);
  };
  /** Their credential stops now; the link that gives them a new one shows under the table (OnboardingAdmin.made). */
  const reissue = async () => {
    setConfirming(null);
    const admin = model.onboarding.peek();
    const out = await model.run(() => (admin ? admin.reissue(agent) : Promise.reject(new Error('Not connected'))));
    onError(out.ok ? null : out.message);
  };
  const locked = isMe || agent.revoked;
  return (
    <tr data-agent={agent.email}>
      <th scope="row">
        {agent.name} <span class="help">{agent.email}</span>
        {isMe && <span class="badge">{t.you}</span>}
        {agent.online && <span class="badge good">{t.online}</span>}
        {agent.revoked && <span class="badge bad">{t.revoked}</span>}
      </th>
      <td>
        <select aria-label={`${t.role}: ${agent.name}`} value={agent.role} disabled={locked} onChange={(e) => void update({ role: e.currentTarget.value as AgentPublic['role'] })}>
          {Role.options.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${t.manageLiveChat}: ${agent.name}`}
          checked={agent.manageLiveChat || agent.role === 'admin'}
          disabled={locked || agent.role === 'admin'}
          onChange={(e) => void update({ manageLiveChat: e.currentTarget.checked })}
        />
      </td>
      <td>
        <input
          type="number"
          class="max-chats"
          inputMode="numeric"
          min={MAX_CHATS.min}
          max={MAX_CHATS.max}
          step={1}
          aria-label={t.maxChatsOf(agent.name)}
          placeholder={t.maxChatsPlaceholder(defaultMaxChats)}
          value={maxText}
          disabled={agent.revoked}
          {...(maxError ? { 'aria-invalid': true, 'aria-describedby': maxErrorId } : {})}
          onInput={(e) => setMaxText(e.currentTarget.value)}
          onChange={() => void saveMax()}
        />
        {maxError && (
          <p class="error" id={maxErrorId}>
            {maxError}
          </p>
        )}
      </td>
      <td class="actions">
        {!locked &&
          (confirming ? (
            <span role="alertdialog" aria-label={confirming === 'revoke' ? t.confirmRevoke(agent.name) : o.confirmReissue(agent.name)}>
              <span>{confirming === 'revoke' ? t.confirmRevoke(agent.name) : o.confirmReissue(agent.name)} </span>
              <button type="button" class="danger" onClick={confirming === 'revoke' ? revoke : reissue}>
                {confirming === 'revoke' ? t.revoke : o.reissue}
              </button>
              <button type="button" autoFocus onClick={() => setConfirming(null)}>
                {t.done}
              </button>
            </span>
          ) : (
            <>
              <button type="button" aria-label={o.reissueAgent(agent.name)} onClick={() => setConfirming('reissue')}>
                {o.reissue}
              </button>{' '}
              <button type="button" class="danger" onClick={() => setConfirming('revoke')}>
                {`${t.revoke}`}
                <span class="visually-hidden"> {agent.name}</span>
              </button>
            </>
          ))}
      </td>
    </tr>
  );
}
