import type { Page } from 'playwright-core';
import { auditSchemes } from './axe';
import type { SidePanel } from './extension-panel';
import { invisibleRingsBothSchemes } from './focus';

const SIZES = [
  { width: 400, height: 760 },
  { width: 1200, height: 800 },
];

/**
 * Audits the side panel at 400 and 1200 px wide, light and dark (axe, and Tab round every control for a focus
 * ring under 3:1); `ready` waits for what must show at that width. Returns the findings that fail, as lines.
 * The panel is left 1200 px wide.
 */
export async function auditPanel(panel: SidePanel, where: string, ready: (page: Page) => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  for (const size of SIZES) {
    await panel.page.setViewportSize(size);
    await ready(panel.page);
    lines.push(...(await auditSchemes(panel.page, `${where} @${size.width}px`)));
    lines.push(...(await invisibleRingsBothSchemes(panel.page, `${where} @${size.width}px`)));
    await panel.page.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot(`a11y-${where.replace(/\W+/g, '-')}-dark-${size.width}`);
    await panel.page.emulateMedia({ colorScheme: 'light' });
  }
  return lines;
}
