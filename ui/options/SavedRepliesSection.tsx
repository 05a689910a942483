import { useState } from 'preact/hooks';
import type { SavedReply } from '../../protocol';
import { Field, Status } from './Field';
import type { OptionsModel } from '../../models/options/options-model';
import { emptyReplyForm, replyForm, type ReplyFormValue } from '../../models/options/reply-form';
import { texts } from '../../models/i18n';
import type { FieldErrors } from '../../models/options/validation';

/** The workspace's saved replies: everyone reads them; admins and "manage live chat" agents add, edit and delete. */
export function SavedRepliesSection({ model }: { model: OptionsModel }) {
  const t = texts().options;
  const r = t.replies;
  const canEdit = model.canEdit.value;
  const replies = model.replies.value;
  const [form, setForm] = useState<ReplyFormValue | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [result, setResult] = useState<{ message: string | null; error: string | null }>({ message: null, error: null });

  const remove = async (reply: SavedReply) => {
    setConfirming(null);
    const out = await model.deleteReply(reply.id);
    setResult(out.ok ? { message: r.deleted(reply.shortcut), error: null } : { message: null, error: out.message });
  };

  return (
    <section id="replies" aria-labelledby="replies-heading">
      <h2 id="replies-heading">{t.sections.replies}</h2>
      <p class="help">{r.intro}</p>
      {!canEdit && <p class="notice">{r.readOnly}</p>}
      {replies.length === 0 ? (
        <p class="help">{r.empty}</p>
      ) : (
        <ul class="reply-list">
          {replies.map((reply) => (
            <li key={reply.id} data-reply={reply.shortcut}>
              <code>/{reply.shortcut}</code>
              <p class="reply-text">{reply.text}</p>
              {canEdit &&
                (confirming === reply.id ? (
                  <div class="confirm" role="alertdialog" aria-label={r.confirmDelete(reply.shortcut)}>
                    <p>{r.confirmDelete(reply.shortcut)}</p>
                    <button type="button" class="danger" onClick={() => void remove(reply)}>
                      {r.delete}
                    </button>
                    <button type="button" autoFocus onClick={() => setConfirming(null)}>
                      {r.cancel}
                    </button>
                  </div>
                ) : (
                  <div class="row">
                    <button type="button" onClick={() => setForm(replyForm(reply))}>
                      {r.edit}
                      <span class="visually-hidden"> /{reply.shortcut}</span>
                    </button>
                    <button type="button" class="danger" onClick={() => setConfirming(reply.id)}>
                      {r.delete}
                      <span class="visually-hidden"> /{reply.shortcut}</span>
                    </button>
                  </div>
                ))}
            </li>
          ))}
        </ul>
      )}
      {canEdit &&
        (form ? (
          <ReplyForm
            key={form.id ?? 'new'}
            model={model}
            initial={form}
            onDone={(message) => {
              setForm(null);
              setResult({ message, error: null });
            }}
            onCancel={() => setForm(null)}
          />
        ) : (
          <button type="button" onClick={() => (setForm(emptyReplyForm()), setResult({ message: null, error: null }))}>
            {r.add}
          </button>
        ))}
      <Status message={result.message} error={result.error} />
    </section>
  );
}

/** Shortcut and Text, each with its problem right under it (the protocol's schema, then the room's answer). */
function ReplyForm({ model, initial, onDone, onCancel }: { model: OptionsModel; initial: ReplyFormValue; onDone: (message: string) => void; onCancel: () => void }) {
  const r = texts().options.replies;
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = initial.id ? r.editHeading(initial.shortcut) : r.add;

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const out = await model.saveReply(form);
    setBusy(false);
    if (!out.ok) {
      setErrors(out.fields);
      return setError(out.message || null);
    }
    const shortcut = model.replies.peek().find((x) => x.id === out.id)?.shortcut ?? form.shortcut.trim().toLowerCase();
    onDone(initial.id ? r.saved(shortcut) : r.added(shortcut));
  };

  return (
    <form class="reply-form" onSubmit={submit} aria-label={heading} noValidate>
      <h3>{heading}</h3>
      <Field label={r.shortcut} help={r.shortcutHelp} error={errors['shortcut']}>
        {(a) => <input {...a} value={form.shortcut} autoFocus autocomplete="off" spellcheck={false} onInput={(e) => setForm({ ...form, shortcut: e.currentTarget.value })} />}
      </Field>
      <Field label={r.text} error={errors['text']}>
        {(a) => <textarea {...a} rows={4} value={form.text} onInput={(e) => setForm({ ...form, text: e.currentTarget.value })} />}
      </Field>
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {r.save}
        </button>
        <button type="button" onClick={onCancel}>
          {r.cancel}
        </button>
      </div>
      <Status error={error ?? (errors[''] || null)} />
    </form>
  );
}
