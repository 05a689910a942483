import { InstallCard } from './InstallCard';
import type { OptionsModel } from '../../models/options/options-model';
import { texts } from '../../models/i18n';

/** Per playbook: allowed sites, installed or not, and the snippet to paste. */
export function InstallationSection({ model }: { model: OptionsModel }) {
  const t = texts().options;
  const connection = model.connection.value;
  return (
    <section id="installation" aria-labelledby="installation-heading">
      <h2 id="installation-heading">{t.sections.installation}</h2>
      {model.playbooks.value.length === 0 && <p class="help">{t.playbooks.empty}</p>}
      {connection &&
        model.playbooks.value.map((pb) => <InstallCard key={pb.id} model={model} playbook={pb} server={connection.server} workspace={connection.workspace} />)}
    </section>
  );
}
