import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Entry } from '../../protocol';
import type { ConversationClient } from '../../models/conversation-client';
import { texts } from '../../models/i18n';
import { silentAgents } from '../../models/transcript-events';
import { Boundary } from '../../widget/ui/Boundary';
import { LinkedText } from './LinkedText';
import { eventText, TranscriptItem } from './TranscriptItem';

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

/** What the live region says for a line that just arrived; null for my own (and other agents') messages. */
export function announcement(e: Entry, visitorName: string, silent?: string): string | null {
  const t = texts().panel;
  if (e.kind === 'event') return eventText(e, silent);
  if (e.from === 'agent') return null;
  return t.liveMessage(e.from === 'visitor' ? visitorName : (e.authorName ?? 'Bot'), e.text);
}

/** The log (bot part, chat, events) with the outbox below it; scrolls to the newest line. */
/** `visitorName` is the chat's name (the list's); `visitor` the name the visitor gave, labelling their lines when known. */
export function Transcript({ client, visitorName, visitor = null }: { client: ConversationClient; visitorName: string; visitor?: string | null }) {
  const t = texts().panel;
  const box = useRef<HTMLOListElement>(null);
  const end = useRef<HTMLLIElement>(null);
  // The oldest entry shown, by seq: set once, so new lines never push older ones out under the agent's eyes.
  const from = useRef<number | null>(null);
  // Height, scroll and on-screen top before older lines were added above: restored so the view does
  // not jump (the top moves when the Show earlier button above goes away).
  const grew = useRef<{ height: number; top: number; y: number } | null>(null);
  const earlier = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const [, rerender] = useState(0);
  const entries = client.entries.value;
  const outbox = client.outbox.value;
  const seenSeq = client.seenByVisitor.value;
  const silent = useMemo(() => silentAgents(entries), [entries]);
  // Announced: only what arrives while this chat is open (not what was there when it opened).
  const openedWith = useRef(client.arrived.peek());
  const arrived = client.arrived.value === openedWith.current ? [] : client.arrived.value;
  if (from.current === null && entries.length > 0) from.current = entries[Math.max(0, entries.length - TAIL)]!.seq;
  const start = from.current === null ? 0 : indexFrom(entries, from.current);
  let lastAgent: Entry | undefined;
  for (let i = entries.length - 1; i >= 0 && !lastAgent; i--) {
    const e = entries[i]!;
    if (e.kind === 'message' && e.from === 'agent') lastAgent = e;
  }

  // Adds the next STEP older entries above, keeping what the agent sees where it is (restored below).
  const grow = () => {
    const el = box.current;
    if (!el || start === 0 || grew.current) return;
    grew.current = { height: el.scrollHeight, top: el.scrollTop, y: el.getBoundingClientRect().top };
    from.current = entries[Math.max(0, start - STEP)]!.seq;
    // The button goes away with the last step: keep keyboard focus in the chat, not on <body>.
    refocus.current = start <= STEP && document.activeElement === earlier.current;
    rerender((n) => n + 1);
  };
  const growIfNearTop = () => {
    const el = box.current;
    // Hidden (the Details pane of a narrow panel) has no height: nothing to fill.
    if (!el || el.clientHeight === 0 || el.scrollTop > el.clientHeight) return;
    grow();
  };
  // Before paint, so the first frame of a chat already shows its newest line.
  useLayoutEffect(() => end.current?.scrollIntoView({ block: 'end' }), [entries.length, outbox.length, client.visitorTyping.value]);
  useLayoutEffect(() => {
    const el = box.current;
    const g = grew.current;
    if (el && g) el.scrollTop = g.top + (el.scrollHeight - g.height) + (el.getBoundingClientRect().top - g.y);
    grew.current = null;
    if (refocus.current) el?.focus();
    refocus.current = false;
    growIfNearTop();
  });
  // For keyboard and screen-reader users, who do not scroll their way up. Outside the scroller: a
  // button inside would be scrolled to on focus, load more by itself and leave focus off screen.
  const more =
    start > 0 ? (
      <button ref={earlier} type="button" class="btn earlier" onClick={grow}>
        {t.showEarlier}
      </button>
    ) : null;
  return (
    <>
      {more}
      <ol ref={box} class="transcript" tabIndex={-1} aria-label={t.chat} style={{ overflowAnchor: 'none' }} onScroll={growIfNearTop}>
        {entries.slice(start).map((e) => (
          <Boundary key={e.seq} tag="li" text={t.itemBroken}>
            <TranscriptItem e={e} seen={e === lastAgent && e.seq <= seenSeq} visitor={visitor} silent={silent.get(e.seq)} onRetry={(kind) => void client.retryRecord(kind).catch(() => {})} />
          </Boundary>
        ))}
        {outbox.map((m) => (
          <li key={m.id} class={`msg agent pending${m.error ? ' refused' : ''}`}>
            <div id={`out-${m.id}`}>
              <LinkedText text={m.text} />
            </div>
            <span class="meta">{m.error ? <span class="error" id={`why-${m.id}`}>{m.error}</span> : t.sending}</span>
            {m.error ? (
              <span class="actions">
                {client.canRetry(m) ? (
                  <button type="button" class="btn" aria-describedby={`out-${m.id} why-${m.id}`} onClick={() => client.retry(m.id)}>
                    {t.retry}
                  </button>
                ) : null}
                <button
                  type="button"
                  class="btn"
                  aria-describedby={`out-${m.id} why-${m.id}`}
                  onClick={() => {
                    client.discard(m.id);
                    // The button goes with the message: keep keyboard focus in the chat.
                    box.current?.focus();
                  }}
                >
                  {t.discard}
                </button>
              </span>
            ) : null}
          </li>
        ))}
        <li ref={end} class="typing" aria-live="polite">
          {client.visitorTyping.value ? t.typing(visitorName) : ''}
        </li>
      </ol>
      {/* The transcript itself is not live: opening a chat or revealing older lines would read them all. */}
      <div class="visually-hidden live-news" aria-live="polite">
        {arrived.map((e) => {
          const text = announcement(e, visitorName, silent.get(e.seq));
          return text ? <p key={e.seq}>{text}</p> : null;
        })}
      </div>
    </>
  );
}
