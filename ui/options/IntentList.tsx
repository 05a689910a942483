import { useState } from 'preact/hooks';
import type { CrmModel } from '../../models/options/crm-model';
import type { OptionsModel } from '../../models/options/options-model';
import { formatTime } from '../../models/options/records-list';
import { formatLanguage, texts } from '../../models/i18n';

const BADGE = { pending: 'warn', created: 'good', failed: 'bad' } as const;

/** The create queue: pending (with the next attempt), created (with time and link), failed (reason + Retry). */
export function IntentList({ crm, model, onError }: { crm: CrmModel; model: OptionsModel; onError: (message: string) => void }) {
  const strings = texts().options;
  const t = strings.crm;
  const [retried, setRetried] = useState<string | null>(null);
  const intents = crm.intents.value;
  if (intents.length === 0) return <p class="help">{t.noIntents}</p>;

  const retry = async (id: string) => {
    const out = await model.run(() => crm.retry(id), '');
    if (!out.ok) return onError(out.message);
    setRetried(id);
  };

  return (
    <ul class="intents" aria-labelledby="intents-heading">
      {intents.map((i) => (
        <li key={i.id} data-status={i.status} data-intent={i.id} aria-label={i.title}>
          <span class={`badge ${BADGE[i.status]}`}>{t.statuses[i.status]}</span>
          <span class="intent-title">{i.title}</span>
          <span class="intent-meta">
            {t.intentLine(t.items[i.item], t.kinds[i.target], i.attempts)} · <time dateTime={new Date(i.updatedAt).toISOString()}>{formatTime(formatLanguage(), i.updatedAt)}</time>
            {i.status === 'pending' && i.nextAt ? ` · ${t.nextAttempt(formatTime(formatLanguage(), i.nextAt))}` : ''}
          </span>
          {i.status === 'created' && i.result?.url && (
            <a href={i.result.url} target="_blank" rel="noopener noreferrer">
              {t.open}
            </a>
          )}
          {i.status === 'failed' && (
            <button type="button" onClick={() => void retry(i.id)}>
              {t.retry}
            </button>
          )}
          {retried === i.id && i.status !== 'created' && <span class="status">{t.retrying}</span>}
          {i.status !== 'created' && i.lastError && <p class="error">{i.lastError}</p>}
        </li>
      ))}
    </ul>
  );
}
