import { useEffect, useState } from 'preact/hooks';
import { MAX_CHATS } from '../../protocol';
import { parseMaxChats } from '../../models/options/teams';
import { AddAgentForm } from './AddAgentForm';
import { InvitesPanel } from './InvitesPanel';
import { AgentRow } from './AgentRow';
import { Field, Status } from './Field';
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
      <DefaultMaxChats model={model} />
      <table class="agents">
        <thead>
          <tr>
            <th scope="col">{t.agents.name}</th>
            <th scope="col">{t.agents.role}</th>
            <th scope="col">{t.agents.manageLiveChat}</th>
            <th scope="col">{t.agents.maxChats}</th>
            <th scope="col">
              <span class="visually-hidden">{t.agents.revoke}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {client.agents.value.map((a) => (
            <AgentRow key={`${a.id}:${a.maxChats ?? ''}`} agent={a} isMe={a.id === me?.id} defaultMaxChats={model.routing.value?.defaultMaxChats ?? MAX_CHATS.default} model={model} onError={setError} />
          ))}
        </tbody>
      </table>
      <Status error={error} />
      <AddAgentForm model={model} />
      <InvitesPanel model={model} />
    </section>
  );
}

/** The workspace's Max chats (agents without their own number), saved with `routing-save`. */
function DefaultMaxChats({ model }: { model: OptionsModel }) {
  const t = texts().options.agents;
  const stored = model.routing.value?.defaultMaxChats ?? MAX_CHATS.default;
  const [text, setText] = useState(String(stored));
  // Another admin's change (or ours, echoed) shows at once.
  useEffect(() => setText(String(stored)), [stored]);
  const [error, setError] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<{ message: string | null; error: string | null }>({ message: null, error: null });

  const submit = async (e: Event) => {
    e.preventDefault();
    const parsed = parseMaxChats(text, 'refused');
    if (!parsed.ok || parsed.value === null) return setError(parsed.ok ? undefined : parsed.error);
    setError(undefined);
    const value = parsed.value;
    const out = await model.run((c) => c.request({ type: 'routing-save', defaultMaxChats: value }), '');
    if (!out.ok) setError(out.fields['defaultMaxChats']);
    setResult(out.ok ? { message: t.defaultSaved, error: null } : { message: null, error: out.message });
  };

  return (
    <form class="default-max" onSubmit={submit} noValidate>
      <Field label={t.defaultMaxChats} help={t.defaultMaxHelp(MAX_CHATS.min, MAX_CHATS.max)} error={error}>
        {(a) => (
          <div class="inline">
            <input {...a} type="number" inputMode="numeric" min={MAX_CHATS.min} max={MAX_CHATS.max} step={1} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            <button type="submit" disabled={text.trim() === String(stored)}>
              {t.saveDefault}
            </button>
          </div>
        )}
      </Field>
      <Status message={result.message} error={result.error} />
    </form>
  );
}
