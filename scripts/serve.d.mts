/** Types for serve.mjs (plain JS so `npm run serve` runs without a build). */
export const SERVE_VARS: string[];
export function varsOf(env: Record<string, string | undefined>): string[];
export function workerdConfig(o: { address: string; dataDir: string; publicDir: string; parties: string[]; compatibilityDate: string; vars?: string[] }): string;
export const FRONT: string;
export function wake(local: string, list?: string): Promise<void>;
