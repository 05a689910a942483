import type { InsightsAgent } from '../../protocol';
import { texts } from '../../models/i18n';
import { formatDuration, sumOf } from '../../models/options/insights';
import { Block } from './InsightFigure';

/** The per-agent table: who handled most chats first; median first response, ratings, leads and deals. */
export function InsightsAgents({ agents }: { agents: readonly InsightsAgent[] }) {
  const t = texts().options.insights;
  return (
    <Block id="insights-agents" title={t.agents}>
      {agents.length === 0 ? (
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
              {[...agents]
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
  );
}
