/** Types for deploy.mjs (plain JS so `npm run deploy` runs without a build). */
export type Place = { url: string; account: 'partykit' | 'cloudflare'; problems: string[] };
export function placeOf(env: Record<string, string | undefined>, domain: string | null): Place;
export function deployCommand(env: Record<string, string | undefined>, place: Place, domain: string | null): { args: string[]; shown: string[] };
export function testKnobProblems(env: Record<string, string | undefined>): string[];
