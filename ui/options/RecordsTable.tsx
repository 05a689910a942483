import type { CrmModel } from '../../models/options/crm-model';
import { formatTime, recordDetails } from '../../models/options/records-list';
import { formatLanguage, texts } from '../../models/i18n';

/**
 * The built-in records, newest first: kind, title (linked when the record has a link), details, time.
 * `highlight`: the record a side panel link points at, marked with aria-current and the `highlight` class.
 */
export function RecordsTable({ crm, highlight = null }: { crm: CrmModel; highlight?: string | null }) {
  const strings = texts().options;
  const t = strings.crm;
  const records = crm.records.value;
  if (records.length === 0) return <p class="help">{crm.loading.value ? t.loading : t.noRecords}</p>;
  return (
    <table class="records">
      <caption class="visually-hidden">{t.recordsCaption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.columns.kind}</th>
          <th scope="col">{t.columns.title}</th>
          <th scope="col">{t.columns.details}</th>
          <th scope="col">{t.columns.created}</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr
            key={`${r.kind}:${r.id}`}
            data-kind={r.kind}
            data-id={r.id}
            {...(r.id === highlight ? { 'aria-current': 'true', class: 'highlight', tabIndex: -1 } : {})}
          >
            <td>{t.recordKinds[r.kind]}</td>
            <td>{r.url ? <a href={r.url} target="_blank" rel="noopener noreferrer">{r.title}</a> : r.title}</td>
            <td class="details">{recordDetails(r)}</td>
            <td class="time">
              <time dateTime={new Date(r.createdAt).toISOString()}>{formatTime(formatLanguage(), r.createdAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
