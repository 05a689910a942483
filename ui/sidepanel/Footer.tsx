import { useSignal } from '@preact/signals';
import { useId } from 'preact/hooks';
import type { WorkspaceClient } from '../../models/workspace-client';
import type { PromptState } from '../../models/notification-permission';
import type { RoomStatus } from '../../models/room-connection';
import { texts, type Texts } from '../../models/i18n';
import { StatusControl } from './StatusControl';
import { StatusSettings, type StatusSettingsProps } from './StatusSettings';

/** Each of the footer's connection words names a RoomStatus: a misspelled one does not compile. */
const connectionWordsAreStatuses: [Exclude<keyof Texts['panel']['connection'], RoomStatus>] extends [never] ? true : never = true;

/**
 * Bottom bar: the status control (bottom-left, as agents expect), what the status or the connection means, the
 * notifications prompt's way back, and the drawer with the idle setting and `Test notifications`.
 */
export function Footer({ ws, prefs, prompt, onRevisit, onTest, onAllow }: { ws: WorkspaceClient; prompt: PromptState | null; onRevisit: () => void } & StatusSettingsProps) {
  const t = texts().panel;
  const s = ws.status.value;
  const words: Partial<Record<RoomStatus, string>> = t.connection;
  // Why the last choice was refused (the control has already gone back); cleared by the next try.
  const refused = useSignal<string | null>(null);
  const open = useSignal(false);
  const drawerId = useId();
  const line =
    s !== 'connected' ? (
      t.offlineNow(words[s] ?? t.notConnected)
    ) : refused.value ? (
      <span class="error">{refused.value}</span>
    ) : ws.agentStatus.value === 'away' ? (
      prefs.autoAway.value ? t.autoAwayHint(prefs.idleMinutes.value) : t.awayHint
    ) : (
      ''
    );
  return (
    <footer class="footer">
      <div class="footer-row">
        <StatusControl ws={ws} prefs={prefs} onRefused={(why) => (refused.value = why)} />
        <span class="footer-status" role="status">
          {line}
        </span>
        {prompt === 'refused' ? (
          <button type="button" class="icon-btn" aria-label={t.enableNotifications} title={t.enableNotifications} onClick={onRevisit}>
            🔕
          </button>
        ) : null}
        <button
          type="button"
          class="icon-btn"
          aria-label={t.statusSettings}
          title={t.statusSettings}
          aria-expanded={open.value}
          aria-controls={open.value ? drawerId : undefined}
          onClick={() => (open.value = !open.value)}
        >
          ⚙
        </button>
      </div>
      {open.value ? <StatusSettings id={drawerId} prefs={prefs} onTest={onTest} onAllow={onAllow} /> : null}
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
