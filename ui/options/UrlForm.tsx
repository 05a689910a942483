import { useEffect, useRef, useState } from 'preact/hooks';
import { Field } from './Field';
import { texts } from '../../models/i18n';

type Props = { kind: 'link' | 'image'; onInsert: (url: string, alt: string) => string | null; onCancel: () => void };

/** The small inline form the Link and Image buttons open: an address (and a description for images). */
export function UrlForm({ kind, onInsert, onCancel }: Props) {
  const t = texts().options.richText;
  const [url, setUrl] = useState('');
  const [alt, setAlt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = (e: Event) => {
    e.preventDefault();
    setError(onInsert(url, alt));
  };
  return (
    <form class="url-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onCancel())}>
      <Field label={kind === 'link' ? t.linkUrl : t.imageUrl} error={error ?? undefined}>
        {(a) => <input {...a} ref={first} type="text" inputMode="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} placeholder="https://" />}
      </Field>
      {kind === 'image' && (
        <Field label={t.imageAlt}>{(a) => <input {...a} value={alt} onInput={(e) => setAlt(e.currentTarget.value)} />}</Field>
      )}
      <div class="row">
        <button type="submit">{t.insert}</button>
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
