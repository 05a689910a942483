import { useEffect, useMemo, useState } from 'preact/hooks';
import type { OptionsModel } from '../../models/options/options-model';
import { InsightsModel } from '../../models/options/insights-model';
import { dayToUtc, hasData, periodRange, PRESET_DAYS, type Period, type PeriodProblem, type PresetDays } from '../../models/options/insights';
import { insightsCsv, insightsFilename } from '../../models/options/insights-csv';
import { explain } from '../../models/options/room-requests';
import { formatLanguage, texts } from '../../models/i18n';
import { Status } from './Field';
import { downloadText } from './download';
import { InsightsReport } from './InsightsReport';
import type { LoadCharts } from './InsightsChart';
import './insights.css';

type Result = { message: string | null; error: string | null };
const none: Result = { message: null, error: null };

/** The section's model for the open connection, when the agent may see insights (admins, manage live chat). */
function useInsights(model: OptionsModel, now?: () => number): InsightsModel | null {
  const client = model.client.value;
  const allowed = model.canEdit.value;
  const ins = useMemo(() => (client && allowed ? new InsightsModel(client, now) : null), [client, allowed]);
  useEffect(() => () => ins?.dispose(), [ins]);
  return ins;
}

/**
 * `Insights`: a period (7, 30, 90 days or custom, in the workspace's zone), then the figures as charts, each with
 * its figures as a table, and `Export CSV`. Admins and agents with the manage live chat permission.
 */
export function InsightsSection({ model, now, loadCharts }: { model: OptionsModel; now?: () => number; loadCharts?: LoadCharts }) {
  const strings = texts().options;
  const t = strings.insights;
  const ins = useInsights(model, now);
  const [result, setResult] = useState<Result>(none);
  const [problem, setProblem] = useState<PeriodProblem | null>(null);
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);

  const load = async (period?: Period) => {
    if (!ins) return;
    setResult(none);
    // Checked here first, so the field's problem shows (or goes) at once, not when the room answers.
    const checked = periodRange(period ?? ins.period.peek(), ins.timeZone.peek(), (now ?? Date.now)());
    setProblem(checked.ok ? null : checked.problem);
    if (!checked.ok) return;
    try {
      await ins.load(period);
    } catch (e) {
      setResult({ message: null, error: explain(e, '').message });
    }
  };
  useEffect(() => {
    if (!ins) return;
    void load();
    // A reconnect's welcome: the figures may have moved on meanwhile.
    return ins.client.onFrame((f) => {
      if (f.type === 'welcome') void load();
    });
  }, [ins]);

  const heading = <h2 id="insights-heading">{strings.sections.insights}</h2>;
  if (!ins) {
    return (
      <section id="insights" aria-labelledby="insights-heading">
        {heading}
        <p class="notice">{t.notAllowed}</p>
      </section>
    );
  }

  const period = ins.period.value;
  const data = ins.insights.value;
  const zone = ins.timeZone.value;
  const lang = formatLanguage();
  const longDay = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
  const current = periodRange(period, zone, (now ?? Date.now)());
  const chosen = period.kind === 'custom' || custom ? 'custom' : String(period.days);
  const dates = custom ?? (current.ok ? { from: current.from, to: current.to } : { from: '', to: '' });

  const pick = (value: string) => {
    if (value === 'custom') {
      setCustom(dates);
      return;
    }
    setCustom(null);
    void load({ kind: 'preset', days: Number(value) as PresetDays });
  };
  const showCustom = (e: Event) => {
    e.preventDefault();
    void load({ kind: 'custom', from: dates.from, to: dates.to });
  };
  const exportCsv = () => {
    if (!data) return;
    const file = insightsFilename(data);
    downloadText(document, file, insightsCsv(data), 'text/csv;charset=utf-8');
    setResult({ message: t.exported(file), error: null });
  };

  return (
    <section id="insights" aria-labelledby="insights-heading" aria-busy={ins.loading.value ? 'true' : undefined}>
      {heading}
      <p class="help">{t.intro}</p>
      <form class="insights-period" onSubmit={showCustom}>
        <fieldset>
          <legend>{t.period}</legend>
          <div class="choices">
            {PRESET_DAYS.map((n) => (
              <label key={n}>
                <input type="radio" name="insights-period" value={String(n)} checked={chosen === String(n)} onChange={() => pick(String(n))} /> {t.lastDays(n)}
              </label>
            ))}
            <label>
              <input type="radio" name="insights-period" value="custom" checked={chosen === 'custom'} onChange={() => pick('custom')} /> {t.custom}
            </label>
          </div>
          {chosen === 'custom' ? (
            <div class="row">
              <div class="field">
                <label for="insights-from">{t.from}</label>
                <input id="insights-from" type="date" value={dates.from} aria-invalid={problem ? 'true' : undefined} onInput={(e) => setCustom({ ...dates, from: e.currentTarget.value })} />
              </div>
              <div class="field">
                <label for="insights-to">{t.to}</label>
                <input id="insights-to" type="date" value={dates.to} aria-invalid={problem ? 'true' : undefined} onInput={(e) => setCustom({ ...dates, to: e.currentTarget.value })} />
              </div>
              <button type="submit" class="primary">
                {t.show}
              </button>
            </div>
          ) : null}
          {problem ? (
            <p class="error" role="alert">
              {t.problems[problem]}
            </p>
          ) : null}
        </fieldset>
        <p class="help zone">
          {data ? <strong>{t.showing(longDay.format(dayToUtc(data.from)), longDay.format(dayToUtc(data.to)))}</strong> : null} {t.zone(zone)}
        </p>
        <button type="button" onClick={exportCsv} disabled={!data || !hasData(data)}>
          {t.exportCsv}
        </button>
      </form>
      <Status message={result.message} error={result.error} />
      {data === null ? (
        <p class="help">{result.error ? '' : t.loading}</p>
      ) : !hasData(data) ? (
        <p class="empty">{t.empty}</p>
      ) : (
        <InsightsReport ins={data} load={loadCharts} />
      )}
    </section>
  );
}
