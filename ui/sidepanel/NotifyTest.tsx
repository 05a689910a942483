import { useSignal } from '@preact/signals';
import type { NotifyTestReport } from '../../models/notification-test';
import { texts } from '../../models/i18n';

type Line = { ok: boolean; text: string; allow?: boolean; hint?: string };

/** The report in words, what works first-class and what is missing plainly; the order the panel says them. */
export function reportLines(r: NotifyTestReport): Line[] {
  const t = texts().panel;
  const lines: Line[] = [];
  const d = r.desktop;
  if (d.shown) lines.push({ ok: true, text: t.testShown, hint: t.testShownHint });
  else if (d.why === 'permission') lines.push({ ok: false, text: t.testNoPermission, allow: true });
  else if (d.why === 'denied') lines.push({ ok: false, text: t.testDenied });
  else lines.push({ ok: false, text: t.testFailed(d.detail ?? '') });
  lines.push(r.sound === 'played' ? { ok: true, text: t.testSoundPlayed } : { ok: false, text: r.sound === 'blocked' ? t.testSoundBlocked : t.testSoundUnavailable });
  if (r.away) lines.push({ ok: false, text: t.testAway });
  if (r.allOff) lines.push({ ok: false, text: t.testAllOff });
  if (r.soundOff) lines.push({ ok: false, text: t.testSoundOff });
  return lines;
}

/**
 * `Test notifications`: runs the self-test (inside the click: the sound needs its gesture) and says what it found.
 * When the permission is missing, its line offers the button that asks for it (a click: the browser's prompt
 * needs one too), and the test runs again once it is answered.
 */
export function NotifyTest({ onTest, onAllow }: { onTest: () => Promise<NotifyTestReport>; onAllow: () => Promise<unknown> | void }) {
  const t = texts().panel;
  const report = useSignal<NotifyTestReport | null>(null);
  const running = useSignal(false);
  const run = () => {
    if (running.value) return;
    running.value = true;
    onTest()
      .then((r) => (report.value = r))
      .finally(() => (running.value = false));
  };
  return (
    <div class="notify-test">
      {/* aria-disabled, not disabled: the button keeps the focus while the test runs. */}
      <button type="button" class="btn" aria-disabled={running.value} onClick={run}>
        {t.testNotifications}
      </button>
      <div role="status" class="test-report">
        {running.value ? <p class="muted">{t.testing}</p> : null}
        {report.value && !running.value ? (
          <ul>
            {reportLines(report.value).map((l) => (
              <li key={l.text} class={l.ok ? 'ok' : 'missing'}>
                <span aria-hidden="true">{l.ok ? '✓' : '✗'}</span>
                <span>
                  {l.text}
                  {l.hint ? <span class="muted hint"> {l.hint}</span> : null}
                </span>
                {l.allow ? (
                  <button type="button" class="btn primary" onClick={() => void Promise.resolve(onAllow()).then(run)}>
                    {t.allowNotifications}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
