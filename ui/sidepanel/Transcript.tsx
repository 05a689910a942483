import { useLayoutEffect, useRef, useState } from 'preact/hooks';
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

// A long chat renders its newest lines first: laying out 1,000 entries costs ~200 ms on a small
// machine, and the agent starts at the bottom anyway. Older lines join as the agent scrolls up.
const TAIL = 40;
const STEP = 100;

/** Index of the first entry with seq >= `seq` (entries are sorted by seq). */
function indexFrom(entries: Entry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The log (bot part, chat, events) with the outbox below it; scrolls to the newest line. */
export function Transcript({ client, visitorName }: { client: ConversationClient; visitorName: string }) {
  const box = useRef<HTMLOListElement>(null);
  const end = useRef<HTMLLIElement>(null);
  // The oldest entry shown, by seq: set once, so new lines never push older ones out under the agent's eyes.
  const from = useRef<number | null>(null);
  // Height and scroll before older lines were added above: restored so the view does not jump.
  const grew = useRef<{ height: number; top: number } | null>(null);
  const [, rerender] = useState(0);
  const entries = client.entries.value;
  const outbox = client.outbox.value;
  const seenSeq = client.seenByVisitor.value;
  if (from.current === null && entries.length > 0) from.current = entries[Math.max(0, entries.length - TAIL)]!.seq;
  const start = from.current === null ? 0 : indexFrom(entries, from.current);
  let lastAgent: Entry | undefined;
  for (let i = entries.length - 1; i >= 0 && !lastAgent; i--) {
    const e = entries[i]!;
    if (e.kind === 'message' && e.from === 'agent') lastAgent = e;
  }

  const growIfNearTop = () => {
    const el = box.current;
    // Hidden (the Details pane of a narrow panel) has no height: nothing to fill.
    if (!el || start === 0 || grew.current || el.clientHeight === 0 || el.scrollTop > el.clientHeight) return;
    grew.current = { height: el.scrollHeight, top: el.scrollTop };
    from.current = entries[Math.max(0, start - STEP)]!.seq;
    rerender((n) => n + 1);
  };
  // Before paint, so the first frame of a chat already shows its newest line.
  useLayoutEffect(() => end.current?.scrollIntoView({ block: 'end' }), [entries.length, outbox.length, client.visitorTyping.value]);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && grew.current) el.scrollTop = grew.current.top + (el.scrollHeight - grew.current.height);
    grew.current = null;
    growIfNearTop();
  });
  return (
    <ol ref={box} class="transcript" aria-label={t('chat')} aria-live="polite" style={{ overflowAnchor: 'none' }} onScroll={growIfNearTop}>
      {entries.slice(start).map((e) => (
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
