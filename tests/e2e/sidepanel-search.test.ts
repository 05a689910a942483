import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { openPanelEnv, type PanelEnv, type SidePanel } from '../helpers/extension-panel';

// The inbox search, driven as an agent would, against a real partykit dev. Screenshots go to BATON_SHOTS.
const SHOTS = process.env.BATON_SHOTS ?? 'tests/e2e/screenshots';

describe('side panel: search in the inbox', () => {
  let env: PanelEnv;
  let panel: SidePanel;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await openPanelEnv();
    panel = env.panel;
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('typing part of a name, other accents and case, leaves that row; Escape brings all back', async () => {
    // A chat starts only while an agent is online.
    await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
    await panel.goOnline();
    for (const [name, text] of [
      ['Élodie Dupré', 'Bonjour, un devis ?'],
      ['Zoë Martin', 'Do you ship to Lyon?'],
      ['Bob Buyer', 'Talk to sales'],
    ] as const) {
      await env.chat({ transcript: [{ from: 'visitor', text, at: Date.now() }], answers: { name } });
    }
    await panel.folder('Unassigned').click();
    const rows = panel.list.getByRole('option');
    await expect.poll(() => rows.count()).toBe(3);
    const search = panel.page.getByRole('searchbox', { name: 'Search conversations', exact: true });

    // `/` from the list goes to the field.
    await panel.list.focus();
    await panel.page.keyboard.press('/');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);

    await search.pressSequentially('eLODIÉ');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Élodie Dupré')]);
    expect(await panel.page.getByRole('status').filter({ hasText: 'match' }).textContent()).toBe('1 match');
    expect(await panel.folder('Unassigned').locator('.count').textContent()).toBe('3');
    await panel.page.screenshot({ path: `${SHOTS}/search-01-match.png` });

    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    await expect.poll(() => rows.count()).toBe(3);

    await search.fill('nobody here');
    await panel.page.getByText('No conversation matches “nobody here”').waitFor();
    await panel.page.screenshot({ path: `${SHOTS}/search-02-none.png` });
    await search.press('Escape');
    await expect.poll(() => rows.count()).toBe(3);
  });
});
