import * as v from 'valibot';
import { name, str, whole } from './bounds';
import { AT_MOST_WHAT, DETAIL_LABELS, MANAGED_THINGS, PROBLEM_TARGET_MAX, type Problem, type ProblemCode, type ProblemParams } from './problems';

/*
 * A problem as a frame carries it (ErrorFrame.problem / problems), checked as strictly as every other frame:
 * a known code, exactly its parameters, bounded numbers and strings. Clients decode error frames too.
 */

/** Each code's parameter schema (null: the code has none). Typed so that a schema can't drift from ProblemParams. */
type ParamSchemas = {
  [C in ProblemCode]: ProblemParams[C] extends undefined ? null : v.GenericSchema<unknown, ProblemParams[C]>;
};

const count = whole(0, Number.MAX_SAFE_INTEGER);
const max = v.strictObject({ max: count });

const PARAMS: ParamSchemas = {
  'invalid-email': null,
  'invalid-phone': null,
  'amount-not-number': null,
  'amount-not-finite': null,
  'amount-negative': null,
  'amount-too-large': null,
  currency: null,
  date: null,
  'too-long': v.strictObject({ field: v.picklist(DETAIL_LABELS), max: count }),
  'not-finite': null,
  'not-whole': null,
  'out-of-range': null,
  'time-range': null,
  'name-chars': null,
  'message-empty': null,
  'message-invisible': null,
  'too-many': null,
  'at-most': v.strictObject({ max: count, what: v.picklist(AT_MOST_WHAT) }),
  'unsafe-image': v.strictObject({ target: str(PROBLEM_TARGET_MAX) }),
  'unsafe-link': v.strictObject({ target: str(PROBLEM_TARGET_MAX) }),
  'id-format': null,
  'wait-time': null,
  required: null,
  'answer-key': null,
  'reserved-name': null,
  'add-button': null,
  'choose-item': null,
  origin: null,
  'avatar-url': null,
  colour: null,
  'unique-card-ids': null,
  'one-live-chat': null,
  'reply-shortcut': null,
  'reply-duplicate': null,
  'replies-full': max,
  'message-id': null,
  'message-too-long': max,
  'too-many-answers': null,
  'name-required': null,
  'pipedrive-domain': null,
  'pipedrive-token': null,
  'url-full': null,
  'url-http': null,
  'https-only': null,
  'too-short': v.strictObject({ min: count }),
  'settings-object': null,
  'records-cursor': null,
  'export-format': null,
  'time-zone': null,
  'clock-time': null,
  'range-order': null,
  'range-overlap': null,
  'hours-date': null,
  'duplicate-date': null,
  'exception-hours': null,
  'too-many-ranges': max,
  'too-many-exceptions': max,
  'email-taken': null,
  'future-time': null,
  'user-hash': null,
  'identity-mismatch': null,
  'identity-required': null,
  'chat-unavailable': null,
  'email-host': null,
  'email-domain': null,
  'email-needed': null,
  'email-off': null,
  'transcript-limit': null,
  'invalid-value': null,
  'frame-too-large': max,
  'body-too-large': max,
  'hello-first': max,
  'protocol-version': v.strictObject({ version: count }),
  'assigned-to': v.strictObject({ name: v.optional(name(200)) }),
  'may-not-change': v.strictObject({ what: v.picklist(MANAGED_THINGS) }),
  'setup-key-short': v.strictObject({ min: count }),
};

const options = (Object.entries(PARAMS) as [ProblemCode, v.GenericSchema | null][]).map(([code, params]) =>
  params ? v.strictObject({ code: v.literal(code), params }) : v.strictObject({ code: v.literal(code) }),
);

/** One problem on the wire. */
export const ProblemSchema = v.variant('code', options) as unknown as v.GenericSchema<unknown, Problem>;
