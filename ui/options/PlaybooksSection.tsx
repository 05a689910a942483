import { useState } from 'preact/hooks';
import { Field, Status } from './Field';
import type { OptionsModel } from '../../models/options/options-model';
import { PlaybookEditor } from './PlaybookEditor';
import { texts } from '../../models/i18n';

/** The playbook list, "New playbook" (blank or from the live chat template), and the open playbook's editor. */
export function PlaybooksSection({ model }: { model: OptionsModel }) {
  const t = texts().options;
  const p = t.playbooks;
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const draft = model.draft.value;
  const canEdit = model.canEdit.value;

  const create = async (template: 'blank' | 'live-chat') => {
    const chosen = name.trim() || (template === 'live-chat' ? t.editor.cardTypes['live-chat'] : p.newPlaybook);
    setBusy(true);
    setError(null);
    const out = await model.run(() => model.createPlaybook(chosen, template));
    setBusy(false);
    if (!out.ok) return setError(out.message);
    setCreating(false);
    setName('');
    document.getElementById('editor-heading')?.focus();
  };

  return (
    <section id="playbooks" aria-labelledby="playbooks-heading">
      <h2 id="playbooks-heading">{t.sections.playbooks}</h2>
      {!canEdit && <p class="notice">{p.readOnly}</p>}
      {model.playbooks.value.length === 0 ? (
        <p class="help">{p.empty}</p>
      ) : (
        <ul class="playbook-list">
          {model.playbooks.value.map((pb) => (
            <li key={pb.id}>
              <button type="button" class="link" aria-current={draft?.id === pb.id ? 'true' : undefined} onClick={() => model.open(draft?.id === pb.id ? null : pb.id)}>
                {pb.name}
              </button>
              <span class="help"> · {p.cards(pb.cards.length)}</span>
            </li>
          ))}
        </ul>
      )}
      {canEdit &&
        (creating ? (
          <div class="new-playbook" role="group" aria-label={p.newPlaybook}>
            <Field label={p.name}>
              {(a) => <input {...a} value={name} autoFocus onInput={(e) => setName(e.currentTarget.value)} />}
            </Field>
            <div class="row">
              <button type="button" class="primary" disabled={busy} onClick={() => create('live-chat')}>
                {p.useTemplate}
              </button>
              <button type="button" disabled={busy} onClick={() => create('blank')}>
                {p.createBlank}
              </button>
              <button type="button" onClick={() => setCreating(false)}>
                {p.cancel}
              </button>
            </div>
            <Status error={error} />
          </div>
        ) : (
          <button type="button" onClick={() => setCreating(true)}>
            {p.newPlaybook}
          </button>
        ))}
      {draft && <PlaybookEditor key={draft.id} model={model} draft={draft} />}
    </section>
  );
}
