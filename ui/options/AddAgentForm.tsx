import { useState } from 'preact/hooks';
import { Role } from '../../protocol';
import { checkAgentForm, emptyAgentForm, type AgentFormValue } from '../../models/options/agent-form';
import { Check, Field, Status } from './Field';
import type { OptionsModel } from '../../models/options/options-model';
import { texts } from '../../models/i18n';
import type { FieldErrors } from '../../models/options/validation';

/** Adds an agent and shows its credential once: the server keeps only a hash. */
export function AddAgentForm({ model }: { model: OptionsModel }) {
  const t = texts().options.agents;
  const [form, setForm] = useState<AgentFormValue>(emptyAgentForm());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; credential: string } | null>(null);
  const set = (patch: Partial<AgentFormValue>) => setForm({ ...form, ...patch });

  const submit = async (e: Event) => {
    e.preventDefault();
    const checked = checkAgentForm(form);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const { type: _t, ...fields } = checked.value;
    const out = await model.run((c) => c.request({ type: 'agent-create', ...fields }), '');
    if (!out.ok) {
      setErrors(out.fields);
      return setError(out.message);
    }
    setError(null);
    setCreated({ name: out.value.agent.name, credential: out.value.credential });
    setForm(emptyAgentForm());
  };

  return (
    <form class="add-agent" onSubmit={submit} aria-label={t.addAgent} noValidate>
      <h3>{t.addAgent}</h3>
      <div class="grid">
        <Field label={t.name} error={errors['name']}>
          {(a) => <input {...a} value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
        </Field>
        <Field label={t.email} error={errors['email']}>
          {(a) => <input {...a} type="email" value={form.email} onInput={(e) => set({ email: e.currentTarget.value })} />}
        </Field>
        <Field label={t.role} error={errors['role']}>
          {(a) => (
            <select {...a} value={form.role} onChange={(e) => set({ role: e.currentTarget.value as AgentFormValue['role'] })}>
              {Role.options.map((r) => (
                <option key={r} value={r}>
                  {t.roles[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Check label={t.manageLiveChat} checked={form.manageLiveChat || form.role === 'admin'} disabled={form.role === 'admin'} onChange={(on) => set({ manageLiveChat: on })} />
      <button type="submit" class="primary">
        {t.addAgent}
      </button>
      <Status error={error} />
      {created && (
        <div class="credential" role="alert">
          <p>{t.credentialOnce(created.name)}</p>
          <input aria-label={t.copyCredential} class="code" readOnly value={created.credential} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void navigator.clipboard.writeText(created.credential).catch(() => undefined)}>
            {t.copyCredential}
          </button>
          <button type="button" onClick={() => setCreated(null)}>
            {t.done}
          </button>
        </div>
      )}
    </form>
  );
}
