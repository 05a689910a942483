import { Fragment } from 'preact';
import type { Answers, PageView, VisitorContext, VisitorIdentity } from '../../protocol';
import { formatLanguage, shortTime, texts } from '../../models/i18n';
import { currentPage, pagesNewestFirst, utmPairs } from '../../models/visitor-history';
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

const link = (url: string, label?: string) =>
  /^https?:\/\//i.test(url) ? (
    <a href={url} target="_blank" rel="noopener noreferrer" title={label ? url : undefined}>
      {label || url}
    </a>
  ) : (
    url || texts().panel.none
  );

/** What `Baton('identify', …)` said without a matching hash: the visitor's own claim, apart from the details. */
function IdentityClaim({ identity }: { identity: VisitorIdentity | undefined }) {
  const t = texts().panel;
  if (!identity || identity.verified) return null;
  const rows = (
    [
      [t.name, identity.name],
      [t.email, identity.email],
      [t.phone, identity.phone],
      [t.organization, identity.company],
      [t.userId, identity.id],
    ] as const
  ).filter(([, value]) => value?.trim());
  if (rows.length === 0) return null;
  return (
    <>
      <h4 id="claim-title">{t.visitorSays}</h4>
      <dl class="claim" aria-labelledby="claim-title">
        {rows.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

/** `Pages visited`, newest first, each with its time: a disclosure (closed at first: the current page is above). */
function PagesVisited({ trail }: { trail: readonly PageView[] }) {
  const t = texts().panel;
  if (trail.length === 0) return null;
  return (
    <details class="pages-visited">
      <summary>{t.pagesVisited(trail.length)}</summary>
      <ol aria-label={t.pagesVisited(trail.length)}>
        {pagesNewestFirst(trail).map((p, i) => (
          <li key={`${p.at}-${i}`}>
            <time dateTime={new Date(p.at).toISOString()}>{shortTime(p.at)}</time> {link(p.url, p.title)}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Where the visit began: landing page, referrer, when, and the UTM parameters. */
function VisitStartInfo({ visit }: { visit: VisitorContext['visit'] }) {
  const t = texts().panel;
  if (!visit) return null;
  return (
    <>
      <h4 id="visit-title">{t.visitStart}</h4>
      <dl class="visit" aria-labelledby="visit-title">
        <dt>{t.landingPage}</dt>
        <dd>{link(visit.landingPage)}</dd>
        <dt>{t.referrer}</dt>
        <dd>{link(visit.referrer)}</dd>
        <dt>{t.visitStarted}</dt>
        <dd>
          <time dateTime={new Date(visit.at).toISOString()}>{shortTime(visit.at)}</time>
        </dd>
        {utmPairs(visit.utm).map(([key, value]) => (
          <Fragment key={key}>
            <dt>{key}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

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

type VisitorInfoProps = { context: VisitorContext; answers?: Answers; presence?: Presence; trail?: readonly PageView[]; identity?: VisitorIdentity };

export function VisitorInfo({ context, answers = {}, presence = null, trail = [], identity }: VisitorInfoProps) {
  const t = texts().panel;
  const status = presenceText(presence);
  const now = currentPage(trail);
  return (
    <section class="visitor" aria-labelledby="visitor-title">
      <h3 id="visitor-title">{t.visitorContext}</h3>
      {status ? (
        <p class={`presence ${presence!.visitor}`} role="status">
          <span class="presence-dot" aria-hidden="true" />
          {status}
        </p>
      ) : null}
      <IdentityClaim identity={identity} />
      <dl>
        {now ? (
          <>
            <dt>{t.currentPage}</dt>
            <dd class="current-page">{link(now.url, now.title)}</dd>
          </>
        ) : (
          <>
            <dt>{t.page}</dt>
            <dd>{link(context.pageUrl)}</dd>
          </>
        )}
        <dt>{t.referrer}</dt>
        <dd>{link(context.referrer)}</dd>
        <dt>{t.language}</dt>
        <dd>{context.language || t.none}</dd>
        <dt>{t.browser}</dt>
        <dd>{browserName(context.userAgent)}</dd>
        <dt>{t.localTime}</dt>
        <dd>{localTime(context.timezone)}</dd>
      </dl>
      <PagesVisited trail={trail} />
      <VisitStartInfo visit={context.visit} />
      <AnswerList answers={answers} />
    </section>
  );
}
