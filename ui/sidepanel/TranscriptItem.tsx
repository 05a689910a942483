import type { Entry, EventEntry } from '../../protocol';
import { recordHref } from '../../models/record-link';
import { shortTime, t } from '../i18n';
import { LinkedText } from './LinkedText';
import { RichText } from '../../widget/ui/RichText';

/** An event in words (the record's title included where there is one). */
export function eventText(e: EventEntry): string {
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
    case 'contact-left':
      return t('eventContactLeft');
    default:
      return e.event satisfies never;
  }
}

/** One line of the transcript: a message (visitor, bot, agent) or an event with its time. */
export function TranscriptItem({ e, seen, onRetry }: { e: Entry; seen: boolean; onRetry: (kind: 'lead' | 'deal') => void }) {
  const time = <time dateTime={new Date(e.at).toISOString()}>{shortTime(e.at)}</time>;
  if (e.kind === 'event') {
    // A built-in record opens the options page at Records, that row marked; a CRM's own record, its page.
    const href = e.record ? recordHref(e.record) : null;
    return (
      <li class="event">
        <span>{eventText(e)}</span>
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {e.record!.title}
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
      {e.from === 'bot' ? <RichText text={e.text} /> : <LinkedText text={e.text} />}
      <span class="meta">
        {time}
        {seen ? <span class="seen"> · {t('seen')}</span> : null}
      </span>
    </li>
  );
}
