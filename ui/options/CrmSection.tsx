import { useEffect, useState } from 'preact/hooks';
import { checkCrmForm, CRM_KINDS, crmFieldErrors, formFromView, type CrmForm } from '../../models/options/crm-form';
import { CrmSettingsFields } from './CrmSettingsFields';
import { Status } from './Field';
import type { OptionsModel } from '../../models/options/options-model';
import { explain } from '../../models/options/room-requests';
import { texts } from '../../models/i18n';
import { useCrmLoad, useCrmModel } from './use-crm-model';
import type { FieldErrors } from '../../models/options/validation';
import './crm.css';

type Result = { message: string | null; error: string | null };
const none: Result = { message: null, error: null };

/** Admins choose where leads and deals go: the built-in store, Pipedrive, or a signed webhook. */
export function CrmSection({ model }: { model: OptionsModel }) {
  const strings = texts().options;
  const t = strings.crm;
  const crm = useCrmModel(model);
  const [form, setForm] = useState<CrmForm>(formFromView(null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<Result>(none);
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const settings = crm?.settings.value ?? null;

  useCrmLoad(crm, (c) => void c.loadSettings().catch((e) => setResult({ message: null, error: explain(e, '').message })));
  // A save (ours or another admin's) comes back as redacted settings: the secret fields start empty again.
  useEffect(() => setForm(formFromView(settings)), [settings]);

  if (!crm) {
    return (
      <section id="crm" aria-labelledby="crm-heading">
        <h2 id="crm-heading">{strings.sections.crm}</h2>
        <p class="notice">{t.adminsOnly}</p>
      </section>
    );
  }

  const change = (patch: Partial<CrmForm>) => {
    setForm({ ...form, ...patch });
    setTest(null);
  };

  const runTest = async () => {
    const checked = checkCrmForm(form, false);
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return setResult({ message: null, error: t.fixErrors });
    setBusy('test');
    setResult(none);
    const out = await model.run(() => crm.test(checked.value), '');
    setBusy(null);
    if (!out.ok) return setResult({ message: null, error: out.message });
    setTest({ ok: out.value.ok, text: out.value.ok ? t.testOk(out.value.message) : t.testFailed(out.value.message) });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const checked = checkCrmForm(form, true);
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return setResult({ message: null, error: t.fixErrors });
    setBusy('save');
    setResult(none);
    const out = await model.run(() => crm.save(checked.value), '');
    setBusy(null);
    if (out.ok) return setResult({ message: t.saved, error: null });
    setErrors(crmFieldErrors(out.fields));
    setResult({ message: null, error: out.message });
  };

  return (
    <section id="crm" aria-labelledby="crm-heading">
      <h2 id="crm-heading">{strings.sections.crm}</h2>
      {settings && (
        <p class="help current-crm">
          {settings.kind === 'builtin' ? t.current.builtin : settings.kind === 'pipedrive' ? t.current.pipedrive(settings.domain) : t.current.webhook(settings.url)}
        </p>
      )}
      <form class="crm-form" onSubmit={save} aria-labelledby="crm-heading" noValidate>
        <fieldset class="crm-kinds">
          <legend>{t.target}</legend>
          {CRM_KINDS.map((kind) => (
            <label key={kind} class="check">
              <input type="radio" name="crm-kind" value={kind} checked={form.kind === kind} onChange={() => change({ kind })} />
              <span>
                <strong>{t.kinds[kind]}</strong> <span class="help">{t.kindHelp[kind]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <CrmSettingsFields form={form} errors={errors} onChange={change} />
        <div class="save-bar">
          {form.kind !== 'builtin' && (
            <button type="button" onClick={() => void runTest()} disabled={busy !== null}>
              {busy === 'test' ? t.testing : t.test}
            </button>
          )}
          <button type="submit" class="primary" disabled={busy !== null}>
            {t.save}
          </button>
        </div>
        {test && (
          <p class={`test-result ${test.ok ? 'good' : 'bad'}`} role="status" data-ok={String(test.ok)}>
            {test.text}
          </p>
        )}
        <Status message={result.message} error={result.error} />
      </form>
    </section>
  );
}
