import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';

// axe-core's own build, evaluated in the page through the DevTools protocol: that bypasses the page's CSP
// (extension pages allow only their own scripts), and axe walks open shadow roots (the widget) by itself.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type Finding = { rule: string; impact: ImpactValue; target: string; summary: string };

/**
 * Rules that fail whatever their impact: the landmark, heading and role mistakes issue 12 found (axe calls them
 * moderate or minor), kept fixed. Everything else fails when serious or critical.
 */
export const ALWAYS_FAIL = ['landmark-one-main', 'page-has-heading-one', 'landmark-no-duplicate-banner', 'landmark-unique', 'aria-allowed-role', 'label-content-name-mismatch'];

/**
 * Runs axe-core's standard rules (WCAG A/AA and best practices; plus the experimental
 * `label-content-name-mismatch`, "the visible text is part of the name") over the whole page, shadow roots included.
 */
export async function audit(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe.run(document, {
      resultTypes: ['violations'],
      rules: { 'label-content-name-mismatch': { enabled: true } },
    }),
  )) as AxeResults;
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => ({
      rule: v.id,
      impact: n.impact ?? v.impact ?? null,
      target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' | '),
      summary: `${v.help}. ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`,
    })),
  );
}

export const blocking = (f: Finding) => f.impact === 'serious' || f.impact === 'critical' || ALWAYS_FAIL.includes(f.rule);

/** One line per finding: where, rule id, impact, target, what is wrong. */
export const findingLine = (where: string, f: Finding) => `${where}: ${f.rule} (${f.impact}) at ${f.target} — ${f.summary}`;

/**
 * Audits the page in the light then the dark colour scheme and returns the blocking findings as lines (so a
 * failing `expect(lines).toEqual([])` prints them all). The other findings are logged, not failed on.
 */
export async function auditSchemes(page: Page, where: string): Promise<string[]> {
  const lines: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const f of await audit(page)) {
      const line = findingLine(`${where}, ${colorScheme}`, f);
      if (blocking(f)) lines.push(line);
      else console.log(`axe (not failed on): ${line}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return lines;
}

/** Fails with every line in the message (an `expect(...).toEqual([])` diff would cut a long list short). */
export function assertNoViolations(lines: string[]): void {
  if (lines.length) throw new Error(`${lines.length} accessibility violation(s):\n${lines.join('\n')}`);
}
