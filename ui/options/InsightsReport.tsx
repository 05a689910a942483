import { useMemo } from 'preact/hooks';
import type { Insights } from '../../protocol';
import { formatLanguage, texts } from '../../models/i18n';
import { chatsOf, dayToUtc, formatDuration, funnel, OUTCOMES, ratingSeries, ratingShares, speedSeries, stackedVolume, sumOf } from '../../models/options/insights';
import { Chart, type LoadCharts } from './InsightsChart';
import { Block, Figures, Legend } from './InsightFigure';
import { InsightsAgents } from './InsightsAgents';
import { InsightsHeatMap } from './InsightsHeatMap';
import type { ChartSpec } from './insights-charts';

const OUTCOME_COLOUR = { answered: '--c-answered', missed: '--c-missed', offline: '--c-offline', blocked: '--c-blocked' } as const;

/** A day as the tables write it: "Mon 3 Nov" / "lun. 3 nov." (the day itself, whatever the browser's zone). */
function dayWriter(lang: string) {
  const f = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
  return (day: string) => f.format(dayToUtc(day));
}

/** Everything the section shows for one period: figures first in tiles, then each chart with its figures. */
export function InsightsReport({ ins, load }: { ins: Insights; load?: LoadCharts }) {
  const t = texts().options.insights;
  const lang = formatLanguage();
  const day = useMemo(() => dayWriter(lang), [lang]);
  const charts = useMemo(() => {
    const volume = stackedVolume(ins.days);
    const speed = speedSeries(ins.days);
    const rating = ratingSeries(ins.days);
    const volumeSpec: ChartSpec = {
      kind: 'stacked-bars',
      x: volume.x,
      lang,
      y: 'count',
      // Top of the stack first: each bar is drawn from 0 and the next (lower) layer over it.
      series: [...volume.layers].reverse().map((l) => ({ label: t.outcomes[l.outcome], values: l.top, colour: OUTCOME_COLOUR[l.outcome] })),
    };
    const speedSpec: ChartSpec = {
      kind: 'lines',
      x: speed.x,
      lang,
      y: 'duration',
      series: [
        { label: t.claimMedian, values: speed.claimMedian, colour: '--c-claim' },
        { label: t.claimP90, values: speed.claimP90, colour: '--c-claim', dash: true },
        { label: t.firstResponseMedian, values: speed.firstResponseMedian, colour: '--c-response' },
        { label: t.firstResponseP90, values: speed.firstResponseP90, colour: '--c-response', dash: true },
      ],
    };
    const ratingSpec: ChartSpec = { kind: 'lines', x: rating.x, lang, y: 'rating', series: [{ label: t.ratingAvgPerDay, values: rating.avg, colour: '--c-rating' }] };
    return { volumeSpec, speedSpec, ratingSpec };
  }, [ins, lang]);

  const tot = ins.totals;
  const f = funnel(tot);
  const ratingCount = sumOf(tot.ratings);
  const lastSpeed = [...ins.days].reverse().find((d) => d.claimMedianMs !== null || d.firstResponseMedianMs !== null);
  const outcomeParts = OUTCOMES.map((o) => `${t.outcomes[o]} ${t.count(tot[o])}`).join(', ');

  return (
    <div class="insights-report">
      <dl class="tiles">
        <div>
          <dt>{t.tiles.chats}</dt>
          <dd>{t.count(tot.chats)}</dd>
        </div>
        <div>
          <dt>{t.tiles.answeredRate}</dt>
          <dd>{t.percent(tot.chats ? tot.answered / tot.chats : null)}</dd>
        </div>
        <div>
          <dt>{t.tiles.missed}</dt>
          <dd>{t.count(tot.missed)}</dd>
        </div>
        <div>
          <dt>{t.tiles.leads}</dt>
          <dd>{t.count(tot.leads)}</dd>
        </div>
        <div>
          <dt>{t.tiles.deals}</dt>
          <dd>{t.count(tot.deals)}</dd>
        </div>
        <div>
          <dt>{t.tiles.rating}</dt>
          <dd>{tot.ratingAvg === null ? '—' : `${t.avg(tot.ratingAvg)} ★`}</dd>
        </div>
      </dl>

      <Block id="insights-volume" title={t.volume}>
        <Legend items={OUTCOMES.map((o) => ({ label: t.outcomes[o], colour: OUTCOME_COLOUR[o] }))} />
        <Chart spec={charts.volumeSpec} summary={t.volumeSummary(tot.chats, ins.days.length, outcomeParts)} load={load} />
        <Figures
          id="insights-volume-figures"
          days={ins.days}
          caption={t.volume}
          head={[t.day, ...OUTCOMES.map((o) => t.outcomes[o]), t.chats]}
          rows={ins.days.map((d) => [day(d.day), ...OUTCOMES.map((o) => t.count(d[o])), t.count(chatsOf(d))])}
        />
      </Block>

      <Block id="insights-speed" title={t.speed} help={t.speedHelp}>
        <Legend
          items={[
            { label: t.claimMedian, colour: '--c-claim' },
            { label: t.claimP90, colour: '--c-claim', dash: true },
            { label: t.firstResponseMedian, colour: '--c-response' },
            { label: t.firstResponseP90, colour: '--c-response', dash: true },
          ]}
        />
        <Chart spec={charts.speedSpec} summary={lastSpeed ? t.speedSummary(formatDuration(lastSpeed.claimMedianMs), formatDuration(lastSpeed.firstResponseMedianMs)) : t.speedNone} load={load} />
        <Figures
          id="insights-speed-figures"
          days={ins.days}
          caption={t.speed}
          head={[t.day, t.claimMedian, t.claimP90, t.firstResponseMedian, t.firstResponseP90]}
          rows={ins.days.map((d) => [day(d.day), formatDuration(d.claimMedianMs), formatDuration(d.claimP90Ms), formatDuration(d.firstResponseMedianMs), formatDuration(d.firstResponseP90Ms)])}
        />
      </Block>

      <Block id="insights-funnel" title={t.funnel}>
        <p class="visually-hidden">{t.funnelSummary(f.chats, f.leads, f.deals, f.offlineLeads)}</p>
        <ol class="funnel">
          {(
            [
              ['chats', f.chats, ''],
              ['leads', f.leads, t.leadRate(f.leadRate)],
              ['deals', f.deals, t.dealRate(f.dealRate)],
            ] as const
          ).map(([step, n, why]) => (
            <li key={step}>
              <span class="step">{t.funnelSteps[step]}</span>
              <span class="bar" style={{ '--share': f.chats ? Math.max(n / f.chats, n ? 0.01 : 0) : 0 }} aria-hidden="true" />
              <span class="figure">
                <strong>{t.count(n)}</strong> {why}
              </span>
            </li>
          ))}
        </ol>
        <p class="offline-leads">{t.offlineLeads(t.count(f.offlineLeads), t.offlineLeadRate(f.offlineLeadRate))}</p>
      </Block>

      <Block id="insights-ratings" title={t.ratings}>
        <div class="ratings">
          <div>
            <h4>{t.distribution}</h4>
            <p class="help">{t.ratingSummary(ratingCount, t.avg(tot.ratingAvg))}</p>
            <ol class="distribution" reversed>
              {[4, 3, 2, 1, 0].map((i) => (
                <li key={i}>
                  <span class="step">{t.stars(i + 1)}</span>
                  <span class="bar" style={{ '--share': ratingShares(tot.ratings)[i] }} aria-hidden="true" />
                  <span class="figure">{t.count(tot.ratings[i]!)}</span>
                </li>
              ))}
            </ol>
          </div>
          <div class="rating-chart">
            <h4>{t.ratingAvgPerDay}</h4>
            {ratingCount === 0 ? (
              <p class="help">{t.noRatings}</p>
            ) : (
              <>
                <Chart spec={charts.ratingSpec} summary={t.ratingSummary(ratingCount, t.avg(tot.ratingAvg))} load={load} />
                <Figures
                  id="insights-ratings-figures"
                  days={ins.days}
                  caption={t.ratingAvgPerDay}
                  head={[t.day, t.avgRating, t.ratingCount]}
                  rows={ins.days.map((d) => [day(d.day), t.avg(d.ratingAvg), t.count(sumOf(d.ratings))])}
                />
              </>
            )}
          </div>
        </div>
      </Block>

      <InsightsAgents agents={ins.agents} />
      <InsightsHeatMap heat={ins.heat} />
    </div>
  );
}
