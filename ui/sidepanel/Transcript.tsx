import { useEffect, useRef } from 'preact/hooks';
import type { Entry, EventEntry } from '../../protocol';
import type { ConversationClient } from '../../models/conversation-client';
import { shortTime, t } from '../i18n';

function eventText(e: EventEntry): string {
  const record = e.record?.title ?? '';
  switch (e.event) {
    case 'created':
      return t('eventCreated');
    case 'joined':
      return t('eventJoined', e.agent?.name ?? '');
    case 'reassigned':
      return t('eventReassigned', e.agent?.name ?? t('toUnassigned'));
    case 'unassigned':
      return t('eventUnassigned');
    case 'missed':
      return t('eventMissed');
    case 'closed':
      return t('eventClosed');
    case 'lead-created':
      return t('eventLead', record);
    case 'deal-created':
      return t('eventDeal', record);
    case 'record-failed':
      return t('eventRecordFailed', e.reason ?? record);
    case 'record-pending':
      return t('eventRecordPending', t(e.item === 'deal' ? 'recordDeal' : 'recordLead'));
    default:
      return e.event satisfies never;
  }
}

function Item({ e, seen, onRetry }: { e: Entry; seen: boolean; onRetry: (kind: 'lead' | 'deal') => void }) {
  const time = <time dateTime={new Date(e.at).toISOString()}>{shortTime(e.at)}</time>;
  if (e.kind === 'event') {
    return (
      <li class="event">
        <span>{eventText(e)}</span>
        {e.record?.url ? (
          <a href={e.record.url} target="_blank" rel="noopener noreferrer">
            {e.record.title}
          </a>
        ) : null}{' '}
        {time}
        {e.event === 'record-failed' && e.item ? (
          <button type="button" class="btn" onClick={() => onRetry(e.item!)}>
            {t('retry')}
          </button>
        ) : null}
      </li>
    );
  }
  const who = e.from === 'agent' ? (e.authorName ?? t('you')) : e.from === 'bot' ? (e.authorName ?? 'Bot') : t('visitor');
  return (
    <li class={`msg ${e.from}`}>
      <span class="who">{who}</span>
      <p>{e.text}</p>
      <span class="meta">
        {time}
        {seen ? <span class="seen"> · {t('seen')}</span> : null}
      </span>
    </li>
  );
}

/** The log (bot part, chat, events) with the outbox below it; scrolls to the newest line. */
export function Transcript({ client, visitorName }: { client: ConversationClient; visitorName: string }) {
  const end = useRef<HTMLLIElement>(null);
  const entries = client.entries.value;
  const outbox = client.outbox.value;
  const seenSeq = client.seenByVisitor.value;
  const lastAgent = [...entries].reverse().find((e) => e.kind === 'message' && e.from === 'agent');
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [entries.length, outbox.length, client.visitorTyping.value]);
  return (
    <ol class="transcript" aria-label={t('chat')} aria-live="polite">
      {entries.map((e) => (
        <Item key={e.seq} e={e} seen={e === lastAgent && e.seq <= seenSeq} onRetry={(kind) => void client.retryRecord(kind).catch(() => {})} />
      ))}
      {outbox.map((m) => (
        <li key={m.id} class="msg agent pending">
          <p>{m.text}</p>
          <span class="meta">{m.error ? <span class="error">{m.error}</span> : t('sending')}</span>
        </li>
      ))}
      <li ref={end} class="typing" aria-live="polite">
        {client.visitorTyping.value ? t('typing', visitorName) : ''}
      </li>
    </ol>
  );
}
