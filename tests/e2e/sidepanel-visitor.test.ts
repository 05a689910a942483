import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { visitorContext } from '../helpers/clients';
import { openPanelEnv, type PanelEnv, type SidePanel } from '../helpers/extension-panel';
import { visitorChats } from '../helpers/visitor-chats';

// Issue 14 from the agent's side, in Chromium with the real extension and partykit dev: the verified badge, the
// page trail after a navigation, the visit's start, previous conversations (an earlier chat of the same visitor),
// the typing preview, and Block visitor (a new chat from that visitor is then refused).
const SHOTS = process.env.BATON_SHOTS ?? 'tests/e2e/screenshots';
const VERA = 'vera-browser-000000001';

describe('side panel: knowing the visitor (issue 14)', () => {
  let env: PanelEnv;
  let panel: SidePanel;
  let v: Awaited<ReturnType<typeof visitorChats>>;
  let first: string;
  let second: Awaited<ReturnType<typeof v.chat>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await openPanelEnv();
    panel = env.panel;
    await panel.page.setViewportSize({ width: 1200, height: 860 });
    v = await visitorChats(env);
    await v.typingPreview(true);
    await panel.onlineSwitch.and(panel.page.locator(':enabled')).waitFor();
    await panel.goOnline();
  });
  afterAll(async () => {
    v?.stop();
    await env?.stop();
  });

  it('a verified visitor: the badge by the name; the trail after a navigation; the visit start; previous conversations', async () => {
    // An earlier chat of the same signed-in visitor, closed; then today's, from a campaign link.
    first = (await v.chat(VERA, 'Vera Visitor', { id: 'u_42', name: 'Vera Visitor', email: 'vera@lyon-bikes.example', verify: true })).id;
    await v.close(first);
    const landed = Date.now() - 120_000;
    second = await v.chat(VERA, 'Vera Visitor', { id: 'u_42', name: 'Vera Visitor', email: 'vera@lyon-bikes.example', verify: true }, {
      ...visitorContext,
      visit: { landingPage: 'http://site.test/?utm_source=newsletter&utm_campaign=spring', referrer: 'https://mail.example/', at: landed, utm: { source: 'newsletter', medium: 'email', campaign: 'spring' } },
    });
    await panel.openChat('Unassigned', 'Vera Visitor');
    const title = panel.page.getByRole('heading', { level: 2, name: /Vera Visitor/ });
    await expect.poll(() => title.getByRole('img', { name: 'Verified: the site vouched for this identity' }).count()).toBe(1);
    // Verified: no "Visitor says" claim beside the details.
    expect(await panel.page.getByRole('heading', { name: 'Visitor says (not verified)' }).count()).toBe(0);

    // The visitor navigates (a load, then a pushState): the trail arrives and the current page follows it.
    second.visitor.send({ type: 'pages', pages: [{ url: 'http://site.test/pricing', title: 'Pricing', at: Date.now() - 60_000 }] });
    second.visitor.send({ type: 'pages', pages: [{ url: 'http://site.test/checkout?plan=team', title: 'Checkout', at: Date.now() - 1_000 }] });
    const visitorBox = panel.page.getByRole('region', { name: 'Visitor', exact: true });
    const current = visitorBox.getByRole('link', { name: 'Checkout' });
    await current.waitFor();
    expect(await current.getAttribute('href')).toBe('http://site.test/checkout?plan=team');
    await visitorBox.getByText('Pages visited (2)').click();
    const pages = visitorBox.getByRole('list', { name: 'Pages visited (2)' }).getByRole('listitem');
    await expect.poll(() => pages.allTextContents()).toEqual([expect.stringMatching(/Checkout$/), expect.stringMatching(/Pricing$/)]);
    // Where the visit began.
    await visitorBox.getByRole('link', { name: 'http://site.test/?utm_source=newsletter&utm_campaign=spring' }).waitFor();
    expect(await visitorBox.getByText('utm_campaign', { exact: true }).count()).toBe(1);

    // Previous conversations: the closed chat, with its outcome, and a way to open it.
    const previous = panel.page.getByRole('region', { name: 'Previous conversations' });
    const open = previous.getByRole('button', { name: /^Open the conversation of .* \(Closed\)$/ });
    await open.waitFor();
    expect(await previous.getByRole('listitem').count()).toBe(1);
    await previous.scrollIntoViewIfNeeded();
    await panel.screenshot('sidepanel-visitor-info');
  });

  it('the typing preview: the draft under the log as it is typed, gone on send', async () => {
    await panel.button('Assign to me').click();
    await panel.composer.waitFor();
    second.visitor.send({ type: 'draft', text: 'Do you deliver 30 bikes to Lyon' });
    const draft = panel.page.locator('.visitor-draft');
    await expect.poll(() => draft.textContent()).toBe('Vera Visitor is typing: Do you deliver 30 bikes to Lyon');
    expect(await draft.getAttribute('aria-live')).toBe('off');
    await panel.screenshot('sidepanel-typing-preview');
    second.visitor.send({ type: 'send', id: 'vera-msg-000000000001', text: 'Do you deliver 30 bikes to Lyon?' });
    await panel.transcript.getByText('Do you deliver 30 bikes to Lyon?').waitFor();
    await expect.poll(() => draft.count()).toBe(0);
  });

  it('Block visitor: a reason in a dialog, a notice; a new chat from that visitor is refused; the chat can be closed', async () => {
    await panel.button('Visitor actions').click();
    await panel.page.getByRole('menuitem', { name: 'Block visitor' }).click();
    const dialog = panel.page.getByRole('alertdialog', { name: 'Block this visitor?' });
    await dialog.waitFor();
    const reason = dialog.getByRole('textbox', { name: 'Reason' });
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await reason.fill('Spam links in every message');
    await panel.screenshot('sidepanel-block-dialog');
    await dialog.getByRole('button', { name: 'Block', exact: true }).click();
    await panel.page.getByRole('alert').filter({ hasText: 'Vera Visitor is blocked: new chats from them are refused.' }).waitFor();
    expect(await dialog.count()).toBe(0);

    // The same browser is refused with the neutral "unavailable"; another visitor still gets a chat.
    const again = await v.create(VERA, 'Vera Again');
    expect([again.status, again.body?.problem?.code ?? again.body?.code]).toEqual([503, expect.anything()]);
    expect(JSON.stringify(again.body)).not.toMatch(/block/i);
    expect((await v.create('other-browser-00000001', 'Otto Other')).status).toBe(201);

    await panel.button('Close conversation').click();
    await panel.button('Close it').click();
    await panel.page.getByText(/^Closed /).first().waitFor();
  });

  it('a previous conversation opens in the panel by its button', async () => {
    await panel.folder('Closed').click();
    await panel.row('Vera Visitor').first().click();
    const previous = panel.page.getByRole('region', { name: 'Previous conversations' });
    // Opened the newest closed chat (today's): its previous conversation is the first one.
    await previous.getByRole('button', { name: /^Open the conversation of/ }).first().click();
    await expect.poll(() => panel.page.locator('.row.selected').count()).toBe(1);
    await expect.poll(() => panel.page.evaluate(() => document.querySelector('section.chat')?.getAttribute('aria-label'))).toBe('Vera Visitor');
    // The opened chat's own Previous conversations list the other one, not itself.
    await previous.getByRole('listitem').first().waitFor();
    expect(await previous.getByRole('listitem').count()).toBe(1);
  });
});
