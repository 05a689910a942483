import { useSignal, useSignalEffect } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ConversationSummary } from '../../protocol';
import { displayName, missedAtOf } from '../../models/inbox';
import { shortTime, texts } from '../../models/i18n';

export const ROW_HEIGHT = 64;
const OVERSCAN = 6;

type Props = {
  items: ConversationSummary[];
  selectedId: string | null;
  onOpen: (id: string) => void;
  label: string;
  /** What an empty list says; null says nothing (the search's status line does). Default: the empty folder text. */
  empty?: string | null;
  /** The active search: when it changes, the list goes back to its first row. */
  query?: string;
};

/**
 * A listbox that renders only the rows in view (plus a few), so 10,000 chats cost the same as 20.
 * Keyboard: arrows move, Home/End jump, Enter opens; the active row follows aria-activedescendant.
 */
export function ConversationList({ items, selectedId, onOpen, label, empty, query = '' }: Props) {
  const t = texts().panel;
  const box = useRef<HTMLDivElement>(null);
  const scrollTop = useSignal(0);
  const height = useSignal(600);
  const active = useSignal(0);

  useLayoutEffect(() => {
    const el = box.current!;
    height.value = el.clientHeight || 600;
    const ro = new ResizeObserver(() => (height.value = el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const firstQuery = useRef(query);
  useLayoutEffect(() => {
    if (query === firstQuery.current) return;
    firstQuery.current = query;
    box.current!.scrollTop = 0;
    scrollTop.value = 0;
    active.value = 0;
  }, [query]);

  useSignalEffect(() => {
    if (active.value >= items.length) active.value = Math.max(0, items.length - 1);
  });

  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(items.length - 1, i));
    active.value = next;
    const el = box.current!;
    const top = next * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height.value / ROW_HEIGHT));
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active.value + 1),
      ArrowUp: () => moveTo(active.value - 1),
      PageDown: () => moveTo(active.value + page),
      PageUp: () => moveTo(active.value - page),
      Home: () => moveTo(0),
      End: () => moveTo(items.length - 1),
      Enter: () => items[active.value] && onOpen(items[active.value]!.id),
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  };

  const first = Math.max(0, Math.floor(scrollTop.value / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop.value + height.value) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) {
    const c = items[i]!;
    rows.push(<Row key={c.id} c={c} index={i} total={items.length} active={i === active.value} selected={c.id === selectedId} onOpen={onOpen} />);
  }
  const activeId = items[active.value] ? `row-${items[active.value]!.id}` : undefined;
  const showEmpty = items.length === 0 && empty !== null;

  return (
    <>
      {/* Outside the listbox, which may hold only options; the empty listbox points at it. */}
      {showEmpty ? (
        <p id="list-empty" class="empty">
          {empty ?? t.emptyFolder}
        </p>
      ) : null}
      <div
        ref={box}
        class="list"
        role="listbox"
        aria-label={label}
        tabIndex={0}
        aria-activedescendant={activeId}
        aria-describedby={showEmpty ? 'list-empty' : undefined}
        onScroll={(e) => (scrollTop.value = (e.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div class="list-spacer" style={{ height: `${items.length * ROW_HEIGHT}px` }}>
          {rows}
        </div>
      </div>
    </>
  );
}

type RowProps = { c: ConversationSummary; index: number; total: number; active: boolean; selected: boolean; onOpen: (id: string) => void };

function Row({ c, index, total, active, selected, onOpen }: RowProps) {
  const t = texts().panel;
  const name = displayName(c);
  const closed = c.status === 'closed' || c.status === 'missed';
  // A missed chat says when it was missed (the Missed folder's order); a closed one when it closed.
  const at = c.status === 'missed' ? missedAtOf(c) : closed && c.closedAt ? c.closedAt : c.lastActivityAt;
  const when = c.status === 'missed' ? t.missedAt(shortTime(at)) : closed && c.closedAt ? t.closedAt(shortTime(at)) : shortTime(at);
  const unread = c.unread > 0 && !closed;
  return (
    <div
      id={`row-${c.id}`}
      role="option"
      aria-selected={selected}
      aria-setsize={total}
      aria-posinset={index + 1}
      class={`row${active ? ' active' : ''}${selected ? ' selected' : ''}${unread ? ' has-unread' : ''}`}
      style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
      onClick={() => onOpen(c.id)}
    >
      <span class="row-name">{name}</span>
      <time class="row-time" dateTime={new Date(at).toISOString()}>
        {when}
      </time>
      <span class="row-last">{c.lastMessage?.text ?? ''}</span>
      {unread ? <UnreadBadge count={c.unread} /> : null}
    </div>
  );
}

/**
 * The chat's unread visitor messages as a small number ("99+" past 99). For screen readers it stays
 * one image, as the dot was, now named with the exact count: "3 unread messages".
 */
export function UnreadBadge({ count }: { count: number }) {
  const t = texts().panel;
  return (
    <span class="unread" role="img" aria-label={t.unread(count)}>
      {count > 99 ? '99+' : count}
    </span>
  );
}
