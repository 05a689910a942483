/**
 * The text checks behind the protocol's bounds (protocol/bounds.ts) and the details (protocol/details.ts),
 * without valibot and without messages: the widget uses them too, and carries neither (its chat bundle has a
 * size budget). The problems these checks lead to are named by the schemas (protocol/problems.ts).
 */

/** The longest value of each details field (the schemas in protocol/details.ts, the widget's capture cards). */
export const DetailLimits = {
  name: 200,
  email: 254,
  phone: 40,
  orgName: 200,
  address: 500,
  notes: 10_000,
  amount: 1e12,
} as const;

// Pragmatic address check: one @, a dotted domain, no spaces. Full RFC 5322 accepts things CRMs refuse.
const EMAIL = /^[^\s@<>()[\]\\,;:".]+(?:\.[^\s@<>()[\]\\,;:".]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;
const PHONE = /^\+?[0-9 ().\-/]{5,40}$/;

/** An email address as the details and the capture cards accept it (trimmed, not empty). */
export const isEmail = (s: string) => EMAIL.test(s);
/** A phone number as the details and the capture cards accept it (trimmed, not empty): at least 5 digits. */
export const isPhone = (s: string) => PHONE.test(s) && (s.match(/\d/g)?.length ?? 0) >= 5;

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
