import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { BLOCK_REASON_MAX } from '../../protocol';
import { texts } from '../../models/i18n';
import { useModal } from './use-modal';

/**
 * `Block visitor`: a modal <dialog> (the rest of the panel inert, like the close confirmation) asking for the
 * reason. The reason box is focused first; Tab and Shift+Tab go round the box and the two buttons; Escape cancels
 * (and goes no further: the chat view's Escape would leave the chat). Closed, the focus goes back to what had it.
 * `onBlock` rejects with the room's refusal in words, shown in the dialog, which stays open.
 */
export function BlockDialog({ visitor, onBlock, onCancel }: { visitor: string; onBlock: (reason: string) => Promise<void>; onCancel: () => void }) {
  const t = texts().panel;
  const dialog = useRef<HTMLDialogElement>(null);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  const reason = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const onKeyDown = useModal(dialog, reasonBox, onCancel);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    try {
      await onBlock(reason.value.trim());
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
      busy.value = false;
    }
  };
  return (
    <dialog ref={dialog} role="alertdialog" aria-modal="true" aria-labelledby="block-title" aria-describedby="block-body" class="dialog" onKeyDown={onKeyDown} onCancel={(e) => (e.preventDefault(), onCancel())}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="block-title">{t.blockTitle}</h2>
        <p id="block-body">
          <strong>{visitor}</strong> — {t.blockBody}
        </p>
        <label class="field" for="block-reason">
          {t.blockReason}
        </label>
        <textarea id="block-reason" ref={reasonBox} class="block-reason" rows={3} maxLength={BLOCK_REASON_MAX} value={reason.value} onInput={(e) => (reason.value = e.currentTarget.value)} />
        {error.value ? (
          <p class="error" role="alert">
            {error.value}
          </p>
        ) : null}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onCancel}>
            {t.cancel}
          </button>
          <button type="submit" class="btn danger" disabled={busy.value}>
            {t.blockConfirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
