import * as v from 'valibot';
import { problemText, says, type AtMostWhat } from './problems';
import { isSafeName } from './text-checks';

export * from './text-checks';

/** The bounds' problems in English (kept for API consumers and tests; clients translate the codes). */
export const BoundMessages = {
  finite: problemText({ code: 'not-finite' }),
  integer: problemText({ code: 'not-whole' }),
  range: problemText({ code: 'out-of-range' }),
  time: problemText({ code: 'time-range' }),
  nameChars: problemText({ code: 'name-chars' }),
  empty: problemText({ code: 'message-empty' }),
  invisible: problemText({ code: 'message-invisible' }),
  tooMany: problemText({ code: 'too-many' }),
} as const;

/** "At most N characters" (or buttons, cards) as a valibot message. */
export const atMost = (max: number, what: AtMostWhat = 'characters') => says({ code: 'at-most', params: { max, what } });

/*
 * The building blocks that bound every number and string of the protocol: finite numbers, whole numbers where
 * whole numbers are meant, timestamps in a sane range, a length on every string and array, names without
 * control or text-direction characters (see text-checks.ts), messages with something visible in them.
 */

/** Timestamps (ms since 1970) a schema accepts: 2000-01-01 to 2100-01-01. Rooms may check "now + 1 day" themselves. */
export const TIME_MIN = Date.UTC(2000, 0, 1);
export const TIME_MAX = Date.UTC(2100, 0, 1);

/** A finite whole number from `min` to `max`. */
export const whole = (min = 0, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(
    v.number(),
    v.finite(says({ code: 'not-finite' })),
    v.integer(says({ code: 'not-whole' })),
    v.minValue(min, says({ code: 'out-of-range' })),
    v.maxValue(max, says({ code: 'out-of-range' })),
  );

/** A time in ms since 1970, whole, between 2000 and 2100. */
export const Timestamp = v.pipe(
  v.number(),
  v.finite(says({ code: 'not-finite' })),
  v.integer(says({ code: 'not-whole' })),
  v.minValue(TIME_MIN, says({ code: 'time-range' })),
  v.maxValue(TIME_MAX, says({ code: 'time-range' })),
);

/** A string of at most `max` UTF-16 code units. */
export const str = (max: number) => v.pipe(v.string(), v.maxLength(max, atMost(max)));

/** An array of at most `max` items. */
export const list = <S extends v.GenericSchema>(item: S, max: number) => v.pipe(v.array(item), v.maxLength(max, says({ code: 'too-many' })));

/** Ids the server makes (conversation, record, intent ids): generous, but bounded. */
export const ServerId = str(200);

/** A name (agent, visitor, contact, person, organization, bot) of at most `max` characters. */
export const name = (max: number) => v.pipe(str(max), v.check(isSafeName, says({ code: 'name-chars' })));

