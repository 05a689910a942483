/**
 * The text checks behind the protocol's bounds (protocol/bounds.ts), without valibot: the widget uses them too.
 *
 * Every fixed message here is English on the wire; the extension translates each one (models/protocol-text.ts),
 * so a new one must be added there too.
 */
/** Kept apart so that the widget, which checks names (protocol/details.ts), does not carry the other messages. */
export const NAME_CHARS_MESSAGE = 'Remove control and text-direction characters';

export const BoundMessages = {
  finite: 'Must be a finite number',
  integer: 'Must be a whole number',
  range: 'Number out of range',
  time: 'Must be a date between 2000 and 2100',
  nameChars: NAME_CHARS_MESSAGE,
  empty: 'Message is empty',
  invisible: 'Message must contain a visible character',
  tooMany: 'Too many items',
} as const;

/**
 * What a name may not hold: C0 and C1 control characters (NUL included), the bidi embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069), and lone surrogates (the `u` flag matches only unpaired ones).
 */
export const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
export const isSafeName = (s: string) => !UNSAFE_NAME_CHARS.test(s);

/**
 * Anything but whitespace and the characters that draw nothing: format characters (zero-width space, joiners,
 * BOM, direction marks, soft hyphen, tags), control characters, variation selectors, Hangul fillers, Braille blank.
 */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\u115f\u1160\u2800\u3164\uffa0\ufe00-\ufe0f]/u;
export const hasVisible = (s: string) => VISIBLE.test(s);
