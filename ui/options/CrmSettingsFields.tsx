import { useState } from 'preact/hooks';
import { newSecret, type CrmForm } from '../../models/options/crm-form';
import { Field } from './Field';
import { texts } from '../../models/i18n';
import type { FieldErrors } from '../../models/options/validation';

type Props = { form: CrmForm; errors: FieldErrors; onChange: (patch: Partial<CrmForm>) => void };

/**
 * The fields of the chosen CRM. Secrets are write-only: the field is empty even when one is stored
 * (the room never sends it), and a note says one is saved.
 */
export function CrmSettingsFields({ form, errors, onChange }: Props) {
  const t = texts().options.crm;
  const [reveal, setReveal] = useState(false);
  if (form.kind === 'pipedrive') {
    return (
      <div class="grid">
        <Field label={t.domain} help={t.domainHelp} error={errors['domain']}>
          {(a) => <input {...a} value={form.domain} autocomplete="off" spellcheck={false} onInput={(e) => onChange({ domain: e.currentTarget.value })} />}
        </Field>
        <Field label={t.apiToken} help={t.apiTokenHelp} error={errors['apiToken']} after={form.tokenSet && <p class="secret-saved">{t.tokenSaved}</p>}>
          {(a) => <input {...a} type="password" value={form.apiToken} autocomplete="off" onInput={(e) => onChange({ apiToken: e.currentTarget.value })} />}
        </Field>
      </div>
    );
  }
  if (form.kind === 'webhook') {
    return (
      <>
        <div class="grid">
          <Field label={t.webhookUrl} error={errors['url']}>
            {(a) => <input {...a} type="url" value={form.url} placeholder="https://crm.example.com/baton" onInput={(e) => onChange({ url: e.currentTarget.value })} />}
          </Field>
          <Field
            label={t.secret}
            help={t.secretHelp}
            error={errors['secret']}
            after={
              <>
                {form.secretSet && <p class="secret-saved">{t.secretSaved}</p>}
                <button
                  type="button"
                  class="link"
                  onClick={() => {
                    // Shown once in clear so the admin can copy it into the receiving side.
                    setReveal(true);
                    onChange({ secret: newSecret() });
                  }}
                >
                  {t.generate}
                </button>
              </>
            }
          >
            {(a) => <input {...a} class="code" type={reveal ? 'text' : 'password'} value={form.secret} autocomplete="off" onInput={(e) => onChange({ secret: e.currentTarget.value })} />}
          </Field>
        </div>
        <p class="help webhook-verify">{t.verify}</p>
      </>
    );
  }
  return null;
}
