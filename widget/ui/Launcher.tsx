import type { Ref } from 'preact';
import type { Strings } from '../i18n';

export const ChatIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
  </svg>
);

type Props = { btn: Ref<HTMLButtonElement>; open: boolean; unread: number; onClick: () => void; onEscape: () => void; t: Strings };

/**
 * The round button. Its name stays "Open chat"; aria-expanded says whether the window is open. It keeps
 * the focus after a keyboard opening (the window comes before it), so Escape here minimizes too.
 */
export function Launcher({ btn, open, unread, onClick, onEscape, t }: Props) {
  return (
    <button
      ref={btn}
      class="launcher"
      type="button"
      aria-label={t.openChat}
      aria-expanded={open}
      aria-describedby={unread ? 'baton-unread' : undefined}
      onClick={onClick}
      onKeyDown={(e) => open && e.key === 'Escape' && onEscape()}
    >
      <ChatIcon />
      {unread > 0 && (
        <span class="badge" id="baton-unread">
          <span aria-hidden="true">{unread}</span>
          <span class="sr">{t.unread(unread)}</span>
        </span>
      )}
    </button>
  );
}
