import { useEffect, useState } from 'preact/hooks';
import type { OptionsModel } from '../../models/options/options-model';
import { explain } from '../../models/options/room-requests';
import { formatLanguage, texts } from '../../models/i18n';
import type { ExportFormat } from '../../protocol';
import { downloadText } from './download';
import { Check, Field, Status } from './Field';
import { useDataAdmin } from './use-data-admin';

type Result = { message: string | null; error: string | null };
const none: Result = { message: null, error: null };
const when = (t: number) => new Date(t).toLocaleString(formatLanguage());

/** `Data` (admins): export every conversation (the backup), how long closed conversations are kept, the deletion log. */
export function DataSection({ model }: { model: OptionsModel }) {
  const strings = texts().options;
  const t = strings.data;
  const [result, setResult] = useState<Result>(none);
  const [busy, setBusy] = useState<string | null>(null);
  const fail = (e: unknown) => setResult({ message: null, error: explain(e, '').message });
  const admin = useDataAdmin(model, (a) => void Promise.all([a.loadRetention(), a.loadErasures()]).catch(fail));
  const retention = admin?.retention.value ?? null;
  const erasures = admin?.erasures.value ?? null;
  const progress = admin?.progress.value ?? null;
  // The form: on/off and days, from the room's setting until the admin edits it.
  const [on, setOn] = useState(false);
  const [days, setDays] = useState('365');
  const [daysError, setDaysError] = useState<string | null>(null);
  useEffect(() => {
    if (!retention) return;
    setOn(retention.days !== null);
    if (retention.days !== null) setDays(String(retention.days));
  }, [retention?.days]);

  if (!admin) {
    return (
      <section id="data" aria-labelledby="data-heading">
        <h2 id="data-heading">{strings.sections.data}</h2>
        <p class="notice">{t.adminsOnly}</p>
      </section>
    );
  }

  const exportAll = async (format: ExportFormat) => {
    setBusy(`export-${format}`);
    setResult(none);
    try {
      const file = await admin.exportFile(format);
      downloadText(document, file.filename, file.content, file.type);
      setResult({ message: t.exported(file.count), error: null });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const saveRetention = async (e: Event) => {
    e.preventDefault();
    const n = Number(days);
    if (on && !(Number.isInteger(n) && n >= 1 && n <= 3650)) return setDaysError(t.daysInvalid);
    setDaysError(null);
    setBusy('retention');
    setResult(none);
    const out = await model.run(() => admin.saveRetention(on ? n : null), '');
    setBusy(null);
    setResult(out.ok ? { message: t.retentionSaved(on ? n : null), error: null } : { message: null, error: out.message });
  };

  return (
    <section id="data" aria-labelledby="data-heading">
      <h2 id="data-heading">{strings.sections.data}</h2>
      <h3 id="export-heading">{t.exportTitle}</h3>
      <p class="help">{t.exportHelp}</p>
      <div class="actions">
        <button type="button" disabled={busy !== null} onClick={() => void exportAll('json')}>
          {t.exportJson}
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void exportAll('csv')}>
          {t.exportCsv}
        </button>
      </div>
      {progress && (
        <p class="help" role="status">
          {t.exporting(progress.done, progress.total)}
        </p>
      )}

      <h3 id="retention-heading">{t.retentionTitle}</h3>
      <form noValidate onSubmit={(e) => void saveRetention(e)} aria-labelledby="retention-heading">
        <Check label={t.retentionOn} checked={on} disabled={!retention || busy === 'retention'} onChange={setOn} />
        <Field label={t.days} error={daysError ?? undefined}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={3650} step={1} value={days} disabled={!on} onInput={(e) => setDays(e.currentTarget.value)} class="days" />}
        </Field>
        <p class="help">{t.retentionHelp}</p>
        {retention?.lastRunAt != null && <p class="help">{t.lastRun(when(retention.lastRunAt), retention.lastDeleted)}</p>}
        {retention?.running && <p class="help">{t.running}</p>}
        <button type="submit" class="primary" disabled={!retention || busy === 'retention'}>
          {t.save}
        </button>
      </form>

      <h3 id="erasures-heading">{t.logTitle}</h3>
      <p class="help">{t.logHelp}</p>
      {erasures === null ? null : erasures.length === 0 ? (
        <p class="help">{t.logNone}</p>
      ) : (
        <table class="agents erasures" aria-labelledby="erasures-heading">
          <thead>
            <tr>
              <th scope="col">{t.when}</th>
              <th scope="col">{t.by}</th>
              <th scope="col">{t.what}</th>
              <th scope="col">{t.hash}</th>
            </tr>
          </thead>
          <tbody>
            {erasures.map((e) => (
              <tr key={e.id} data-erasure={e.id}>
                <td class="time">{when(e.at)}</td>
                <td>{e.by.name}</td>
                <td>{t.counts(e)}</td>
                <td>
                  <code title={e.subject}>{e.subject.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Status message={result.message} error={result.error} />
    </section>
  );
}
