import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';

/**
 * A modal <dialog>: shown with showModal() when it mounts (the rest of the panel inert), `first` focused; Tab and
 * Shift+Tab go round its fields and enabled buttons; Escape cancels and goes no further (the chat view's Escape
 * would leave the chat). Unmounted, it closes and gives the focus back to what had it. Returns the keydown
 * handler for the <dialog>.
 */
export function useModal(dialog: RefObject<HTMLDialogElement>, first: RefObject<HTMLElement>, onCancel: () => void): (e: KeyboardEvent) => void {
  useLayoutEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const el = dialog.current!;
    if (!el.open) el.showModal?.();
    first.current?.focus();
    return () => {
      if (el.open) el.close?.();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Tab') {
      const stops = [...dialog.current!.querySelectorAll<HTMLElement>('textarea, input, button:not([disabled])')];
      const i = stops.indexOf(document.activeElement as HTMLElement);
      e.preventDefault();
      stops[(i + (e.shiftKey ? -1 : 1) + stops.length) % stops.length]?.focus();
    }
  };
}
