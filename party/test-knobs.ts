/**
 * Variables that exist for tests and benches only. Each one weakens the server on purpose (time travel, storage
 * dumps, a fake CRM address, plain-HTTP webhooks, short waits), so `npm run deploy` refuses to deploy from an
 * environment that sets any of them (scripts/deploy.mjs reads this list from this file), and a room that starts
 * with one set says so in its log (`test-knobs-on`), for whoever watches a deployment that got one by
 * `partykit env add`.
 */
export const TEST_ONLY_VARS = [
  'BATON_TEST_CLOCK',
  'BATON_TEST_STORAGE',
  'BATON_PIPEDRIVE_API_BASE',
  'BATON_CRM_ALLOW_HTTP_WEBHOOKS',
  'BATON_WAIT_SECONDS_OVERRIDE',
  'BATON_ESCALATION_SPEEDUP',
  'BATON_EMAIL_DELAY_MS',
] as const;

/** The test-only variables `env` sets (names only: their values are never logged). */
export function testKnobsOn(env: Record<string, unknown>): string[] {
  return TEST_ONLY_VARS.filter((name) => env[name] !== undefined && env[name] !== '');
}
