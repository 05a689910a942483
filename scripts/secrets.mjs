// Rules for the deployment's secrets, shared by `npm run deploy` and `npm run serve` (plain: no I/O).
// BATON_SECRET signs every token (the rooms refuse to start below 32 characters); BATON_SETUP_KEY lets whoever
// has it create the first admin of any empty workspace (setup is refused below 16). Here they must also not be
// a value published in this repository or an obvious word, and must look random enough.

export const SECRET_MIN = 32;
export const SETUP_KEY_MIN = 16;
/** Bits a value must carry by the estimate below: a random 32-byte base64 or hex secret has ~200. */
export const SECRET_MIN_BITS = 88;
export const SETUP_KEY_MIN_BITS = 40;

/** Values printed in this repository (README, tests, demo) and words people type: refused whatever their length. */
export const KNOWN_WEAK = ['test-secret-' + 'x'.repeat(32), 'test-setup-key-0123456789', 'unit-test-secret-0123456789-abcdefghijklmnop'];
// Six characters or more: a random value contains one of these by chance about once in ten million.
const WORDS = ['password', 'passw0rd', 'secret', 'changeme', 'change-me', 'baton-', 'example', 'admin1', 'qwerty', 'letmein', '123456', 'abcdef', 'xxxxxx'];

export const GENERATE = `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

/**
 * A lower estimate of the bits a value carries: its length times the Shannon entropy of its own characters
 * (a repeated or narrow value scores low, a random one close to its length times log2 of its alphabet).
 */
export function entropyBits(value) {
  const counts = new Map();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...value].length;
  let perChar = 0;
  for (const c of counts.values()) perChar -= (c / n) * Math.log2(c / n);
  return Math.round(perChar * n);
}

/** What is wrong with one secret (null: fine). Never repeats the value. */
export function secretProblem(name, value, min, minBits) {
  if (typeof value !== 'string' || value === '') return `${name} is not set. Make one with: ${GENERATE}`;
  if (value.length < min) return `${name} is too short (${value.length} characters, at least ${min}). Make one with: ${GENERATE}`;
  const lower = value.toLowerCase();
  if (KNOWN_WEAK.includes(value)) return `${name} is a value published in Baton's repository (tests, demo): anyone could use it. Make one with: ${GENERATE}`;
  const word = WORDS.find((w) => lower.includes(w));
  if (word) return `${name} contains a common word or sequence ("${word}"): use a random value. Make one with: ${GENERATE}`;
  const bits = entropyBits(value);
  if (bits < minBits) return `${name} does not look random (about ${bits} bits, at least ${minBits}). Make one with: ${GENERATE}`;
  return null;
}

/** Every problem with BATON_SECRET and BATON_SETUP_KEY in `env` (empty: both fine). */
export function checkSecrets(env) {
  const problems = [
    secretProblem('BATON_SECRET', env.BATON_SECRET, SECRET_MIN, SECRET_MIN_BITS),
    secretProblem('BATON_SETUP_KEY', env.BATON_SETUP_KEY, SETUP_KEY_MIN, SETUP_KEY_MIN_BITS),
  ].filter((p) => p !== null);
  if (!problems.length && env.BATON_SECRET === env.BATON_SETUP_KEY) problems.push('BATON_SETUP_KEY must differ from BATON_SECRET');
  return problems;
}
