import { Boundary } from '../../widget/ui/Boundary';
import { AgentsSection } from './AgentsSection';
import { ConnectSection } from './ConnectSection';
import { CrmSection } from './CrmSection';
import { EmailSection } from './EmailSection';
import { InstallationSection } from './InstallationSection';
import { NotificationsSection } from './NotificationsSection';
import type { OptionsModel } from '../../models/options/options-model';
import { PlaybooksSection } from './PlaybooksSection';
import { RecordsSection } from './RecordsSection';
import { SavedRepliesSection } from './SavedRepliesSection';
import { HoursSection } from './HoursSection';
import { TeamsSection } from './TeamsSection';
import { IdentitySection } from './IdentitySection';
import { VisitorsSection } from './VisitorsSection';
import { HealthSection } from './HealthSection';
import { InsightsSection } from './InsightsSection';
import { DataSection } from './DataSection';
import { texts } from '../../models/i18n';

const SECTIONS = [PlaybooksSection, InstallationSection, SavedRepliesSection, AgentsSection, TeamsSection, HoursSection, IdentitySection, VisitorsSection, DataSection, CrmSection, RecordsSection, EmailSection, InsightsSection, NotificationsSection, HealthSection];

/** The options page: Connect first; the other sections once the workspace room has welcomed us. */
export function App({ model }: { model: OptionsModel }) {
  const t = texts().options;
  const ready = model.client.value?.me.value != null;
  const sections = ['connect', 'playbooks', 'installation', 'replies', 'agents', 'teams', 'hours', 'identity', 'visitors', 'data', 'crm', 'records', 'email', 'insights', 'notifications', 'health'] as const;
  return (
    <>
      <header>
        <h1>{t.title}</h1>
        <nav aria-label={t.title}>
          <ul>
            {sections.map((s) => (
              <li key={s}>{ready || s === 'connect' ? <a href={`#${s}`}>{t.sections[s]}</a> : <span aria-disabled="true">{t.sections[s]}</span>}</li>
            ))}
          </ul>
        </nav>
      </header>
      <main>
        <Boundary tag="section" text={t.errors.broken}>
          <ConnectSection model={model} />
        </Boundary>
        {ready &&
          SECTIONS.map((Section, i) => (
            // One section that throws (a bad record, a bad playbook) is a short line; the rest of the page stays.
            <Boundary key={i} tag="section" text={t.errors.broken}>
              <Section model={model} />
            </Boundary>
          ))}
      </main>
    </>
  );
}
