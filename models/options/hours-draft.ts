import { computed, signal, type Signal } from '@preact/signals-core';
import * as v from 'valibot';
import { BusinessHours, HOURS_EXCEPTIONS_MAX, HOURS_RANGES_MAX, newBusinessHours, toMinutes, WEEKDAYS, type Weekday } from '../../protocol';
import { sameJson } from './playbook-draft';
import { issuesToErrors, type Checked, type FieldErrors } from './validation';

/*
 * The `Business hours` form's state: the stored hours (null: always open), the form being edited, its problems
 * (the protocol's schema, by the same paths the room would name: `timeZone`, `week.mon.1.to`, `exceptions.0.date`)
 * and whether it differs from what is stored. Pure signals, so it runs the same in a unit test as in the page.
 *
 * A time field says '00:00' for midnight: a range that closes at 00:00 is stored as closing at 24:00 (the schema's
 * own transform), and shown back as 00:00, since a browser's time field knows no 24:00.
 */

export type RangeForm = { from: string; to: string };
/** A dated exception as edited: `ranges` are kept while `closed` is ticked, so unticking gives them back. */
export type ExceptionForm = { key: string; date: string; closed: boolean; ranges: RangeForm[] };
export type HoursFormValue = {
  /** Off: always open (the stored hours are null). */
  enabled: boolean;
  timeZone: string;
  week: Record<Weekday, RangeForm[]>;
  exceptions: ExceptionForm[];
};

/** The browser's own zone ('Europe/Paris'), what a new form starts from; 'UTC' when the browser says none. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every IANA zone the browser knows, for the Time zone field's suggestions (with 'UTC', which some leave out). */
export function timeZones(): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [browserTimeZone()];
  }
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
}

const shown = (r: RangeForm): RangeForm => ({ from: r.from, to: r.to === '24:00' ? '00:00' : r.to });

let keys = 0;
const nextKey = () => `x${++keys}`;

/** The form for stored hours, or (always open) a Monday-to-Friday 09:00–18:00 in `zone`, switched off. */
export function hoursForm(stored: BusinessHours | null, zone: string): HoursFormValue {
  const h = stored ?? newBusinessHours(zone);
  return {
    enabled: stored !== null,
    timeZone: h.timeZone,
    week: Object.fromEntries(WEEKDAYS.map((d) => [d, h.week[d].map(shown)])) as Record<Weekday, RangeForm[]>,
    exceptions: h.exceptions.map((e) => ({ key: nextKey(), date: e.date, closed: e.closed, ranges: e.closed ? [] : e.ranges.map(shown) })),
  };
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const asMinutes = (s: string) => (/^\d\d:\d\d$/.test(s) ? toMinutes(s) : NaN);

/**
 * The range `Add range` proposes: 09:00–17:00 on an empty day, else the hour after the day's last range (ending
 * at midnight at the latest). A day that already ends at midnight gets 09:00–17:00, which the schema will call
 * overlapping: the admin changes it.
 */
export function nextRange(ranges: readonly RangeForm[]): RangeForm {
  const last = ranges[ranges.length - 1];
  const end = last ? (last.to === '00:00' ? 1440 : asMinutes(last.to)) : NaN;
  if (!Number.isFinite(end) || end >= 1440) return { from: '09:00', to: '17:00' };
  const start = end;
  const stop = Math.min(1440, start + 60);
  return { from: clock(start), to: stop === 1440 ? '00:00' : clock(stop) };
}

/** What the room is sent for a form: null when off (always open), else the hours as BusinessHours takes them. */
export function hoursInput(form: HoursFormValue): unknown {
  if (!form.enabled) return null;
  return {
    timeZone: form.timeZone.trim(),
    week: form.week,
    exceptions: form.exceptions.map((e) => (e.closed ? { date: e.date, closed: true } : { date: e.date, closed: false, ranges: e.ranges })),
  };
}

/** The hours to send (null: always open), or the problems by path, checked with the schema the room uses. */
export function checkHours(form: HoursFormValue): Checked<BusinessHours | null> {
  const input = hoursInput(form);
  if (input === null) return { ok: true, value: null };
  const result = v.safeParse(BusinessHours, input);
  return result.success ? { ok: true, value: result.output } : { ok: false, errors: issuesToErrors(result.issues) };
}

const withoutKeys = (f: HoursFormValue) => ({ ...f, exceptions: f.exceptions.map(({ key: _k, ...e }) => e) });

/** The Business hours form of one workspace: edits, problems, dirty, and the stored hours as the room changes them. */
export class HoursDraft {
  readonly base = signal<BusinessHours | null>(null);
  readonly value: Signal<HoursFormValue>;
  /** Problems from the room's last refusal, by path; cleared by the next edit. */
  readonly serverErrors = signal<FieldErrors>({});
  /** Another admin saved the hours while this form had changes. */
  readonly conflict = signal(false);
  readonly saving = signal(false);
  readonly checked = computed(() => checkHours(this.value.value));
  readonly errors = computed<FieldErrors>(() => {
    const c = this.checked.value;
    return { ...this.serverErrors.value, ...(c.ok ? {} : c.errors) };
  });
  readonly dirty = computed(() => !sameJson(withoutKeys(hoursForm(this.base.value, this.zone)), withoutKeys(this.value.value)));

  constructor(
    stored: BusinessHours | null,
    private readonly zone = browserTimeZone(),
  ) {
    this.base.value = stored;
    this.value = signal(hoursForm(stored, zone));
  }

  private edit(next: HoursFormValue) {
    this.value.value = next;
    this.serverErrors.value = {};
  }

  private day(day: Weekday, ranges: RangeForm[]) {
    this.edit({ ...this.value.value, week: { ...this.value.value.week, [day]: ranges } });
  }

  setEnabled(enabled: boolean) {
    this.edit({ ...this.value.value, enabled });
  }
  setTimeZone(timeZone: string) {
    this.edit({ ...this.value.value, timeZone });
  }

  addRange(day: Weekday) {
    const ranges = this.value.value.week[day];
    if (ranges.length < HOURS_RANGES_MAX) this.day(day, [...ranges, nextRange(ranges)]);
  }
  setRange(day: Weekday, i: number, patch: Partial<RangeForm>) {
    this.day(day, this.value.value.week[day].map((r, j) => (j === i ? { ...r, ...patch } : r)));
  }
  removeRange(day: Weekday, i: number) {
    this.day(day, this.value.value.week[day].filter((_, j) => j !== i));
  }

  private exception(key: string, change: (e: ExceptionForm) => ExceptionForm | null) {
    const exceptions = this.value.value.exceptions.flatMap((e) => {
      if (e.key !== key) return [e];
      const next = change(e);
      return next ? [next] : [];
    });
    this.edit({ ...this.value.value, exceptions });
  }

  /** A new exception: `date` (the admin's today, say), closed all day. Answers its key. */
  addException(date: string): string | null {
    if (this.value.value.exceptions.length >= HOURS_EXCEPTIONS_MAX) return null;
    const key = nextKey();
    this.edit({ ...this.value.value, exceptions: [...this.value.value.exceptions, { key, date, closed: true, ranges: [] }] });
    return key;
  }
  setException(key: string, patch: Partial<Pick<ExceptionForm, 'date' | 'closed'>>) {
    this.exception(key, (e) => {
      const next = { ...e, ...patch };
      // Open on that day with no hours yet: propose the usual ones, not an empty day the schema refuses.
      if (patch.closed === false && next.ranges.length === 0) next.ranges = [nextRange([])];
      return next;
    });
  }
  addExceptionRange(key: string) {
    this.exception(key, (e) => (e.ranges.length < HOURS_RANGES_MAX ? { ...e, ranges: [...e.ranges, nextRange(e.ranges)] } : e));
  }
  setExceptionRange(key: string, i: number, patch: Partial<RangeForm>) {
    this.exception(key, (e) => ({ ...e, ranges: e.ranges.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  }
  removeExceptionRange(key: string, i: number) {
    this.exception(key, (e) => ({ ...e, ranges: e.ranges.filter((_, j) => j !== i) }));
  }
  removeException(key: string) {
    this.exception(key, () => null);
  }

  discard() {
    this.edit(hoursForm(this.base.value, this.zone));
    this.conflict.value = false;
  }

  /**
   * The room's hours changed (our save, or another admin's). A clean form, or one that says exactly the new
   * hours, takes them; a form with other changes keeps them and says there was a conflict.
   */
  rebase(stored: BusinessHours | null) {
    // A `routing` frame also comes for teams and Max chats: same hours, nothing to do.
    if (sameJson(stored, this.base.peek())) return;
    const wasDirty = this.dirty.peek();
    const mine = this.checked.peek();
    this.base.value = stored;
    if (!wasDirty || (mine.ok && sameJson(mine.value, stored))) {
      this.value.value = hoursForm(stored, this.zone);
      this.conflict.value = false;
    } else {
      this.conflict.value = true;
    }
  }

  /** The `hours-save` frame, or the problems that keep it from being sent. */
  saveFrame(): { ok: true; frame: { type: 'hours-save'; hours: BusinessHours | null } } | { ok: false; errors: FieldErrors } {
    const c = this.checked.peek();
    return c.ok ? { ok: true, frame: { type: 'hours-save', hours: c.value } } : { ok: false, errors: c.errors };
  }
}
