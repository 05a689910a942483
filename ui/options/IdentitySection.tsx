import { useState } from 'preact/hooks';
import { maskSecret, SIGNING_SNIPPETS } from '../../models/options/visitor-admin';
import type { OptionsModel } from '../../models/options/options-model';
import { explain } from '../../models/options/room-requests';
import { texts } from '../../models/i18n';
import { Check, Status } from './Field';
import { useVisitorAdmin } from './use-visitor-admin';

type Result = { message: string | null; error: string | null };
const none: Result = { message: null, error: null };

/**
 * `Identity verification`: the workspace's identity secret (admins only; read from the room when the section opens,
 * kept in memory only, masked until `Show`), `Rotate secret` after a confirmation, `Require verification`, and how a
 * site's server signs a user id with it.
 */
export function IdentitySection({ model }: { model: OptionsModel }) {
  const strings = texts().options;
  const t = strings.identity;
  const [result, setResult] = useState<Result>(none);
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // What `Require verification` shows while its save is on the way (the room's answer replaces it; a refusal puts it back).
  const [pending, setPending] = useState<boolean | null>(null);
  const admin = useVisitorAdmin(model, (a) => void a.loadIdentity().catch((e: unknown) => setResult({ message: null, error: explain(e, '').message })));
  const identity = admin?.identity.value ?? null;

  const rotate = async () => {
    setConfirming(false);
    setBusy(true);
    setResult(none);
    const out = await model.run(() => admin!.rotate(), '');
    setBusy(false);
    setResult(out.ok ? { message: t.rotated, error: null } : { message: null, error: out.message });
  };
  const setRequire = async (on: boolean) => {
    setBusy(true);
    setPending(on);
    setResult(none);
    const out = await model.run(() => admin!.setRequireVerification(on), '');
    setBusy(false);
    setPending(null);
    setResult(out.ok ? { message: on ? t.requireOn : t.requireOff, error: null } : { message: null, error: out.message });
  };
  const copy = async () => {
    if (!identity) return;
    try {
      await navigator.clipboard.writeText(identity.secret);
      setResult({ message: t.copied, error: null });
    } catch {
      setResult({ message: null, error: t.copyFailed });
    }
  };

  return (
    <section id="identity" aria-labelledby="identity-heading">
      <h2 id="identity-heading">{strings.sections.identity}</h2>
      <p class="help">{t.intro}</p>
      {!admin ? (
        <p class="notice">{t.adminsOnly}</p>
      ) : !identity ? (
        <p class="help">{result.error ? '' : t.loading}</p>
      ) : (
        <>
          <div class="identity-secret" role="group" aria-labelledby="identity-secret-label" aria-describedby="identity-secret-help">
            <p id="identity-secret-label" class="label">
              {t.secret}
            </p>
            <div class="secret-row">
              {shown ? (
                <code class="secret" data-shown="true">
                  {identity.secret}
                </code>
              ) : (
                <code class="secret" data-shown="false">
                  <span aria-hidden="true">{maskSecret(identity.secret)}</span>
                  <span class="visually-hidden">{t.hidden}</span>
                </code>
              )}
              <button type="button" onClick={() => setShown(!shown)}>
                {shown ? t.hide : t.show}
              </button>
              <button type="button" onClick={() => void copy()}>
                {t.copy}
              </button>
            </div>
            <p id="identity-secret-help" class="help">
              {t.secretHelp}
            </p>
          </div>
          {confirming ? (
            <div class="confirm" role="alertdialog" aria-label={t.rotate} aria-describedby="identity-rotate-warning">
              <p id="identity-rotate-warning">{t.confirmRotate}</p>
              <button type="button" class="danger" onClick={() => void rotate()}>
                {t.rotate}
              </button>
              <button type="button" autoFocus onClick={() => setConfirming(false)}>
                {t.cancel}
              </button>
            </div>
          ) : (
            <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
              {t.rotate}
            </button>
          )}
          <Check switch label={t.require} checked={pending ?? identity.requireVerification} disabled={busy} onChange={(on) => void setRequire(on)} />
          <p class="help">{t.requireHelp}</p>
          <h3 id="identity-howto">{t.howTo}</h3>
          <p class="help">{t.howToIntro}</p>
          <dl class="signing" aria-labelledby="identity-howto">
            {SIGNING_SNIPPETS.map((s) => (
              <div key={s.language}>
                <dt>{s.language}</dt>
                <dd>
                  <pre class="code">
                    <code>{s.code}</code>
                  </pre>
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <Status message={result.message} error={result.error} />
    </section>
  );
}
