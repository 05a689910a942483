import * as v from 'valibot';
import { Limits } from './version';
import { BatonError } from './errors';
import { issuePath, issueProblems } from './problems';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: BatonError };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function hasForbiddenKey(value: unknown, depth = 0): boolean {
  if (depth > 32) return true;
  if (Array.isArray(value)) return value.some((item) => hasForbiddenKey(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return true;
      if (hasForbiddenKey((value as Record<string, unknown>)[key], depth + 1)) return true;
    }
  }
  return false;
}

/** The command's `ref` (or a message's `id`), echoed on a refusal so the sender knows which one failed. */
function refOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { ref, id } = value as { ref?: unknown; id?: unknown };
  const r = typeof ref === 'string' ? ref : typeof id === 'string' ? id : undefined;
  return r !== undefined && r.length <= 64 ? r : undefined;
}

function typeOf(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && 'type' in value) {
    const t = (value as { type: unknown }).type;
    return typeof t === 'string' ? t : undefined;
  }
  return undefined;
}

/**
 * The one way any receiver turns a raw frame or body into a typed value.
 * Never throws: a refusal comes back as a BatonError with a stable code.
 */
export function decode<S extends v.GenericSchema>(
  schema: S,
  raw: unknown,
  maxChars: number = Limits.frameChars,
): Decoded<v.InferOutput<S>> {
  if (typeof raw !== 'string') {
    return { ok: false, error: new BatonError('binary-frame', 'Frames must be JSON text, not binary') };
  }
  if (raw.length > maxChars) {
    return { ok: false, error: BatonError.of('frame-too-large', { code: 'frame-too-large', params: { max: maxChars } }) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, error: new BatonError('bad-json', 'Frame is not valid JSON') };
  }
  return decodeValue(schema, parsed);
}

/** Like `decode`, for a value already parsed (an HTTP body read with `request.json()`). */
export function decodeValue<S extends v.GenericSchema>(schema: S, parsed: unknown): Decoded<v.InferOutput<S>> {
  if (hasForbiddenKey(parsed)) {
    return { ok: false, error: new BatonError('invalid-frame', 'Frame contains a forbidden key') };
  }
  const result = v.safeParse(schema, parsed);
  if (result.success) return { ok: true, value: result.output };
  const type = typeOf(parsed);
  const first = result.issues[0];
  if (first?.path?.length === 1 && first.path[0]?.key === 'type' && type !== undefined && first.type !== 'strict_object') {
    return { ok: false, error: new BatonError('unknown-type', `Unknown frame type "${type}"`) };
  }
  if (first && first.kind === 'schema' && first.type === 'variant' && (first.path?.length ?? 0) === 0) {
    return { ok: false, error: new BatonError('unknown-type', type ? `Unknown frame type "${type}"` : 'Frame has no type') };
  }
  // Each refused field once, in English and as a problem (what clients translate), by the same paths.
  const { fields, problems } = issueProblems(result.issues, (issue) => issuePath(issue) || null);
  const dotted = first ? issuePath(first) : '';
  // A bad value inside a known frame (an email in a details patch, a card in a playbook) is a field
  // problem the UI shows next to the field; anything else is a malformed frame.
  // A number that is not finite (JSON's `1e309` parses to Infinity) is a bad field value wherever it is.
  // So is a value that fails a check of its own field (a message with nothing visible, a name with control
  // characters): the frame is well formed, one field's value is refused.
  const nested = ((first?.path?.length ?? 0) >= 2 && first?.type !== 'strict_object') || first?.type === 'finite' || (first?.type === 'check' && (first.path?.length ?? 0) >= 1 && typeof first.input !== 'object');
  return {
    ok: false,
    error: new BatonError(nested ? 'invalid-field' : 'invalid-frame', dotted ? `Invalid ${dotted}: ${first?.message}` : `Invalid frame: ${first?.message}`, {
      ...(Object.keys(fields).length ? { fields, problems } : {}),
      ...(refOf(parsed) !== undefined ? { ref: refOf(parsed) } : {}),
    }),
  };
}
