import { useRef } from 'preact/hooks';
import { texts } from '../../models/i18n';
import { useModal } from './use-modal';

/**
 * A modal confirmation: a <dialog> shown with showModal() (the rest of the panel is inert) and the role
 * alertdialog. Cancel is focused first; Tab and Shift+Tab go round its two buttons; Escape cancels (and goes no
 * further: the chat view's Escape would leave the chat). Closed, it gives the focus back to what had it.
 */
export function ConfirmDialog({ title, body, confirm, onConfirm, onCancel }: { title: string; body: string; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  const t = texts().panel;
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const onKeyDown = useModal(dialog, cancel, onCancel);
  return (
    <dialog ref={dialog} role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-body" class="dialog" onKeyDown={onKeyDown} onCancel={(e) => (e.preventDefault(), onCancel())}>
      <h2 id="confirm-title">{title}</h2>
      <p id="confirm-body">{body}</p>
      <div class="dialog-actions">
        <button ref={cancel} type="button" class="btn" onClick={onCancel}>
          {t.cancel}
        </button>
        <button type="button" class="btn danger" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
