import { useState } from 'preact/hooks';
import { Role } from '../../protocol';
import { checkAgentForm, emptyAgentForm, type AgentFormValue } from '../../models/options/agent-form';
import { Check, Field, Status } from './Field';
import type { OptionsModel } from '../../models/options/options-model';
import { texts } from '../../models/i18n';
import type { FieldErrors } from '../../models/options/validation';

/**
 * Invites an agent (a one-time link that connects their extension: the usual way), or adds one and shows its
 * credential once (for an agent who connects by hand). The server keeps only hashes of either.
 */
export function AddAgentForm({ model }: { model: OptionsModel }) {
  const t = texts().options.agents;
  const o = texts().options.onboarding;
  const [form, setForm] = useState<AgentFormValue>(emptyAgentForm());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; credential: string } | null>(null);
  const set = (patch: Partial<AgentFormValue>) => setForm({ ...form, ...patch });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const checked = checkAgentForm(form);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    if ((e.submitter as HTMLElement | null)?.dataset['action'] !== 'add') {
      const admin = model.onboarding.peek();
      const out = await model.run(() => (admin ? admin.invite(form) : Promise.reject(new Error('Not connected'))), '');
      if (!out.ok) {
        setErrors(out.fields);
        return setError(out.message);
      }
      setError(null);
      setCreated(null);
      return setForm(emptyAgentForm());
    }
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
    <form class="add-agent" onSubmit={(e) => void submit(e as unknown as SubmitEvent)} aria-label={t.addAgent} noValidate>
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
      <p class="help">{o.inviteIntro}</p>
      <div class="row">
        <button type="submit" class="primary" data-action="invite">
          {o.invite}
        </button>
        <button type="submit" data-action="add">
          {t.addAgent}
        </button>
      </div>
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
