import { useId } from 'preact/hooks';
import { IDLE_MINUTE_CHOICES } from '../../models/idle-away';
import type { NotifyTestReport } from '../../models/notification-test';
import type { StatusPrefs } from '../../models/status-prefs';
import { texts } from '../../models/i18n';
import { NotifyTest } from './NotifyTest';

export type StatusSettingsProps = {
  prefs: StatusPrefs;
  onTest: () => Promise<NotifyTestReport>;
  onAllow: () => Promise<unknown> | void;
};

/** The footer's drawer: when idleness sets the agent Away, what Offline means, and `Test notifications`. */
export function StatusSettings({ id, prefs, onTest, onAllow }: StatusSettingsProps & { id: string }) {
  const t = texts().panel;
  const selectId = useId();
  return (
    <section id={id} class="status-settings" aria-label={t.statusSettings}>
      <div class="field inline">
        <label for={selectId}>{t.idleAway}</label>
        <select id={selectId} value={String(prefs.idleMinutes.value)} onChange={(e) => void prefs.setIdleMinutes(Number((e.currentTarget as HTMLSelectElement).value))}>
          {IDLE_MINUTE_CHOICES.map((m) => (
            <option key={m} value={String(m)}>
              {m === 0 ? t.idleNever : t.idleMinutes(m)}
            </option>
          ))}
        </select>
      </div>
      <p class="muted">{t.offlineExplain}</p>
      <NotifyTest onTest={onTest} onAllow={onAllow} />
    </section>
  );
}
