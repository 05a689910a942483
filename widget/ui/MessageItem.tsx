import type { Strings } from '../i18n';
import { autolink } from '../../protocol/autolink';
import type { Item } from '../timeline';
import { RichText } from './RichText';

/** Visitor and agent text stays plain text; only http(s) and email addresses in it become links. */
export function MessageItem({ item, t, lang, retry }: { item: Item; t: Strings; lang: string; retry?: (id: string) => void }) {
  const time = new Date(item.at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  if (item.kind === 'event') {
    return (
      <div class="event">
        {item.text} · <time dateTime={new Date(item.at).toISOString()}>{time}</time>
      </div>
    );
  }
  const meta = item.state === 'sending' ? t.sending : item.state === 'failed' ? t.notSent : item.state === 'seen' ? `${t.seen} · ${time}` : time;
  return (
    <div class={`msg ${item.kind}`}>
      {item.name && <span class="name">{item.name}</span>}
      {item.kind === 'bot' ? (
        <RichText class="bubble" text={item.text} />
      ) : (
        <div class="bubble">
          {autolink(item.text).map((p) =>
            p.t === 'text' ? (
              p.v
            ) : (
              <a href={p.href} target="_blank" rel="noopener noreferrer">
                {p.v}
              </a>
            ),
          )}
        </div>
      )}
      <span class={item.state === 'failed' ? 'meta failed' : 'meta'}>{meta}</span>
      {item.note && (
        <span class="note" role="alert">
          {item.note}
          {item.retry && retry && (
            <button type="button" class="retry" onClick={() => retry(item.key)}>
              {t.retry}
            </button>
          )}
        </span>
      )}
    </div>
  );
}
