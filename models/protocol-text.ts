import type { BaseIssue } from 'valibot';
import { browser } from 'wxt/browser';
import { problemOf, problemText, renderProblem, type AtMostWhat, type DetailLabel, type ErrorCode, type ErrorFrame, type Problem, type ProblemTexts } from '../protocol';
import { RequestError } from './room-connection';

/*
 * The protocol's problems and refusals in the extension's language, by code. Rooms send each refusal as a code
 * (ErrorFrame.code), the refusal's own problem when it has one (`problem`), and field problems by path
 * (`problems`), each a code with typed parameters (protocol/problems.ts); the tables below give each code its
 * text in `_locales/<lang>/messages.json`. The English `message` and `fields` of a frame are never read to
 * choose a text: only shown as given when there is nothing else (a server's free-form words, in English).
 * A new code does not compile until it has an entry here; `protocol-text.test.ts` checks that every entry has
 * an English and a French text that says the code's parameters.
 */

/** A key of `_locales/en/messages.json` (WXT types getMessage from it): a typo or a missing entry does not compile. */
type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

/** A text of the catalogue: its key and what fills its placeholders. */
export type Said = readonly [key: MessageKey, ...substitutions: string[]];

/** The field names inside "<Field> must be at most N characters". */
export const DETAIL_LABEL_KEYS = {
  Name: 'pmLabelName',
  Email: 'pmLabelEmail',
  Organization: 'pmLabelOrganization',
  Address: 'pmLabelAddress',
  Notes: 'pmLabelNotes',
} as const satisfies Record<DetailLabel, MessageKey>;

const AT_MOST_KEYS = { characters: 'pmAtMostCharacters', buttons: 'pmAtMostButtons', cards: 'pmAtMostCards' } as const satisfies Record<AtMostWhat, MessageKey>;

/** Each problem code → its text (key and substitutions). One entry per code, or this does not compile. */
export const PROBLEM_TEXTS = {
  'invalid-email': () => ['pmInvalidEmail'],
  'invalid-phone': () => ['pmInvalidPhone'],
  'amount-not-number': () => ['pmAmountNotNumber'],
  'amount-not-finite': () => ['pmAmountNotFinite'],
  'amount-negative': () => ['pmAmountNegative'],
  'amount-too-large': () => ['pmAmountTooLarge'],
  currency: () => ['pmCurrency'],
  date: () => ['pmDate'],
  'too-long': ({ field, max }) => ['pmTooLong', lookup([DETAIL_LABEL_KEYS[field]]) || field, String(max)],
  'not-finite': () => ['pmFinite'],
  'not-whole': () => ['pmInteger'],
  'out-of-range': () => ['pmRange'],
  'time-range': () => ['pmTime'],
  'name-chars': () => ['pmNameChars'],
  'message-empty': () => ['pmMessageEmpty'],
  'message-invisible': () => ['pmMessageInvisible'],
  'too-many': () => ['pmTooMany'],
  'at-most': ({ max, what }) => [AT_MOST_KEYS[what], String(max)],
  'unsafe-image': ({ target }) => ['pmUnsafeImage', target],
  'unsafe-link': ({ target }) => ['pmUnsafeLink', target],
  'id-format': () => ['pmId'],
  'wait-time': () => ['pmWaitTime'],
  required: () => ['pmRequired'],
  'answer-key': () => ['pmAnswerKey'],
  'reserved-name': () => ['pmReserved'],
  'add-button': () => ['pmAddButton'],
  'choose-item': () => ['pmChooseItem'],
  origin: () => ['pmOrigin'],
  'avatar-url': () => ['pmAvatar'],
  colour: () => ['pmColour'],
  'unique-card-ids': () => ['pmUniqueIds'],
  'one-live-chat': () => ['pmOneLiveChat'],
  'reply-shortcut': () => ['pmReplyShortcut'],
  'reply-duplicate': () => ['pmReplyDuplicate'],
  'replies-full': ({ max }) => ['pmReplyFull', String(max)],
  'message-id': () => ['pmMessageId'],
  'message-too-long': ({ max }) => ['pmMessageTooLong', String(max)],
  'too-many-answers': () => ['pmTooManyAnswers'],
  'name-required': () => ['pmNameRequired'],
  'pipedrive-domain': () => ['pmPipedriveDomain'],
  'pipedrive-token': () => ['pmPipedriveToken'],
  'url-full': () => ['pmUrlFull'],
  'url-http': () => ['pmUrlHttp'],
  'https-only': () => ['pmHttpsOnly'],
  'too-short': ({ min }) => ['pmTooShort', String(min)],
  'settings-object': () => ['pmSettingsObject'],
  'records-cursor': () => ['pmRecordsCursor'],
  'export-format': () => ['pmExportFormat'],
  'time-zone': () => ['pmTimeZone'],
  'clock-time': () => ['pmClockTime'],
  'range-order': () => ['pmRangeOrder'],
  'range-overlap': () => ['pmRangeOverlap'],
  'hours-date': () => ['pmHoursDate'],
  'duplicate-date': () => ['pmDuplicateDate'],
  'exception-hours': () => ['pmExceptionHours'],
  'too-many-ranges': ({ max }) => ['pmTooManyRanges', String(max)],
  'too-many-exceptions': ({ max }) => ['pmTooManyExceptions', String(max)],
  'email-taken': () => ['pmEmailTaken'],
  'future-time': () => ['pmFutureTime'],
  'invalid-value': () => ['pmInvalidValue'],
  'frame-too-large': ({ max }) => ['pmFrameTooLarge', String(max)],
  'body-too-large': ({ max }) => ['pmBodyTooLarge', String(max)],
  'hello-first': ({ max }) => ['pmHelloFirst', String(max)],
  'protocol-version': ({ version }) => ['pmProtocolVersion', String(version)],
  'assigned-to': ({ name }) => (name === undefined ? ['pmAssignedToAnother'] : ['pmAssignedTo', name]),
  'may-not-change': ({ what }) => [what === 'playbooks' ? 'pmMayNotChangePlaybooks' : 'pmMayNotChangeReplies'],
  'setup-key-short': ({ min }) => ['pmSetupKeyShort', String(min)],
} satisfies ProblemTexts<Said>;

/**
 * A refusal's code → its key, for a refusal that is no more than its code. The English entries repeat the
 * room's own words ($1: English, and more precise than a summary); other languages say what the code means.
 */
export const REFUSAL_KEYS = {
  'bad-json': 'refusedBadJson',
  'binary-frame': 'refusedBinaryFrame',
  'frame-too-large': 'refusedFrameTooLarge',
  'invalid-frame': 'refusedInvalidFrame',
  'unknown-type': 'refusedUnknownType',
  'version-mismatch': 'refusedVersionMismatch',
  unauthorized: 'refusedUnauthorized',
  forbidden: 'refusedForbidden',
  'not-found': 'refusedNotFound',
  'rate-limited': 'refusedRateLimited',
  'already-claimed': 'refusedAlreadyClaimed',
  'invalid-transition': 'refusedInvalidTransition',
  'conversation-closed': 'refusedConversationClosed',
  'conversation-full': 'refusedConversationFull',
  'invalid-field': 'refusedInvalidField',
  conflict: 'refusedConflict',
  unavailable: 'refusedUnavailable',
  internal: 'refusedInternal',
} as const satisfies Record<ErrorCode, MessageKey>;

/** `already-claimed` naming who won (the side panel's existing text). */
export const CLAIMED_BY_KEY: MessageKey = 'claimedBy';

/** The catalogue's text, or '' (no entry, or no i18n API, as in unit tests without a locale). */
function lookup([key, ...substitutions]: Said): string {
  try {
    return browser?.i18n?.getMessage?.(key, substitutions) || '';
  } catch {
    return '';
  }
}

const known = (p: { code: string }): p is Problem => Object.hasOwn(PROBLEM_TEXTS, p.code);

/** What a problem's code and parameters say in the extension's language (English from the protocol when there is no catalogue). */
export function problemLabel(p: Problem): string {
  if (!known(p)) return '';
  return lookup(renderProblem<Said>(PROBLEM_TEXTS, p)) || problemText(p);
}

const isIssue = (x: object): x is BaseIssue<unknown> => 'kind' in x && 'message' in x;

/**
 * A problem in the extension's language: given as a problem, or as the valibot issue a protocol schema made
 * (its recorded problem). Plain text is the server's or valibot's own words and comes back as given.
 */
export function protocolText(what: Problem | BaseIssue<unknown> | string): string {
  if (typeof what === 'string') return what;
  if (isIssue(what)) {
    const p = problemOf(what);
    return (p && problemLabel(p)) || what.message;
  }
  return problemLabel(what);
}

/** A refusal's field problems in the extension's language, by path; a path with no problem keeps its English. */
export function protocolFields(frame: Pick<ErrorFrame, 'fields' | 'problems'>): Record<string, string> {
  const out: Record<string, string> = { ...frame.fields };
  for (const [path, p] of Object.entries(frame.problems ?? {})) out[path] = problemLabel(p) || (out[path] ?? '');
  return out;
}

/** What a refused request (RequestError, ErrorFrame or any error) says, in the extension's language. */
export function refusalText(error: unknown): string {
  const frame: Pick<ErrorFrame, 'code' | 'message' | 'winner' | 'problem'> | null =
    error instanceof RequestError
      ? { code: error.code, message: error.message, winner: error.frame?.winner, problem: error.frame?.problem }
      : isErrorFrame(error)
        ? error
        : null;
  if (!frame) return error instanceof Error ? error.message : String(error);
  if (frame.code === 'already-claimed' && frame.winner) return lookup([CLAIMED_BY_KEY, frame.winner.name]) || frame.message;
  if (frame.problem) return problemLabel(frame.problem) || frame.message;
  return lookup([REFUSAL_KEYS[frame.code], frame.message]) || frame.message;
}

function isErrorFrame(x: unknown): x is ErrorFrame {
  return typeof x === 'object' && x !== null && (x as ErrorFrame).type === 'error' && Object.hasOwn(REFUSAL_KEYS, (x as ErrorFrame).code);
}
