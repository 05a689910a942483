import { Fragment } from 'preact';
import type { Answers, VisitorContext } from '../../protocol';
import { formatLanguage, shortTime, texts } from '../../models/i18n';
import { linked } from './LinkedText';

/** Rough browser name from the user agent: enough for an agent, no library needed. */
export function browserName(ua: string): string {
  const t = texts().panel;
  const rules: [RegExp, string][] = [
    [/Edg\/(\d+)/, 'Edge'],
    [/OPR\/(\d+)/, 'Opera'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/Chrome\/(\d+)/, 'Chrome'],
    [/Version\/(\d+).*Safari/, 'Safari'],
  ];
  for (const [re, name] of rules) {
    const m = re.exec(ua);
    if (m) return `${name} ${m[1]}`;
  }
  return ua.slice(0, 40) || t.none;
}

function localTime(timezone: string | undefined, now = new Date()): string {
  const t = texts().panel;
  if (!timezone) return t.none;
  try {
    return `${now.toLocaleTimeString(formatLanguage(), { timeZone: timezone, hour: '2-digit', minute: '2-digit' })} (${timezone})`;
  } catch {
    return timezone;
  }
}

const link = (url: string) =>
  /^https?:\/\//i.test(url) ? (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {url}
    </a>
  ) : (
    url || texts().panel.none
  );

/** A playbook field key made readable: `company_size` → "Company size". */
export function answerLabel(key: string): string {
  const words = key.replace(/_+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

/** What the visitor answered the bot, in the playbook's order; nothing when there is nothing. */
function AnswerList({ answers }: { answers: Answers }) {
  const t = texts().panel;
  const rows = Object.entries(answers).filter(([, value]) => value.trim() !== '');
  if (rows.length === 0) return null;
  return (
    <>
      <h4 id="answers-title">{t.answers}</h4>
      <dl class="answers" aria-labelledby="answers-title">
        {rows.map(([key, value]) => (
          <Fragment key={key}>
            <dt title={key}>{answerLabel(key)}</dt>
            <dd>{linked(value)}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

export type Presence = { visitor: 'here' | 'away'; since: number | null } | null;

/** "On the site" / "Left the site at 14:02"; nothing until the room has said. */
export function presenceText(p: Presence): string | null {
  const t = texts().panel;
  if (!p) return null;
  if (p.visitor === 'here') return t.visitorHere;
  return p.since ? t.visitorAwaySince(shortTime(p.since)) : t.visitorAway;
}

export function VisitorInfo({ context, answers = {}, presence = null }: { context: VisitorContext; answers?: Answers; presence?: Presence }) {
  const t = texts().panel;
  const status = presenceText(presence);
  return (
    <section class="visitor" aria-labelledby="visitor-title">
      <h3 id="visitor-title">{t.visitorContext}</h3>
      {status ? (
        <p class={`presence ${presence!.visitor}`} role="status">
          <span class="presence-dot" aria-hidden="true" />
          {status}
        </p>
      ) : null}
      <dl>
        <dt>{t.page}</dt>
        <dd>{link(context.pageUrl)}</dd>
        <dt>{t.referrer}</dt>
        <dd>{link(context.referrer)}</dd>
        <dt>{t.language}</dt>
        <dd>{context.language || t.none}</dd>
        <dt>{t.browser}</dt>
        <dd>{browserName(context.userAgent)}</dd>
        <dt>{t.localTime}</dt>
        <dd>{localTime(context.timezone)}</dd>
      </dl>
      <AnswerList answers={answers} />
    </section>
  );
}
