import { useSignal } from '@preact/signals';
import type { StatusPrefs } from '../../models/status-prefs';
import type { ChosenStatus, WorkspaceClient } from '../../models/workspace-client';
import { refusalText } from '../../models/protocol-text';
import { texts } from '../../models/i18n';

const CHOICES: ChosenStatus[] = ['online', 'away'];

/**
 * The agent's status, bottom-left: Online or Away, as a radio group (arrows choose, as in the folder tabs).
 * Offline is not a choice — it is Baton not being connected — so while the socket is down neither is checked,
 * both are disabled, and the footer says Offline. A refusal puts the choice back and `onRefused` says why.
 */
export function StatusControl({ ws, prefs, onRefused }: { ws: WorkspaceClient; prefs: StatusPrefs; onRefused: (why: string | null) => void }) {
  const t = texts().panel;
  const status = ws.agentStatus.value;
  const connected = ws.status.value === 'connected';
  const busy = useSignal(false);
  const choose = (next: ChosenStatus) => {
    if (busy.value || next === status) return;
    busy.value = true;
    onRefused(null);
    prefs
      .choose(ws, next)
      .catch((e: unknown) => onRefused(t.onlineRefused(refusalText(e))))
      .finally(() => (busy.value = false));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step || !connected) return;
    e.preventDefault();
    const at = Math.max(0, CHOICES.indexOf(status as ChosenStatus));
    const next = CHOICES[(at + step + CHOICES.length) % CHOICES.length]!;
    choose(next);
    (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-status="${next}"]`)?.focus();
  };
  return (
    <div role="radiogroup" aria-label={t.status} aria-busy={busy.value} class={`status-control is-${status}`} onKeyDown={onKeyDown}>
      {CHOICES.map((s) => {
        const checked = status === s;
        return (
          <button
            key={s}
            type="button"
            role="radio"
            data-status={s}
            aria-checked={checked}
            // One stop for Tab: the checked choice (Online while none is).
            tabIndex={checked || (status === 'offline' && s === 'online') ? 0 : -1}
            disabled={!connected}
            class={`status-choice${checked ? ' checked' : ''}`}
            onClick={() => choose(s)}
          >
            <span class="dot" aria-hidden="true" />
            {t[s]}
          </button>
        );
      })}
    </div>
  );
}
