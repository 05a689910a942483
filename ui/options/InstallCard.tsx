import { useEffect, useRef, useState } from 'preact/hooks';
import type { Playbook } from '../../protocol';
import { Field, Status } from './Field';
import type { OptionsModel } from '../../models/options/options-model';
import { widgetSnippet } from '../../models/options/snippet';
import { formatLanguage, texts } from '../../models/i18n';
import { parseOrigins, within } from '../../models/options/validation';
import { refusedFor } from '../../models/options/health';

/** One playbook's installation: where it may run, whether it has been seen on a site, and its snippet. */
export function InstallCard({ model, playbook, server, workspace }: { model: OptionsModel; playbook: Playbook; server: string; workspace: string }) {
  const t = texts().options;
  const i = t.install;
  const [text, setText] = useState(playbook.allowedOrigins.join('\n'));
  const [errors, setErrors] = useState<string[]>([]);
  const [result, setResult] = useState<{ message: string | null; error: string | null }>({ message: null, error: null });
  const snippetRef = useRef<HTMLTextAreaElement>(null);
  const snippet = widgetSnippet(server, workspace, playbook.id);
  const canEdit = model.canEdit.value;
  const headingId = `install-${playbook.id}`;
  const storedText = playbook.allowedOrigins.join('\n');
  const lastStored = useRef(storedText);
  useEffect(() => {
    // Follow changes saved elsewhere, unless the admin is in the middle of editing this list.
    if (text === lastStored.current) setText(storedText);
    lastStored.current = storedText;
  }, [storedText]);

  // Sites that loaded this playbook's snippet without being allowed (the workspace's health, admins only).
  const refused = refusedFor(model.health.value?.health.value ?? null, playbook.id);
  const save = async (origins = parseOrigins(text)) => {
    setResult({ message: null, error: null });
    const out = await model.saveOrigins(playbook.id, origins);
    if (out.ok) {
      setErrors([]);
      setText(origins.join('\n'));
      if (model.isAdmin.value) void model.health.value?.load().catch(() => undefined);
      return setResult({ message: t.editor.saved, error: null });
    }
    const lines = Object.entries(within(out.fields, 'allowedOrigins')).map(([k, m]) => (k === '' ? m : i.line(Number(k) + 1, m)));
    setErrors(lines);
    if (out.message) setResult({ message: null, error: out.message });
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setResult({ message: i.copied, error: null });
    } catch {
      // Clipboard API refused (no focus or permission): fall back to selecting it for a manual copy.
      snippetRef.current?.select();
      const ok = document.execCommand?.('copy');
      setResult(ok ? { message: i.copied, error: null } : { message: null, error: i.copyFailed });
    }
  };

  return (
    <article class="install-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{playbook.name}</h3>
      <p class={playbook.installedAt ? 'badge good' : 'badge warn'} data-installed={playbook.installedAt ? 'yes' : 'no'}>
        {playbook.installedAt ? i.installed(new Date(playbook.installedAt).toLocaleString(formatLanguage())) : i.notInstalled}
      </p>
      <Field label={i.allowedSites} help={i.allowedHelp} error={errors.length ? errors.join(' ') : undefined}>
        {(a) => <textarea {...a} rows={3} value={text} readOnly={!canEdit} placeholder="https://www.example.com" onInput={(e) => setText(e.currentTarget.value)} />}
      </Field>
      {canEdit && (
        <button type="button" onClick={() => void save()}>
          {i.saveSites}
        </button>
      )}
      {refused.map((r) => (
        <p key={r.origin} class="notice" data-refused-site={r.origin}>
          {i.refused(r.origin, new Date(r.at).toLocaleString(formatLanguage()), r.count)}{' '}
          {canEdit && (
            <button type="button" onClick={() => void save([...parseOrigins(text), r.origin])}>
              {i.allowRefused(r.origin)}
            </button>
          )}
        </p>
      ))}
      <Field label={i.snippet} help={i.snippetHelp}>
        {(a) => <textarea {...a} ref={snippetRef} class="code" rows={4} readOnly value={snippet} onFocus={(e) => e.currentTarget.select()} />}
      </Field>
      <button type="button" class="primary" onClick={copy}>
        {i.copySnippet}
      </button>
      <Status message={result.message} error={result.error} />
    </article>
  );
}
