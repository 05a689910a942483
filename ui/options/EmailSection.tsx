import { useEffect, useState } from 'preact/hooks';
import { checkEmailForm, EMAIL_TOGGLES, emailFieldErrors, formFromView, isDirty, TLS_MODES, testText, withTls, type EmailForm, type TestState } from '../../models/options/email-form';
import type { EmailModel } from '../../models/options/email-model';
import type { OptionsModel } from '../../models/options/options-model';
import { explain } from '../../models/options/room-requests';
import { refusalText } from '../../models/protocol-text';
import type { FieldErrors } from '../../models/options/validation';
import { texts } from '../../models/i18n';
import { Check, Field, Status } from './Field';
import { EmailPassword } from './EmailPassword';
import './email.css';

type Result = { message: string | null; error: string | null };
const none: Result = { message: null, error: null };

/** The open connection's Email model, for admins only; loaded once per connection and again after a reconnect's welcome. */
function useEmailModel(model: OptionsModel, onError: (message: string) => void): EmailModel | null {
  const email = model.isAdmin.value ? model.email.value : null;
  useEffect(() => {
    if (!email) return;
    const load = () => void email.load().catch((e: unknown) => onError(explain(e, '').message));
    load();
    return email.client.onFrame((f) => {
      if (f.type === 'welcome') load();
    });
  }, [email]);
  return email;
}

/**
 * `Email` (admins): the SMTP server (the password write-only), the sender and reply domain, which emails go out
 * and after how long, the inbound webhook URL to paste into the provider, Save, and `Send test email` (which uses
 * the saved settings and sends to the admin's own address).
 */
export function EmailSection({ model }: { model: OptionsModel }) {
  const strings = texts().options;
  const t = strings.email;
  const [result, setResult] = useState<Result>(none);
  const email = useEmailModel(model, (error) => setResult({ message: null, error }));
  const settings = email?.settings.value ?? null;
  const [form, setForm] = useState<EmailForm>(formFromView(null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);
  // A save (ours or another admin's) comes back as the room's settings: the password field starts empty again.
  useEffect(() => setForm(formFromView(settings)), [settings]);

  if (!email) {
    return (
      <section id="email" aria-labelledby="email-heading">
        <h2 id="email-heading">{strings.sections.email}</h2>
        <p class="notice">{t.adminsOnly}</p>
      </section>
    );
  }

  const change = (patch: Partial<EmailForm>) => setForm((f) => ({ ...f, ...patch }));
  const myAddress = model.me.value?.email ?? '';

  const save = async (e: Event) => {
    e.preventDefault();
    const checked = checkEmailForm(form);
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return setResult({ message: null, error: t.fixErrors });
    setBusy(true);
    setResult(none);
    const out = await model.run(() => email.save(checked.value), '');
    setBusy(false);
    if (out.ok) return setResult({ message: t.saved, error: null });
    setErrors(emailFieldErrors(out.fields));
    setResult({ message: null, error: out.message });
  };

  const runTest = async () => {
    setResult(none);
    if (isDirty(form, settings)) return setResult({ message: null, error: t.testUnsaved });
    if (!settings?.host) return setResult({ message: null, error: t.testOff });
    setBusy(true);
    setTest({ kind: 'sending' });
    try {
      const out = await email.test();
      setTest(out.ok ? { kind: 'ok', message: out.message } : { kind: 'failed', message: out.message });
    } catch (err) {
      setTest({ kind: 'failed', message: refusalText(err) });
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(settings?.inboundUrl ?? '');
      setResult({ message: t.copied, error: null });
    } catch {
      setResult({ message: null, error: t.copyFailed });
    }
  };

  const testLine = testText(test);
  return (
    <section id="email" aria-labelledby="email-heading">
      <h2 id="email-heading">{strings.sections.email}</h2>
      <p class="help">{t.intro}</p>
      {settings && !settings.host && <p class="notice email-off">{t.off}</p>}
      <form class="email-form" onSubmit={save} aria-labelledby="email-heading" noValidate>
        <fieldset>
          <legend>{t.server}</legend>
          <div class="grid">
            <Field label={t.host} help={t.hostHelp} error={errors['host']}>
              {(a) => <input {...a} value={form.host} autocomplete="off" spellcheck={false} placeholder="smtp.example.com" onInput={(e) => change({ host: e.currentTarget.value })} />}
            </Field>
            <Field label={t.port} error={errors['port']} class="narrow">
              {(a) => <input {...a} inputMode="numeric" value={form.port} autocomplete="off" onInput={(e) => change({ port: e.currentTarget.value })} />}
            </Field>
          </div>
          <fieldset class="email-tls">
            <legend>{t.tls}</legend>
            {TLS_MODES.map((mode) => (
              <label key={mode} class="check">
                <input type="radio" name="email-tls" value={mode} checked={form.tls === mode} onChange={() => setForm((f) => withTls(f, mode))} />
                <span>{t.tlsModes[mode]}</span>
              </label>
            ))}
          </fieldset>
          <div class="grid">
            <Field label={t.user} error={errors['user']}>
              {(a) => <input {...a} value={form.user} autocomplete="off" spellcheck={false} onInput={(e) => change({ user: e.currentTarget.value })} />}
            </Field>
            <EmailPassword form={form} error={errors['password']} onChange={change} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.sender}</legend>
          <div class="grid">
            <Field label={t.fromAddress} help={t.fromAddressHelp} error={errors['fromAddress']}>
              {(a) => <input {...a} type="email" value={form.fromAddress} autocomplete="off" spellcheck={false} onInput={(e) => change({ fromAddress: e.currentTarget.value })} />}
            </Field>
            <Field label={t.fromName} help={t.fromNameHelp} error={errors['fromName']}>
              {(a) => <input {...a} value={form.fromName} autocomplete="off" onInput={(e) => change({ fromName: e.currentTarget.value })} />}
            </Field>
            <Field label={t.replyDomain} help={t.replyDomainHelp} error={errors['replyDomain']}>
              {(a) => <input {...a} value={form.replyDomain} autocomplete="off" spellcheck={false} placeholder="reply.example.com" onInput={(e) => change({ replyDomain: e.currentTarget.value })} />}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.sending}</legend>
          <Field label={t.delay} help={t.delayHelp} error={errors['delayMinutes']} class="narrow">
            {(a) => <input {...a} inputMode="numeric" value={form.delayMinutes} autocomplete="off" onInput={(e) => change({ delayMinutes: e.currentTarget.value })} />}
          </Field>
          {EMAIL_TOGGLES.map((key) => (
            <Check key={key} switch label={t[key]} checked={form[key]} onChange={(on) => change({ [key]: on })} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t.inbound}</legend>
          {settings?.inboundUrl ? (
            <Field label={t.inboundUrl} help={t.inboundHelp} after={<button type="button" onClick={() => void copy()}>{t.copy}</button>}>
              {(a) => <input {...a} class="code" readOnly value={settings.inboundUrl ?? ''} onFocus={(e) => e.currentTarget.select()} />}
            </Field>
          ) : (
            <p class="help">{t.inboundNone}</p>
          )}
        </fieldset>
        <div class="save-bar">
          <button type="button" onClick={() => void runTest()} disabled={busy} aria-describedby="email-test-help">
            {test.kind === 'sending' ? t.testing : t.test}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {t.save}
          </button>
        </div>
        <p class="help" id="email-test-help">
          {myAddress ? t.testHelp(myAddress) : t.testHelpNoEmail}
        </p>
        <p class={`test-result ${test.kind === 'ok' ? 'good' : test.kind === 'failed' ? 'bad' : ''}`} role="status" data-state={test.kind}>
          {testLine ?? ''}
        </p>
        <Status message={result.message} error={result.error} />
      </form>
    </section>
  );
}
