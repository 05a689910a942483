import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

/** A modal confirmation (role alertdialog); Cancel is focused first, Escape cancels. */
export function ConfirmDialog({ title, body, confirm, onConfirm, onCancel }: { title: string; body: string; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div class="backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-body" class="dialog">
        <h2 id="confirm-title">{title}</h2>
        <p id="confirm-body">{body}</p>
        <div class="dialog-actions">
          <button ref={cancel} type="button" class="btn" onClick={onCancel}>
            {t('cancel')}
          </button>
          <button type="button" class="btn danger" onClick={onConfirm}>
            {confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
