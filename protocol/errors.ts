import * as v from 'valibot';
import { name, str } from './bounds';
import { ProblemSchema } from './problem-schema';
import { FIELD_LIMITS, problemText, type Problem } from './problems';
import { HoursAnswer } from './routing';

/** Every refusal a room can give. Stable strings: clients switch on them. */
export const ErrorCode = v.picklist([
  'bad-json',
  'binary-frame',
  'frame-too-large',
  'invalid-frame',
  'unknown-type',
  'version-mismatch',
  'unauthorized',
  'forbidden',
  'not-found',
  'rate-limited',
  'already-claimed',
  'invalid-transition',
  'conversation-closed',
  /** A message refused because the conversation reached its entry or size cap (Limits.conversationEntries, conversationChars). */
  'conversation-full',
  'invalid-field',
  'conflict',
  'unavailable',
  'internal',
]);
export type ErrorCode = v.InferOutput<typeof ErrorCode>;

/** Longest `message` of an error frame. */
export const ERROR_MESSAGE_MAX = 2_000;

/**
 * Sent by a room (socket or HTTP body) whenever it refuses something. Nothing changed.
 * Clients translate by `code`, `problem` and `problems` (protocol/problems.ts); `message` and `fields` are the
 * same things in English, for API consumers and older clients.
 */
export const ErrorFrame = v.strictObject({
  type: v.literal('error'),
  code: ErrorCode,
  message: str(ERROR_MESSAGE_MAX),
  /** The `ref` (or message id) of the command that was refused, when it had one. */
  ref: v.optional(str(200)),
  /** The refusal itself as a problem, when it is more than its code (a limit, a name, a rule): `message` is its English. */
  problem: v.optional(ProblemSchema),
  /** Field-level problems in English, e.g. `{ 'person.email': 'Enter a valid email address' }`. */
  fields: v.optional(v.pipe(v.record(str(FIELD_LIMITS.pathChars), str(FIELD_LIMITS.textChars)), v.maxEntries(FIELD_LIMITS.entries))),
  /** The same field problems by code, keyed by the same paths: `{ 'person.email': { code: 'invalid-email' } }`. */
  problems: v.optional(v.pipe(v.record(str(FIELD_LIMITS.pathChars), ProblemSchema), v.maxEntries(FIELD_LIMITS.entries))),
  /** For `already-claimed`: who won. */
  winner: v.optional(v.strictObject({ id: str(200), name: name(200) })),
  /** For `unavailable` outside business hours (a new chat): when the team is back. */
  hours: v.optional(HoursAnswer),
});
export type ErrorFrame = v.InferOutput<typeof ErrorFrame>;
type Extra = Omit<ErrorFrame, 'type' | 'code' | 'message'>;

export function errorFrame(code: ErrorCode, message: string, extra: Extra = {}): ErrorFrame {
  const said = message.length > ERROR_MESSAGE_MAX ? `${message.slice(0, ERROR_MESSAGE_MAX - 1)}…` : message;
  return { type: 'error', code, message: said, ...extra };
}

/** Thrown inside room logic; the shell turns it into an ErrorFrame. */
export class BatonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Extra = {},
  ) {
    super(message);
    this.name = 'BatonError';
  }
  /** A refusal that is one problem: its English is the message, the problem rides along for clients. */
  static of(code: ErrorCode, problem: Problem, extra: Omit<Extra, 'problem'> = {}): BatonError {
    return new BatonError(code, problemText(problem), { problem, ...extra });
  }
  toFrame(ref?: string): ErrorFrame {
    return errorFrame(this.code, this.message, ref === undefined ? this.extra : { ...this.extra, ref });
  }
}
