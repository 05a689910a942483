import { useEffect, useState } from 'preact/hooks';
import type { OptionsModel } from '../../models/options/options-model';
import { findings } from '../../models/options/health';
import { explain } from '../../models/options/room-requests';
import { formatLanguage, texts } from '../../models/i18n';
import { Status } from './Field';

/**
 * `Health` (admins): what the workspace room knows now — chats open and waiting, the oldest wait, the CRM queue,
 * agents online, errors since the room started, sites that loaded the widget without being allowed (issue 17).
 * Read when the section opens, after a reconnect, and on `Refresh`; counts only, nothing about any visitor.
 */
export function HealthSection({ model }: { model: OptionsModel }) {
  const strings = texts().options;
  const t = strings.health;
  const admin = model.isAdmin.value ? model.health.value : null;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    if (!admin) return;
    setBusy(true);
    setError(null);
    try {
      await admin.load();
    } catch (e) {
      setError(explain(e, '').message);
    }
    setBusy(false);
  };
  useEffect(() => {
    if (!admin) return;
    void load();
    return admin.client.onFrame((f) => {
      if (f.type === 'welcome') void load();
    });
  }, [admin]);
  const h = admin?.health.value ?? null;
  const when = (at: number) => new Date(at).toLocaleString(formatLanguage());
  const found = h ? findings(h, h.at) : [];
  const errorRows = h ? Object.entries(h.errors) : [];

  return (
    <section id="health" aria-labelledby="health-heading">
      <h2 id="health-heading">{strings.sections.health}</h2>
      <p class="help">{t.intro}</p>
      {!admin ? (
        <p class="notice">{t.adminsOnly}</p>
      ) : !h ? (
        <p class="help">{error ? '' : t.loading}</p>
      ) : (
        <>
          <div class={found.length ? 'notice health-attention' : 'badge good'} data-health={found.length ? 'attention' : 'ok'}>
            {found.length === 0 ? (
              t.allWell
            ) : (
              <>
                {t.attention}
                <ul>
                  {found.map((f) => (
                    <li key={f.kind}>{f.kind === 'long-wait' ? t.findings['long-wait'](Math.floor(f.ms / 60_000)) : t.findings[f.kind](f.count)}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
          <p class="help">{t.since(when(h.since))}</p>
          <dl class="health">
            <dt>{t.conversations}</dt>
            <dd>{t.conversationsValue(h.conversations.open, h.conversations.waiting)}</dd>
            <dt>{t.reports}</dt>
            <dd>{t.reportsValue(h.conversations.reports, h.conversations.lastReportAt === null ? null : when(h.conversations.lastReportAt))}</dd>
            <dt>{t.oldestWaiting}</dt>
            <dd>{h.oldestWaitingSince === null ? t.nobodyWaits : t.oldestValue(Math.floor((h.at - h.oldestWaitingSince) / 60_000))}</dd>
            <dt>{t.intents}</dt>
            <dd>{t.intentsValue(h.intents.pending, h.intents.failed)}</dd>
            <dt>{t.agentsOnline}</dt>
            <dd>{h.agentsOnline}</dd>
            <dt>{t.errors}</dt>
            <dd>
              {errorRows.length === 0
                ? t.noErrors
                : errorRows.map(([k, n]) => (
                    <span key={k} class="health-error">
                      {t.errorNames[k] ?? k}: {n}{' '}
                    </span>
                  ))}
            </dd>
          </dl>
          {h.refusedSites.length > 0 && (
            <>
              <h3>{t.refusedSites}</h3>
              <ul class="refused-sites">
                {h.refusedSites.map((s) => (
                  <li key={`${s.playbookId} ${s.origin}`}>
                    <code>{s.origin}</code> — {model.playbooks.value.find((p) => p.id === s.playbookId)?.name ?? s.playbookId} ({when(s.at)}, ×{s.count})
                  </li>
                ))}
              </ul>
              <p class="help">{t.refusedHelp}</p>
            </>
          )}
        </>
      )}
      {admin && (
        <button type="button" disabled={busy} onClick={() => void load()}>
          {t.refresh}
        </button>
      )}
      <Status error={error} />
    </section>
  );
}
