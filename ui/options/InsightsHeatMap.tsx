import { texts } from '../../models/i18n';
import { busiest, heatLevels } from '../../models/options/insights';
import { Block } from './InsightFigure';

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/**
 * The busiest hours: a table of weekdays × hours (the workspace's zone) whose cells are shaded by how many
 * conversations started then; each cell holds its count for screen readers and names it in its title.
 */
export function InsightsHeatMap({ heat: cells }: { heat: readonly (readonly number[])[] }) {
  const t = texts().options.insights;
  const heat = heatLevels(cells);
  const top = busiest(cells, 3)
    .map((c) => t.heatCell(t.weekdays[c.weekday]!, hourLabel(c.hour), c.count))
    .join(t.separator);
  return (
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
                  <span class="visually-hidden">{hourLabel(h)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cells.map((row, wd) => (
              <tr key={wd}>
                <th scope="row">
                  <abbr title={t.weekdays[wd]}>{t.weekdaysShort[wd]}</abbr>
                </th>
                {row.map((n, h) => (
                  <td key={h} class={`l${heat.levels[wd]![h]}`} title={t.heatCell(t.weekdays[wd]!, hourLabel(h), n)}>
                    <span class="visually-hidden">{t.count(n)}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Block>
  );
}
