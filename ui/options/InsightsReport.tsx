import { useMemo } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Insights } from '../../protocol';
import { formatLanguage, texts } from '../../models/i18n';
import { busiest, chatsOf, dayToUtc, formatDuration, funnel, heatLevels, OUTCOMES, ratingSeries, ratingShares, speedSeries, stackedVolume, sumOf } from '../../models/options/insights';
import { Chart, type LoadCharts } from './InsightsChart';
import type { ChartSpec } from './insights-charts';

const OUTCOME_COLOUR = { answered: '--c-answered', missed: '--c-missed', offline: '--c-offline', blocked: '--c-blocked' } as const;

/** A day as the tables write it: "Mon 3 Nov" / "lun. 3 nov." (the day itself, whatever the browser's zone). */
function dayWriter(lang: string) {
  const f = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
  return (day: string) => f.format(dayToUtc(day));
}

/** A chart's figures, for everyone (sighted users open it too): a real table with headers. */
function Figures({ id, caption, head, rows, days }: { id: string; caption: string; head: string[]; rows: (string | number)[][]; days: readonly { day: string }[] }) {
  const t = texts().options.insights;
  return (
    <details class="figures">
      <summary>{t.figures}</summary>
      <table class="agents figures-table" id={id}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={days[i]!.day} data-day={days[i]!.day}>
              {r.map((cell, k) => (k === 0 ? <th key={k} scope="row">{cell}</th> : <td key={k}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Block({ id, title, help, children }: { id: string; title: string; help?: string; children: ComponentChildren }) {
  return (
    <figure class="insight" aria-labelledby={`${id}-title`} id={id}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        {help ? <p class="help">{help}</p> : null}
      </figcaption>
      {children}
    </figure>
  );
}

function Legend({ items }: { items: { label: string; colour: string; dash?: boolean }[] }) {
  return (
    <ul class="legend" aria-hidden="true">
      {items.map((i) => (
        <li key={i.label}>
          <span class={`swatch${i.dash ? ' dash' : ''}`} style={{ '--swatch': `var(${i.colour})` }} />
          {i.label}
        </li>
      ))}
    </ul>
  );
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
  const top = busiest(ins.heat, 3)
    .map((c) => t.heatCell(t.weekdays[c.weekday]!, `${String(c.hour).padStart(2, '0')}:00`, c.count))
    .join(t.separator);
  const heat = heatLevels(ins.heat);
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

      <Block id="insights-agents" title={t.agents}>
        {ins.agents.length === 0 ? (
          <p class="help">{t.noAgents}</p>
        ) : (
          <div class="scroll">
            <table class="agents per-agent">
              <caption class="visually-hidden">{t.agents}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.agent}</th>
                  <th scope="col">{t.chats}</th>
                  <th scope="col">{t.firstResponse}</th>
                  <th scope="col">{t.avgRating}</th>
                  <th scope="col">{t.ratingCount}</th>
                  <th scope="col">{t.leads}</th>
                  <th scope="col">{t.deals}</th>
                </tr>
              </thead>
              <tbody>
                {[...ins.agents]
                  .sort((a, b) => b.chats - a.chats || a.name.localeCompare(b.name))
                  .map((a) => (
                    <tr key={a.id}>
                      <th scope="row">{a.name}</th>
                      <td>{t.count(a.chats)}</td>
                      <td>{formatDuration(a.firstResponseMedianMs)}</td>
                      <td>{t.avg(a.ratingAvg)}</td>
                      <td>{t.count(sumOf(a.ratings))}</td>
                      <td>{t.count(a.leads)}</td>
                      <td>{t.count(a.deals)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </Block>

      <Block id="insights-heat" title={t.heat} help={t.heatHelp}>
        <p class="help">{t.heatSummary(top)}</p>
        <div class="scroll">
          <table class="heat">
            <caption class="visually-hidden">{t.heat}</caption>
            <thead>
              <tr>
                <td />
                {Array.from({ length: 24 }, (_, h) => (
                  <th key={h} scope="col">
                    <span aria-hidden="true">{h % 3 === 0 ? h : ''}</span>
                    <span class="visually-hidden">{`${String(h).padStart(2, '0')}:00`}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ins.heat.map((row, wd) => (
                <tr key={wd}>
                  <th scope="row">
                    <abbr title={t.weekdays[wd]}>{t.weekdaysShort[wd]}</abbr>
                  </th>
                  {row.map((n, h) => (
                    <td key={h} class={`l${heat.levels[wd]![h]}`} title={t.heatCell(t.weekdays[wd]!, `${String(h).padStart(2, '0')}:00`, n)}>
                      <span class="visually-hidden">{t.count(n)}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Block>
    </div>
  );
}
