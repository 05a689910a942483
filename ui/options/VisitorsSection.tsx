import { useState } from 'preact/hooks';
import type { OptionsModel } from '../../models/options/options-model';
import { explain } from '../../models/options/room-requests';
import { formatLanguage, texts } from '../../models/i18n';
import { Check, Status } from './Field';
import { useVisitorAdmin } from './use-visitor-admin';
import { VisitorErasure } from './VisitorErasure';

type Result = { message: string | null; error: string | null };
const none: Result = { message: null, error: null };

/** `Visitors`: the `Typing preview` switch and the blocked visitors with `Unblock` (admins only). */
export function VisitorsSection({ model }: { model: OptionsModel }) {
  const strings = texts().options;
  const t = strings.visitors;
  const [result, setResult] = useState<Result>(none);
  const [busy, setBusy] = useState<string | null>(null);
  // What the switch shows while its save is on the way (the room's answer replaces it; a refusal puts it back).
  const [pending, setPending] = useState<boolean | null>(null);
  const admin = useVisitorAdmin(model, (a) => void a.loadVisitors().catch((e: unknown) => setResult({ message: null, error: explain(e, '').message })));
  const settings = admin?.visitorSettings.value ?? null;
  const blocks = admin?.blocks.value ?? null;

  const setTyping = async (on: boolean) => {
    setBusy('typing');
    setPending(on);
    setResult(none);
    const out = await model.run(() => admin!.setTypingPreview(on), '');
    setBusy(null);
    setPending(null);
    setResult(out.ok ? { message: on ? t.typingOn : t.typingOff, error: null } : { message: null, error: out.message });
  };
  const unblock = async (id: string, name: string) => {
    setBusy(id);
    setResult(none);
    const out = await model.run(() => admin!.unblock(id), '');
    setBusy(null);
    setResult(out.ok ? { message: t.unblocked(name), error: null } : { message: null, error: out.message });
  };

  return (
    <section id="visitors" aria-labelledby="visitors-heading">
      <h2 id="visitors-heading">{strings.sections.visitors}</h2>
      {!admin ? (
        <p class="notice">{t.adminsOnly}</p>
      ) : (
        <>
          <Check switch label={t.typingPreview} checked={pending ?? settings?.typingPreview ?? false} disabled={!settings || busy === 'typing'} onChange={(on) => void setTyping(on)} />
          <p class="help">{t.typingPreviewHelp}</p>
          <h3 id="blocked-heading">{t.blocked}</h3>
          <p class="help">{t.blockedHelp}</p>
          {blocks === null ? (
            <p class="help">{result.error ? '' : t.loading}</p>
          ) : blocks.length === 0 ? (
            <p class="help">{t.none}</p>
          ) : (
            <table class="agents blocks" aria-labelledby="blocked-heading">
              <thead>
                <tr>
                  <th scope="col">{t.visitor}</th>
                  <th scope="col">{t.reason}</th>
                  <th scope="col">{t.by}</th>
                  <th scope="col">{t.when}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t.unblock}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {blocks.map((b) => (
                  <tr key={b.id} data-block={b.id}>
                    <th scope="row">{b.visitorName}</th>
                    <td class="reason">{b.reason}</td>
                    <td>{b.by.name}</td>
                    <td class="time">{new Date(b.at).toLocaleString(formatLanguage())}</td>
                    <td>
                      <button type="button" disabled={busy === b.id} onClick={() => void unblock(b.id, b.visitorName)}>
                        {t.unblock}
                        <span class="visually-hidden"> {b.visitorName}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <Status message={result.message} error={result.error} />
      {admin && <VisitorErasure model={model} />}
    </section>
  );
}
