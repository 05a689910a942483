import type { Entry } from '../../protocol';
import type { DetailsDraft, FieldPath } from '../../models/details-draft';
import type { OpenChat } from '../../models/panel-model';
import { refusalText } from '../../models/protocol-text';
import { shortTime, texts } from '../../models/i18n';
import { MenuButton } from './MenuButton';

type FieldDef = { path: FieldPath; label: string; type?: string; multiline?: boolean; inputMode?: string; autoComplete?: string };

function Field({ draft, def }: { draft: DetailsDraft; def: FieldDef }) {
  const id = `f-${def.path.replace('.', '-')}`;
  const error = draft.errors.value[def.path];
  const common = {
    id,
    value: draft.values.value[def.path],
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    onInput: (e: Event) => draft.input(def.path, (e.currentTarget as HTMLInputElement).value),
    onBlur: () => void draft.flush(),
  };
  return (
    <div class="field">
      <label for={id}>{def.label}</label>
      {def.multiline ? <textarea rows={4} {...common} /> : <input type={def.type ?? 'text'} inputMode={def.inputMode as 'decimal'} autoComplete={def.autoComplete ?? 'off'} {...common} />}
      {error ? (
        <span id={`${id}-error`} class="error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** Collected data, saved as the agent types; lead/deal creation; records already made. */
export function DetailsPanel({ chat, onNotice }: { chat: OpenChat; onNotice: (text: string) => void }) {
  const { draft, client } = chat;
  const create = (kind: 'lead' | 'deal') =>
    draft
      .flush()
      .then(() => client.createRecord(kind))
      .catch((e: unknown) => onNotice(refusalText(e)));
  const records = client.entries.value.filter((e): e is Extract<Entry, { kind: 'event' }> => e.kind === 'event' && (e.event === 'lead-created' || e.event === 'deal-created'));
  const t = texts().panel;
  const state = t.saveStates[draft.state.value];
  return (
    <section class="details" aria-labelledby="details-title">
      <div class="details-head">
        <h3 id="details-title">{t.details}</h3>
        <span class="muted" role="status">
          {state}
        </span>
      </div>
      <div class="details-actions">
        <button type="button" class="btn primary" onClick={() => void create('lead')}>
          {t.createLead}
        </button>
        <MenuButton label={t.moreActions} class="btn icon" items={[{ label: t.createDeal, onSelect: () => void create('deal') }]}>
          ⋯
        </MenuButton>
      </div>
      {records.length ? (
        <ul class="records">
          {records.map((r) => (
            <li key={r.seq}>
              {t.recordCreated(r.event === 'lead-created' ? t.recordLead : t.recordDeal)}
              {' · '}
              {r.record?.url ? (
                <a href={r.record.url} target="_blank" rel="noopener noreferrer">
                  {r.record.title}
                </a>
              ) : (
                r.record?.title
              )}{' '}
              <time dateTime={new Date(r.at).toISOString()}>{shortTime(r.at)}</time>
            </li>
          ))}
        </ul>
      ) : null}
      <fieldset>
        <legend>{t.dealValue}</legend>
        <div class="row2">
          <Field draft={draft} def={{ path: 'value.amount', label: t.amount, inputMode: 'decimal' }} />
          <Field draft={draft} def={{ path: 'value.currency', label: t.currency }} />
        </div>
        <Field draft={draft} def={{ path: 'expectedCloseDate', label: t.expectedClose, type: 'date' }} />
      </fieldset>
      <fieldset>
        <legend>{t.person}</legend>
        <Field draft={draft} def={{ path: 'person.name', label: t.name }} />
        <Field draft={draft} def={{ path: 'person.email', label: t.email, type: 'email' }} />
        <Field draft={draft} def={{ path: 'person.phone', label: t.phone, type: 'tel' }} />
      </fieldset>
      <fieldset>
        <legend>{t.organization}</legend>
        <Field draft={draft} def={{ path: 'organization.name', label: t.orgName }} />
        <Field draft={draft} def={{ path: 'organization.address', label: t.address, multiline: true }} />
      </fieldset>
      <Field draft={draft} def={{ path: 'notes', label: t.notes, multiline: true }} />
    </section>
  );
}
