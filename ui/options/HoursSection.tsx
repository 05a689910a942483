import { useMemo, useState } from 'preact/hooks';
import { HOURS_RANGES_MAX, WEEKDAYS } from '../../protocol';
import { timeZones, type HoursDraft, type RangeForm } from '../../models/options/hours-draft';
import type { OptionsModel } from '../../models/options/options-model';
import type { FieldErrors } from '../../models/options/validation';
import { texts } from '../../models/i18n';
import { Check, Field, Status } from './Field';
import { Icon } from './Icon';

/** Today in the browser's calendar, 'YYYY-MM-DD': where a new exception starts. */
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * `Business hours`: a time zone, a week of ranges, dated exceptions, Save. Admins edit; agents see the same form
 * read-only. Problems show next to their field (the protocol's schema first, then the room's answer).
 */
export function HoursSection({ model }: { model: OptionsModel }) {
  const t = texts().options;
  const h = t.hours;
  const draft = model.hours.value;
  const admin = model.isAdmin.value;
  const [result, setResult] = useState<{ message: string | null; error: string | null }>({ message: null, error: null });
  const zones = useMemo(() => timeZones(), []);
  if (!draft) return null;
  const form = draft.value.value;
  const errors = draft.errors.value;
  const errorCount = Object.keys(errors).length;
  const readOnly = !admin;

  const save = async () => {
    if (errorCount > 0) {
      setResult({ message: null, error: h.fixErrors(errorCount) });
      document.querySelector<HTMLElement>('#hours [aria-invalid="true"]')?.focus();
      return;
    }
    setResult({ message: h.saving, error: null });
    const out = await model.saveHours();
    setResult(out.ok ? { message: h.saved, error: null } : { message: null, error: out.message ?? h.fixErrors(Object.keys(draft.errors.peek()).length) });
  };

  return (
    <section id="hours" aria-labelledby="hours-heading">
      <h2 id="hours-heading">{t.sections.hours}</h2>
      <p class="help">{h.intro}</p>
      {readOnly && <p class="notice">{h.adminsOnly}</p>}
      {draft.conflict.value && (
        <p class="error" role="alert">
          {h.conflict}
        </p>
      )}
      <fieldset class="hours-form" disabled={readOnly}>
        <legend class="visually-hidden">{t.sections.hours}</legend>
        <Check switch label={h.enabled} checked={form.enabled} onChange={(on) => draft.setEnabled(on)} />
        {!form.enabled ? (
          <p class="help">{h.alwaysOpen}</p>
        ) : (
          <>
            <Field label={h.timeZone} help={h.timeZoneHelp} error={errors['timeZone']} class="time-zone">
              {(a) => (
                <input {...a} list="hours-zones" autocomplete="off" spellcheck={false} value={form.timeZone} onInput={(e) => draft.setTimeZone(e.currentTarget.value)} />
              )}
            </Field>
            <datalist id="hours-zones">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <fieldset class="week">
              <legend>{h.week}</legend>
              <p class="help">{h.midnight}</p>
              {errors['week'] && <p class="error">{errors['week']}</p>}
              {WEEKDAYS.map((day) => (
                <Ranges
                  key={day}
                  label={h.weekdays[day]}
                  ranges={form.week[day]}
                  errors={errors}
                  path={`week.${day}`}
                  readOnly={readOnly}
                  onAdd={() => draft.addRange(day)}
                  onChange={(i, patch) => draft.setRange(day, i, patch)}
                  onRemove={(i) => draft.removeRange(day, i)}
                />
              ))}
            </fieldset>
            <Exceptions draft={draft} errors={errors} readOnly={readOnly} />
          </>
        )}
      </fieldset>
      {!readOnly && (
        <div class="save-bar">
          <button type="button" class="primary" onClick={save} disabled={draft.saving.value}>
            {h.save}
          </button>
          <button
            type="button"
            onClick={() => {
              draft.discard();
              setResult({ message: null, error: null });
            }}
            disabled={!draft.dirty.value && !draft.conflict.value}
          >
            {h.discard}
          </button>
          <span class="help">{draft.dirty.value ? h.unsaved : ''}</span>
          <Status message={result.message === h.saved && draft.dirty.value ? null : result.message} error={result.error ?? (errors[''] || null)} />
        </div>
      )}
    </section>
  );
}

type RangesProps = {
  /** The day's name (a weekday) or the exception's date. */
  label: string;
  ranges: readonly RangeForm[];
  errors: FieldErrors;
  /** Where this day's problems are: `week.mon`, `exceptions.2.ranges`. */
  path: string;
  readOnly: boolean;
  /** Shown as the group's legend (a weekday); an exception's ranges sit under its own fields. */
  legend?: boolean;
  onAdd: () => void;
  onChange: (i: number, patch: Partial<RangeForm>) => void;
  onRemove: (i: number) => void;
};

/** One day's ranges: opens – closes, remove, and `Add range`; "Closed" when it has none. */
function Ranges({ label, ranges, errors, path, readOnly, legend = true, onAdd, onChange, onRemove }: RangesProps) {
  const h = texts().options.hours;
  const body = (
    <>
      {ranges.length === 0 && <span class="help closed-day">{h.closed}</span>}
      {ranges.map((r, i) => {
        const at = `${path}.${i}`;
        const problem = errors[`${at}.from`] ?? errors[`${at}.to`] ?? errors[at];
        const errorId = `hours-${at.replace(/\./g, '-')}-error`;
        const invalid = (key: 'from' | 'to') =>
          errors[`${at}.${key}`] || (key === 'to' && errors[at]) ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};
        return (
          <div class="range" key={i} data-range={i + 1}>
            <input type="time" aria-label={h.opens(label, i + 1)} value={r.from} readOnly={readOnly} {...invalid('from')} onInput={(e) => onChange(i, { from: e.currentTarget.value })} />
            <span aria-hidden="true">{h.until}</span>
            <input type="time" aria-label={h.closes(label, i + 1)} value={r.to} readOnly={readOnly} {...invalid('to')} onInput={(e) => onChange(i, { to: e.currentTarget.value })} />
            {!readOnly && (
              <button type="button" class="icon" aria-label={h.removeRange(label, i + 1)} title={h.removeRange(label, i + 1)} onClick={() => onRemove(i)}>
                <Icon name="close" />
              </button>
            )}
            {problem && (
              <p class="error" id={errorId}>
                {problem}
              </p>
            )}
          </div>
        );
      })}
      {errors[path] && <p class="error">{errors[path]}</p>}
      {!readOnly && ranges.length < HOURS_RANGES_MAX && (
        <button type="button" class="add-range" aria-label={h.addRangeTo(label)} onClick={onAdd}>
          {h.addRange}
        </button>
      )}
    </>
  );
  return legend ? (
    <fieldset class="day" data-day={label}>
      <legend>{label}</legend>
      <div class="ranges">{body}</div>
    </fieldset>
  ) : (
    <div class="ranges">{body}</div>
  );
}

/** The dated exceptions: a date, closed all day or open at its own ranges, remove; `Add exception`. */
function Exceptions({ draft, errors, readOnly }: { draft: HoursDraft; errors: FieldErrors; readOnly: boolean }) {
  const h = texts().options.hours;
  const list = draft.value.value.exceptions;
  return (
    <fieldset class="exceptions">
      <legend>{h.exceptions}</legend>
      <p class="help">{h.exceptionsHelp}</p>
      {errors['exceptions'] && <p class="error">{errors['exceptions']}</p>}
      {list.length === 0 && <p class="help">{h.noExceptions}</p>}
      {list.map((e, i) => {
        const name = e.date || h.newDate;
        return (
          <fieldset class="exception" key={e.key} data-exception={e.date}>
            <legend>{name}</legend>
            <div class="row">
              <Field label={h.date} error={errors[`exceptions.${i}.date`] ?? errors[`exceptions.${i}`]}>
                {(a) => <input {...a} type="date" value={e.date} readOnly={readOnly} onInput={(ev) => draft.setException(e.key, { date: ev.currentTarget.value })} />}
              </Field>
              <Field label={h.dayIs}>
                {(a) => (
                  <select {...a} value={e.closed ? 'closed' : 'open'} disabled={readOnly} onChange={(ev) => draft.setException(e.key, { closed: ev.currentTarget.value === 'closed' })}>
                    <option value="closed">{h.closedAllDay}</option>
                    <option value="open">{h.openAt}</option>
                  </select>
                )}
              </Field>
              {!readOnly && (
                <button type="button" class="danger" onClick={() => draft.removeException(e.key)}>
                  {h.removeException(name)}
                </button>
              )}
            </div>
            {!e.closed && (
              <Ranges
                label={name}
                legend={false}
                ranges={e.ranges}
                errors={errors}
                path={`exceptions.${i}.ranges`}
                readOnly={readOnly}
                onAdd={() => draft.addExceptionRange(e.key)}
                onChange={(j, patch) => draft.setExceptionRange(e.key, j, patch)}
                onRemove={(j) => draft.removeExceptionRange(e.key, j)}
              />
            )}
          </fieldset>
        );
      })}
      {!readOnly && (
        <button type="button" onClick={() => draft.addException(today())}>
          {h.addException}
        </button>
      )}
    </fieldset>
  );
}
