import type { ComponentChildren } from 'preact';
import { texts } from '../../models/i18n';

/*
 * The frame every Insights figure sits in: a <figure> named by its heading, a legend for the eye, and under a
 * canvas chart its figures as a real table (`Show the figures`), for screen readers and for anyone who wants the
 * numbers.
 */

/** A chart's figures, for everyone (sighted users open it too): a real table with headers. */
export function Figures({ id, caption, head, rows, days }: { id: string; caption: string; head: string[]; rows: (string | number)[][]; days: readonly { day: string }[] }) {
  const t = texts().options.insights;
  return (
    <details class="figures">
      <summary>{t.figures}</summary>
      <table class="agents figures-table" id={id}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={days[i]!.day} data-day={days[i]!.day}>
              {r.map((cell, k) => (k === 0 ? <th key={k} scope="row">{cell}</th> : <td key={k}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function Block({ id, title, help, children }: { id: string; title: string; help?: string; children: ComponentChildren }) {
  return (
    <figure class="insight" aria-labelledby={`${id}-title`} id={id}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        {help ? <p class="help">{help}</p> : null}
      </figcaption>
      {children}
    </figure>
  );
}

export function Legend({ items }: { items: { label: string; colour: string; dash?: boolean }[] }) {
  return (
    <ul class="legend" aria-hidden="true">
      {items.map((i) => (
        <li key={i.label}>
          <span class={`swatch${i.dash ? ' dash' : ''}`} style={{ '--swatch': `var(${i.colour})` }} />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
