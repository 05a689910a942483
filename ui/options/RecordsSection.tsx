import { useEffect, useRef, useState } from 'preact/hooks';
import { recordFromHash } from '../../models/record-link';
import { downloadText } from './download';
import { Status } from './Field';
import { IntentList } from './IntentList';
import type { OptionsModel } from '../../models/options/options-model';
import { RecordsTable } from './RecordsTable';
import { exportMime } from '../../models/options/records-list';
import { texts } from '../../models/i18n';
import { useCrmLoad, useCrmModel } from './use-crm-model';
import './crm.css';

/** Admins: what the built-in store holds, its CSV/JSON export, and the queue of creates with their state. */
export function RecordsSection({ model }: { model: OptionsModel }) {
  const strings = texts().options;
  const t = strings.crm;
  const crm = useCrmModel(model);
  const [result, setResult] = useState<{ message: string | null; error: string | null }>({ message: null, error: null });
  const fail = (message: string) => setResult({ message: null, error: message });
  // Opened from a side panel link (options.html#records/<id>): that record, marked and scrolled to.
  const [linked, setLinked] = useState(() => recordFromHash(location.hash));
  // Scrolled to once per link: the section at first, the row once a page holds it.
  const shown = useRef<{ section?: string; row?: string }>({});
  useEffect(() => {
    const onHash = () => setLinked(recordFromHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const found = !!linked && !!crm?.records.value.some((r) => r.id === linked);
  useEffect(() => {
    if (!linked) return;
    const section = document.getElementById('records');
    const row = [...(section?.querySelectorAll<HTMLElement>('tr[data-id]') ?? [])].find((tr) => tr.dataset.id === linked);
    if (row && shown.current.row !== linked) {
      shown.current = { section: linked, row: linked };
      row.scrollIntoView?.({ block: 'center' });
      row.focus({ preventScroll: true });
    } else if (!row && shown.current.section !== linked) {
      shown.current.section = linked;
      section?.scrollIntoView?.({ block: 'start' });
    }
  });

  useCrmLoad(crm, (c) => {
    void model.run(() => c.reloadRecords(), '').then((out) => !out.ok && fail(out.message));
    void model.run(() => c.loadIntents(), '').then((out) => !out.ok && fail(out.message));
  });

  if (!crm) {
    return (
      <section id="records" aria-labelledby="records-heading">
        <h2 id="records-heading">{strings.sections.records}</h2>
        <p class="notice">{t.adminsOnly}</p>
      </section>
    );
  }

  const exportAs = async (format: 'csv' | 'json') => {
    const out = await model.run(() => crm.exportFile(format), '');
    if (!out.ok) return fail(out.message);
    downloadText(document, out.value.filename, out.value.content, exportMime(format));
    setResult({ message: t.exported(out.value.filename), error: null });
  };
  const refresh = async () => {
    setResult({ message: null, error: null });
    const out = await model.run(() => Promise.all([crm.reloadRecords(), crm.loadIntents()]), '');
    if (!out.ok) fail(out.message);
  };
  const loadMore = async () => {
    const out = await model.run(() => crm.loadMore(), '');
    if (!out.ok) fail(out.message);
  };

  return (
    <section id="records" aria-labelledby="records-heading">
      <h2 id="records-heading">{strings.sections.records}</h2>
      <p class="help">{t.recordsIntro}</p>
      <div class="row">
        <button type="button" onClick={() => void exportAs('csv')}>
          {t.exportCsv}
        </button>
        <button type="button" onClick={() => void exportAs('json')}>
          {t.exportJson}
        </button>
        <button type="button" onClick={() => void refresh()}>
          {t.refresh}
        </button>
      </div>
      <Status message={result.message} error={result.error} />
      {linked && !found && crm.loaded.value ? (
        <p class="notice" role="status">
          {crm.more.value ? t.linkedNotLoaded : t.linkedMissing}
          {crm.more.value ? (
            <>
              {' '}
              <button type="button" onClick={() => void loadMore()} disabled={crm.loading.value}>
                {crm.loading.value ? t.loading : t.loadMore}
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      <RecordsTable crm={crm} highlight={linked} />
      {crm.more.value && !(linked && !found) && (
        <button type="button" onClick={() => void loadMore()} disabled={crm.loading.value}>
          {crm.loading.value ? t.loading : t.loadMore}
        </button>
      )}
      <h3 id="intents-heading">{t.intents}</h3>
      <p class="help">{t.intentsIntro}</p>
      <IntentList crm={crm} model={model} onError={fail} />
    </section>
  );
}
