import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { addAgent, Client } from '../helpers/clients';
import { openPanelEnv, type PanelEnv, type SidePanel } from '../helpers/extension-panel';
import { edgeContrast, focused } from '../helpers/focus';

// Keyboard only, in the narrow panel (the list and the chat take turns): after each action the focus lands
// where the agent's next step is, never on the page body; the confirmation keeps Tab inside it; the
// selected chat stands out from its neighbours in the wide panel, light and dark.
const SHOTS = process.env.BATON_SHOTS ?? 'tests/e2e/screenshots';

describe('side panel keyboard', () => {
  let env: PanelEnv;
  let panel: SidePanel;
  let admin: Client;

  const names = ['Anna Archer', 'Boris Baker', 'Chloe Cooper', 'Dan Dyer', 'Eve Evans', 'Finn Fisher'];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await openPanelEnv();
    panel = env.panel;
    admin = new Client(env.server, 'workspace', env.setup.ws);
    await admin.open(env.setup.adminToken);
    await addAgent(env.server, env.setup.ws, admin, 'Bob');
    await panel.page.setViewportSize({ width: 400, height: 760 });
    await panel.onlineSwitch.and(panel.page.locator(':enabled')).waitFor();
    await panel.goOnline();
    for (const name of names) await env.chat({ transcript: [{ from: 'visitor', text: `Hello from ${name}`, at: Date.now() }], answers: { name } });
    await panel.folder('Unassigned').click();
    for (const name of names) await panel.row(name).waitFor();
  });

  afterAll(async () => {
    admin?.close();
    await env?.stop();
  });

  /** Back to the Unassigned list, then opens its active chat with Enter from the list; returns its name. */
  const openWithEnter = async () => {
    if (await panel.page.getByRole('alertdialog').isVisible()) await panel.button('Cancel').click();
    if (await panel.button('Back to conversations').isVisible()) await panel.back();
    await panel.folder('Unassigned').click();
    await panel.list.focus();
    await panel.page.keyboard.press('Enter');
    const heading = panel.page.locator('.chat-title h2');
    await heading.waitFor();
    return (await heading.textContent())!;
  };

  it('opening a chat puts the focus on its heading; Assign to me, on the message box', async () => {
    const name = await openWithEnter();
    await expect.poll(() => focused(panel.page)).toBe(`h2: ${name}`);

    await panel.button('Assign to me').focus();
    await panel.page.keyboard.press('Enter');
    await panel.composer.waitFor();
    await expect.poll(() => focused(panel.page)).toBe('textarea: Message');
  });

  it('the confirmation keeps Tab inside it, Escape cancels it, and after the close the focus goes back towards the list', async () => {
    await openWithEnter();
    await panel.button('Assign to me').click();
    await panel.composer.waitFor();
    await panel.button('Close conversation').focus();
    await panel.page.keyboard.press('Enter');
    const dialog = panel.page.getByRole('alertdialog');
    await dialog.waitFor();
    await expect.poll(() => focused(panel.page)).toBe('button: Cancel');
    await panel.page.keyboard.press('Tab');
    expect(await focused(panel.page)).toBe('button: Close it');
    await panel.page.keyboard.press('Tab');
    expect(await focused(panel.page)).toBe('button: Cancel');
    await panel.page.keyboard.press('Shift+Tab');
    expect(await focused(panel.page)).toBe('button: Close it');

    // Escape cancels the dialog only: the chat stays open, the focus returns to the button that opened it.
    await panel.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await panel.page.locator('.chat-title h2').isVisible()).toBe(true);
    expect(await focused(panel.page)).toBe('button: Close conversation');

    await panel.page.keyboard.press('Enter');
    await dialog.waitFor();
    await panel.page.keyboard.press('Tab');
    await panel.page.keyboard.press('Enter');
    await panel.button('Close conversation').waitFor({ state: 'detached' });
    // Narrow: the list is behind "Back to conversations", which takes the focus.
    await expect.poll(() => focused(panel.page)).toBe('button: Back to conversations');
    await panel.page.keyboard.press('Enter');
    await expect.poll(() => focused(panel.page)).toMatch(/^listbox: /);
  });

  it('after a Reassign to someone else, the focus goes to the line saying where the chat went, above the list', async () => {
    await openWithEnter();
    await panel.button('Assign to me').click();
    await panel.composer.waitFor();
    await panel.button('Reassign').focus();
    await panel.page.keyboard.press('Enter');
    await panel.page.getByRole('menuitem', { name: 'Bob', exact: true }).waitFor();
    await expect.poll(() => focused(panel.page)).toMatch(/^menuitem: /);
    while ((await focused(panel.page)) !== 'menuitem: Bob') await panel.page.keyboard.press('ArrowDown');
    await panel.page.keyboard.press('Enter');
    await panel.page.locator('.chat-title h2').waitFor({ state: 'detached' });
    await expect.poll(() => focused(panel.page)).toMatch(/^status: Chat with .+ reassigned to Bob\./);
    // Its dismiss button gives the focus to the list.
    await panel.page.keyboard.press('Tab');
    await panel.page.keyboard.press('Enter');
    await expect.poll(() => focused(panel.page)).toMatch(/^listbox: /);
  });

  it('the selected chat stands out (3:1) from the rows beside it, light and dark', async () => {
    if (await panel.page.getByRole('alertdialog').isVisible()) await panel.button('Cancel').click();
    if (await panel.button('Back to conversations').isVisible()) await panel.back();
    await panel.page.setViewportSize({ width: 1200, height: 800 });
    await panel.folder('Unassigned').click();
    const [open, beside] = [panel.list.getByRole('option').nth(0), panel.list.getByRole('option').nth(1)];
    await open.click();
    await panel.page.locator('.chat-title h2').waitFor();
    await expect.poll(() => open.getAttribute('aria-selected')).toBe('true');
    await panel.page.mouse.move(0, 0);
    for (const colorScheme of ['light', 'dark'] as const) {
      await panel.page.emulateMedia({ colorScheme });
      expect(await edgeContrast(panel.page, open, beside), colorScheme).toBeGreaterThanOrEqual(3);
    }
    await panel.list.focus();
    await panel.page.keyboard.press('ArrowDown');
    await panel.screenshot('keyboard-selected-row-dark');
    await panel.page.emulateMedia({ colorScheme: 'light' });
    await panel.screenshot('keyboard-selected-row-light');
  });
});
