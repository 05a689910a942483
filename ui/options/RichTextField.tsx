import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { insertImage, insertLink, toggleBullets, toggleWrap, type TextEdit } from '../../models/options/rich-text-edit';
import { texts } from '../../models/i18n';
import { UrlForm } from './UrlForm';
import { Icon } from './Icon';
import { RichText } from '../../widget/ui/RichText';

type Props = { label: string; help?: string; value: string; error?: string | undefined; disabled?: boolean; onChange: (v: string) => void };

/** A Markdown-subset textarea with a formatting toolbar and a live preview drawn by the one rich-text renderer (the widget's). */
export function RichTextField({ label, help, value, error, disabled, onChange }: Props) {
  const t = texts().options.richText;
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const pendingSelection = useRef<[number, number] | null>(null);
  const [asking, setAsking] = useState<null | 'link' | 'image'>(null);
  const [saved, setSaved] = useState<TextEdit | null>(null);

  useLayoutEffect(() => {
    const sel = pendingSelection.current;
    if (sel && area.current) {
      area.current.focus();
      area.current.setSelectionRange(sel[0], sel[1]);
      pendingSelection.current = null;
    }
  });

  const current = (): TextEdit => {
    const el = area.current!;
    return { value: el.value, start: el.selectionStart, end: el.selectionEnd };
  };
  const apply = (next: TextEdit) => {
    pendingSelection.current = [next.start, next.end];
    onChange(next.value);
  };
  const ask = (kind: 'link' | 'image') => {
    setSaved(current());
    setAsking(kind);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === 'b') apply(toggleWrap(current(), '**', t.boldPlaceholder));
    else if (key === 'i') apply(toggleWrap(current(), '*', t.italicPlaceholder));
    else if (key === 'k') ask('link');
    else return;
    e.preventDefault();
  };
  const describedBy = [error && `${id}-error`, help && `${id}-help`].filter(Boolean).join(' ') || undefined;

  return (
    <div class="field rich-text">
      <label for={id}>{label}</label>
      {!disabled && (
        <div class="toolbar" role="toolbar" aria-label={`${t.toolbar}: ${label}`} aria-controls={id}>
          <button type="button" aria-label={t.bold} title={`${t.bold} (Ctrl+B)`} onClick={() => apply(toggleWrap(current(), '**', t.boldPlaceholder))}>
            <b>B</b>
          </button>
          <button type="button" aria-label={t.italic} title={`${t.italic} (Ctrl+I)`} onClick={() => apply(toggleWrap(current(), '*', t.italicPlaceholder))}>
            <i>I</i>
          </button>
          <button type="button" aria-label={t.link} title={`${t.link} (Ctrl+K)`} aria-expanded={asking === 'link'} onClick={() => ask('link')}>
            <Icon name="link" />
          </button>
          <button type="button" aria-label={t.bullets} title={t.bullets} onClick={() => apply(toggleBullets(current(), t.itemPlaceholder))}>
            <Icon name="list" />
          </button>
          <button type="button" aria-label={t.image} title={t.image} aria-expanded={asking === 'image'} onClick={() => ask('image')}>
            <Icon name="image" />
          </button>
        </div>
      )}
      {asking && saved && (
        <UrlForm
          kind={asking}
          onCancel={() => {
            setAsking(null);
            pendingSelection.current = [saved.start, saved.end];
            onChange(saved.value);
          }}
          onInsert={(url, alt) => {
            const out = asking === 'link' ? insertLink(saved, url) : insertImage(saved, url, alt);
            if (!out.ok) return asking === 'link' ? t.unsafeLink : t.unsafeImage;
            setAsking(null);
            apply(out.edit);
            return null;
          }}
        />
      )}
      <textarea
        id={id}
        ref={area}
        rows={3}
        value={value}
        readOnly={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onInput={(e) => onChange(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {help && (
        <p class="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      <div class="preview" role="group" aria-label={`${t.preview}: ${label}`}>
        <RichText text={value} />
      </div>
    </div>
  );
}
