import { useEffect, useState } from 'preact/hooks';
import type { OptionsModel } from '../../models/options/options-model';
import { texts } from '../../models/i18n';
import { Status } from './Field';

const when = (at: number) => new Date(at).toLocaleString(texts().lang, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Admins only, under the agents table: the invite link just made (shown once), the pending invites with
 * `Revoke invite`, and the access log (invites, re-issued credentials, the setup key's recoveries).
 */
export function InvitesPanel({ model }: { model: OptionsModel }) {
  const t = texts().options.onboarding;
  const admin = model.onboarding.value;
  const [status, setStatus] = useState<{ message: string | null; error: string | null }>({ message: null, error: null });
  useEffect(() => {
    if (admin) void model.run(() => admin.load()).then((out) => !out.ok && setStatus({ message: null, error: out.message }));
  }, [admin]);
  if (!admin) return null;
  const made = admin.made.value;
  const invites = admin.invites.value ?? [];
  const events = admin.events.value;
  const revoke = async (id: string, name: string) => {
    const out = await model.run(() => admin.revoke(id));
    setStatus(out.ok ? { message: t.inviteRevoked(name), error: null } : { message: null, error: out.message });
  };
  return (
    <div class="onboarding">
      {made && (
        <div class="credential invite-link" role="alert">
          <p>{made.reissue ? t.reissueLinkFor(made.name) : t.linkFor(made.name)}</p>
          <input aria-label={t.linkLabel} class="code" readOnly value={made.link} onFocus={(e) => e.currentTarget.select()} />
          <div class="row">
            <button
              type="button"
              class="primary"
              onClick={() =>
                void navigator.clipboard.writeText(made.link).then(
                  () => setStatus({ message: t.copied, error: null }),
                  () => undefined,
                )
              }
            >
              {t.copyLink}
            </button>
            <button type="button" onClick={() => (admin.made.value = null)}>
              {t.done}
            </button>
          </div>
        </div>
      )}
      <h3>{t.pendingHeading}</h3>
      {invites.length === 0 ? (
        <p class="help">{t.noPending}</p>
      ) : (
        <table class="agents invites">
          <thead>
            <tr>
              <th scope="col">{t.invitee}</th>
              <th scope="col">{t.expires}</th>
              <th scope="col">
                <span class="visually-hidden">{t.revokeInvite}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invites.map((i) => (
              <tr key={i.id} data-invite={i.email}>
                <th scope="row">
                  {i.name} <span class="help">{i.email}</span>
                  {i.agentId && <span class="badge">{t.reissueOf}</span>}
                </th>
                <td>{when(i.expiresAt)}</td>
                <td>
                  <button type="button" class="danger" aria-label={t.revokeInviteOf(i.name)} onClick={() => void revoke(i.id, i.name)}>
                    {t.revokeInvite}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Status message={status.message} error={status.error} />
      <h3>{t.eventsHeading}</h3>
      {events.length === 0 ? (
        <p class="help">{t.noEvents}</p>
      ) : (
        <ul class="access-log">
          {events.slice(0, 20).map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.at).toISOString()}>{when(e.at)}</time> {t.events[e.kind](e.agent.name, e.by?.name ?? t.someone)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
