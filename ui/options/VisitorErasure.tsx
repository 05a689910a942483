import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { OptionsModel } from '../../models/options/options-model';
import { explain } from '../../models/options/room-requests';
import { formatLanguage, texts } from '../../models/i18n';
import type { ConversationSummary, WorkspaceServerMessage } from '../../protocol';
import { downloadText } from './download';
import { Field, Status } from './Field';
import { useDataAdmin } from './use-data-admin';

type Found = Extract<WorkspaceServerMessage, { type: 'visitor-found' }>;
type Result = { message: string | null; error: string | null };
const none: Result = { message: null, error: null };

/**
 * `Delete a visitor's data` (admins, in Visitors): find the visitor by id or email, see what would go (each chat
 * can be exported first, for a copy request), then delete it all after a confirmation.
 */
export function VisitorErasure({ model }: { model: OptionsModel }) {
  const t = texts().options.data;
  const admin = useDataAdmin(model);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(none);
  if (!admin) return null;
  const fail = (e: unknown) => setResult({ message: null, error: explain(e, '').message });

  const find = async (e: Event) => {
    e.preventDefault();
    if (!query.trim()) return;
    setBusy(true);
    setResult(none);
    setFound(null);
    try {
      const answer = await admin.find(query.trim());
      setFound(answer);
      if (!answer.conversations.length && !answer.offline) setResult({ message: t.notFound, error: null });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const exportOne = async (s: ConversationSummary) => {
    setResult(none);
    try {
      const file = await admin.exportFile('json', s.id);
      downloadText(document, file.filename, file.content, file.type);
    } catch (err) {
      fail(err);
    }
  };
  const erase = async () => {
    const q = found!.query;
    setConfirming(false);
    setBusy(true);
    setResult(none);
    try {
      const erasure = await admin.erase(q);
      setFound(null);
      setQuery('');
      setResult({ message: t.erased(t.counts(erasure)), error: erasure.failed ? t.erasedFailed(erasure.failed) : null });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="erasure">
      <h3 id="erase-heading">{t.eraseTitle}</h3>
      <p class="help">{t.eraseHelp}</p>
      <form class="inline" onSubmit={(e) => void find(e)} aria-labelledby="erase-heading">
        <Field label={t.query}>{(p) => <input {...p} type="text" autocomplete="off" spellcheck={false} value={query} maxLength={254} onInput={(e) => setQuery(e.currentTarget.value)} />}</Field>
        <button type="submit" disabled={busy || !query.trim()}>
          {t.find}
        </button>
      </form>
      {found && (found.conversations.length > 0 || found.offline > 0) && (
        <div class="found">
          <p>{t.found(found.conversations.length, found.offline)}</p>
          {found.conversations.length > 0 && (
            <table class="agents" aria-label={t.found(found.conversations.length, found.offline)}>
              <thead>
                <tr>
                  <th scope="col">{t.conversation}</th>
                  <th scope="col">{t.started}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t.exportOne}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {found.conversations.map((s) => (
                  <tr key={s.id} data-conversation={s.id}>
                    <th scope="row">{s.visitorName}</th>
                    <td class="time">{new Date(s.createdAt).toLocaleString(formatLanguage())}</td>
                    <td>{texts().panel.statuses[s.status]}</td>
                    <td>
                      <button type="button" onClick={() => void exportOne(s)}>
                        {t.exportOne}
                        <span class="visually-hidden"> {s.visitorName}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
            {t.eraseButton}
          </button>
        </div>
      )}
      {confirming && found && <ConfirmErase body={t.confirmBody(found.conversations.length, found.offline)} onConfirm={() => void erase()} onCancel={() => setConfirming(false)} />}
      <Status message={result.message} error={result.error} />
    </div>
  );
}

/** The modal confirmation: Cancel first, Escape cancels, the rest of the page inert. */
function ConfirmErase({ body, onConfirm, onCancel }: { body: string; onConfirm: () => void; onCancel: () => void }) {
  const t = texts().options.data;
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // showModal() makes the rest of the page inert and sends Escape as `cancel`; closed, the focus goes back.
  useLayoutEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const el = dialog.current!;
    if (!el.open) el.showModal?.();
    cancel.current?.focus();
    return () => {
      if (el.open) el.close?.();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={dialog} role="alertdialog" aria-modal="true" aria-labelledby="erase-title" aria-describedby="erase-body" class="dialog" onCancel={(e) => (e.preventDefault(), onCancel())}>
      <h2 id="erase-title">{t.confirmTitle}</h2>
      <p id="erase-body">{body}</p>
      <div class="dialog-actions">
        <button ref={cancel} type="button" onClick={onCancel}>
          {t.cancel}
        </button>
        <button type="button" class="danger primary-danger" onClick={onConfirm}>
          {t.confirm}
        </button>
      </div>
    </dialog>
  );
}
