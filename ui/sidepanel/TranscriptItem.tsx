import type { Details, Entry, EventEntry } from '../../protocol';
import { recordHref } from '../../models/record-link';
import { shortTime, texts } from '../../models/i18n';
import { LinkedText } from './LinkedText';
import { RichText } from '../../widget/ui/RichText';

/**
 * An event in words (the record's title included where there is one). `silent`: for a no-reply unassignment,
 * the agent who did not reply (models/transcript-events.ts), when the log says who.
 */
export function eventText(e: EventEntry, silent?: string): string {
  const t = texts().panel;
  const record = e.record?.title ?? '';
  switch (e.event) {
    case 'created':
      return t.eventCreated;
    case 'joined':
      return e.cause === 'routed' ? t.eventRouted(e.agent?.name ?? '') : t.eventJoined(e.agent?.name ?? '');
    case 'reassigned':
      return t.eventReassigned(e.agent?.name ?? t.toUnassigned);
    case 'unassigned':
      if (e.cause === 'no-reply') return silent ? t.eventNoReply(silent) : t.eventNoReplyUnnamed;
      return t.eventUnassigned;
    case 'missed':
      return t.eventMissed;
    case 'closed':
      return t.eventClosed;
    case 'lead-created':
      return t.eventLead(record);
    case 'deal-created':
      return t.eventDeal(record);
    case 'record-failed':
      return t.eventRecordFailed(e.reason ?? record);
    case 'record-pending':
      return t.eventRecordPending(e.item === 'deal' ? t.recordDeal : t.recordLead);
    case 'contact-left':
      return t.eventContactLeft;
    // Email events (issue 15): placeholder words until the side panel's strings land.
    case 'email-queued':
    case 'email-sent':
    case 'email-failed':
    case 'email-uncertain':
    case 'email-unsubscribed':
      return [e.event, e.email?.to, e.email?.reason].filter(Boolean).join(' ');
    default:
      return e.event satisfies never;
  }
}

/**
 * The name the visitor gave (to the bot, or in the details: contact or an agent's correction), or null when
 * unknown: then their lines say "Visitor", never a name the room made up for the list.
 */
export function givenName(answers: Readonly<Record<string, string>>, details: Details | null): string | null {
  return answers.name?.trim() || details?.person.name.trim() || null;
}

/** An event's words, the record's title in them being the link to the record: the title is said once. */
function EventText({ e, silent }: { e: EventEntry; silent?: string }) {
  const text = eventText(e, silent);
  // A built-in record opens the options page at Records, that row marked; a CRM's own record, its page.
  const href = e.record ? recordHref(e.record) : null;
  const title = e.record?.title ?? '';
  const at = title ? text.lastIndexOf(title) : -1;
  const link = (
    <a href={href!} target="_blank" rel="noopener noreferrer">
      {title}
    </a>
  );
  if (!href) return <span>{text}</span>;
  // A translation that does not name the record: its words, then the record's title as the link.
  if (at < 0) return <span>{text} {link}</span>;
  return (
    <span>
      {text.slice(0, at)}
      {link}
      {text.slice(at + title.length)}
    </span>
  );
}

/**
 * One line of the transcript: a message (visitor, bot, agent) or an event with its time. `visitor` labels the
 * visitor's lines: the name they gave, when known (`givenName`); `silent` names who did not reply (see eventText).
 */
export function TranscriptItem({ e, seen, visitor, silent, onRetry }: { e: Entry; seen: boolean; visitor?: string | null; silent?: string; onRetry: (kind: 'lead' | 'deal') => void }) {
  const t = texts().panel;
  const time = <time dateTime={new Date(e.at).toISOString()}>{shortTime(e.at)}</time>;
  if (e.kind === 'event') {
    return (
      <li class="event">
        <EventText e={e} silent={silent} />{' '}
        {time}
        {e.event === 'record-failed' && e.item ? (
          <button type="button" class="btn" onClick={() => onRetry(e.item!)}>
            {t.retry}
          </button>
        ) : null}
      </li>
    );
  }
  const who = e.from === 'agent' ? (e.authorName ?? t.you) : e.from === 'bot' ? (e.authorName ?? 'Bot') : visitor || t.visitor;
  return (
    <li class={`msg ${e.from}`}>
      <span class="who">{who}</span>
      {e.from === 'bot' ? <RichText text={e.text} /> : <LinkedText text={e.text} />}
      <span class="meta">
        {time}
        {seen ? <span class="seen"> · {t.seen}</span> : null}
      </span>
    </li>
  );
}
