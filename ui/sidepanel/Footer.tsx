import { useSignal } from '@preact/signals';
import type { WorkspaceClient } from '../../models/workspace-client';
import type { PromptState } from '../../models/notification-permission';
import type { RoomStatus } from '../../models/room-connection';
import { refusalText } from '../../models/protocol-text';
import { texts, type Texts } from '../../models/i18n';

/** Each of the footer's connection words names a RoomStatus: a misspelled one does not compile. */
const connectionWordsAreStatuses: [Exclude<keyof Texts['panel']['connection'], RoomStatus>] extends [never] ? true : never = true;

/** Bottom bar: the Online toggle (bottom-left, as agents expect), connection state, notifications. */
export function Footer({ ws, prompt, onRevisit }: { ws: WorkspaceClient; prompt: PromptState | null; onRevisit: () => void }) {
  const online = ws.online.value;
  const connected = ws.status.value === 'connected';
  const t = texts().panel;
  const s = ws.status.value;
  const words: Partial<Record<RoomStatus, string>> = t.connection;
  const status = words[s] ?? null;
  // Why the last toggle was refused (the switch has already gone back); cleared by the next try.
  const refused = useSignal<string | null>(null);
  const busy = useSignal(false);
  const toggle = () => {
    if (busy.value) return;
    busy.value = true;
    refused.value = null;
    ws.setOnline(!online)
      .catch((e: unknown) => (refused.value = t.onlineRefused(refusalText(e))))
      .finally(() => (busy.value = false));
  };
  return (
    <footer class="footer">
      <label class="switch">
        <button
          type="button"
          role="switch"
          aria-checked={online}
          aria-busy={busy.value}
          aria-label={t.online}
          disabled={!connected}
          class={`toggle${online ? ' on' : ''}`}
          onClick={toggle}
        >
          <span class="knob" />
        </button>
        <span aria-hidden="true">{t.online}</span>
      </label>
      <span class="footer-status" role="status">
        {status ?? (refused.value ? <span class="error">{refused.value}</span> : !online && connected ? t.offlineHint : '')}
      </span>
      {prompt === 'refused' ? (
        <button type="button" class="icon-btn" aria-label={t.enableNotifications} title={t.enableNotifications} onClick={onRevisit}>
          🔕
        </button>
      ) : null}
    </footer>
  );
}

export function NotifyBanner({ onAllow, onRefuse }: { onAllow: () => void; onRefuse: () => void }) {
  const t = texts().panel;
  return (
    <div class="banner" role="region" aria-label={t.notifications}>
      <p>{t.notifyPrompt}</p>
      <button type="button" class="btn primary" onClick={onAllow}>
        {t.allow}
      </button>
      <button type="button" class="btn" onClick={onRefuse}>
        {t.notNow}
      </button>
    </div>
  );
}
