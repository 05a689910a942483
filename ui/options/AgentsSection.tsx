import { useState } from 'preact/hooks';
import { AddAgentForm } from './AddAgentForm';
import { AgentRow } from './AgentRow';
import { Status } from './Field';
import type { OptionsModel } from '../../models/options/options-model';
import { texts } from '../../models/i18n';

/** Admins only: the team, with role and permission changes, revocation, and adding agents. */
export function AgentsSection({ model }: { model: OptionsModel }) {
  const t = texts().options;
  const [error, setError] = useState<string | null>(null);
  const client = model.client.value;
  if (!model.isAdmin.value || !client) {
    return (
      <section id="agents" aria-labelledby="agents-heading">
        <h2 id="agents-heading">{t.sections.agents}</h2>
        <p class="notice">{t.agents.adminsOnly}</p>
      </section>
    );
  }
  const me = model.me.value;
  return (
    <section id="agents" aria-labelledby="agents-heading">
      <h2 id="agents-heading">{t.sections.agents}</h2>
      <table class="agents">
        <thead>
          <tr>
            <th scope="col">{t.agents.name}</th>
            <th scope="col">{t.agents.role}</th>
            <th scope="col">{t.agents.manageLiveChat}</th>
            <th scope="col">
              <span class="visually-hidden">{t.agents.revoke}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {client.agents.value.map((a) => (
            <AgentRow key={a.id} agent={a} isMe={a.id === me?.id} model={model} onError={setError} />
          ))}
        </tbody>
      </table>
      <Status error={error} />
      <AddAgentForm model={model} />
    </section>
  );
}
