import type { Attention } from '../attention';
import type { Strings } from '../i18n';

/** The header's sound toggle. Its name says what pressing it does (so no aria-pressed as well). */
export function MuteButton({ attention, t }: { attention: Attention; t: Strings }) {
  const muted = attention.muted.value;
  return (
    <button type="button" class="min" aria-label={muted ? t.unmute : t.mute} onClick={() => attention.toggleMute()}>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M3 9v6h4l5 5V4L7 9H3z" />
        {muted ? <line x1="16" y1="9" x2="22" y2="15" /> : <path d="M14 8.2a4.5 4.5 0 0 1 0 7.6z" />}
        {muted && <line x1="22" y1="9" x2="16" y2="15" />}
      </svg>
    </button>
  );
}
