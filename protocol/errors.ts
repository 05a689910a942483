import * as v from 'valibot';
import { name, str } from './bounds';

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

/** Sent by a room (socket or HTTP body) whenever it refuses something. Nothing changed. */
export const ErrorFrame = v.strictObject({
  type: v.literal('error'),
  code: ErrorCode,
  message: str(2_000),
  /** The `ref` (or message id) of the command that was refused, when it had one. */
  ref: v.optional(str(200)),
  /** Field-level problems, e.g. `{ 'person.email': 'Enter a valid email address' }`. */
  fields: v.optional(v.pipe(v.record(str(200), str(2_000)), v.maxEntries(100))),
  /** For `already-claimed`: who won. */
  winner: v.optional(v.strictObject({ id: str(200), name: name(200) })),
});
export type ErrorFrame = v.InferOutput<typeof ErrorFrame>;

export function errorFrame(
  code: ErrorCode,
  message: string,
  extra: Omit<ErrorFrame, 'type' | 'code' | 'message'> = {},
): ErrorFrame {
  return { type: 'error', code, message, ...extra };
}

/** Thrown inside room logic; the shell turns it into an ErrorFrame. */
export class BatonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<ErrorFrame, 'type' | 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'BatonError';
  }
  toFrame(ref?: string): ErrorFrame {
    return errorFrame(this.code, this.message, ref === undefined ? this.extra : { ...this.extra, ref });
  }
}
