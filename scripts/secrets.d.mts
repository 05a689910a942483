/** Types for secrets.mjs (plain JS so `npm run deploy` and `npm run serve` run it without a build). */
export const SECRET_MIN: number;
export const SETUP_KEY_MIN: number;
export const SECRET_MIN_BITS: number;
export const SETUP_KEY_MIN_BITS: number;
export const KNOWN_WEAK: string[];
export const GENERATE: string;
export function entropyBits(value: string): number;
export function secretProblem(name: string, value: string | undefined, min: number, minBits: number): string | null;
export function checkSecrets(env: Record<string, string | undefined>): string[];
