import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchWithExtension } from '../helpers/browser';
import { startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, clientId, post, setupWorkspace, visitorContext } from '../helpers/clients';
import { OptionsPage } from '../helpers/options-page';
import { roomStorage } from '../helpers/room-storage';
import { assertNoViolations, auditSchemes } from '../helpers/axe';

const EXT = resolve('.output/chrome-mv3');
let server: TestServer;
let context: BrowserContext;
let options: OptionsPage;
let w: Awaited<ReturnType<typeof setupWorkspace>>;
let admin: Client;
const sockets: Client[] = [];
const chats: Record<'vera' | 'anna', string> = { vera: '', anna: '' };
const VERA = 'vera-browser-e2e-000001';

async function chat(visitorId: string, name: string, text: string) {
  const created = await post(server, `/parties/workspace/${w.ws}/conversations`, { playbookId: w.playbookId, visitorId, transcript: [], answers: { name }, context: visitorContext }, { origin: DEMO_ORIGIN });
  expect(created.status).toBe(201);
  const id = created.body.conversationId as string;
  const agent = new Client(server, 'conversation', id);
  await agent.open(w.adminToken);
  await agent.request({ type: 'claim' });
  const visitor = new Client(server, 'conversation', id);
  await visitor.open(created.body.visitorToken);
  visitor.send({ type: 'send', id: clientId(), text });
  await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.text === text));
  sockets.push(agent, visitor);
  return id;
}

beforeAll(async () => {
  if (!existsSync(`${EXT}/manifest.json`)) throw new Error('Build the extension first: npm run build');
  server = await startServer({ vars: { BATON_TEST_STORAGE: '1' } });
  w = await setupWorkspace(server);
  admin = new Client(server, 'workspace', w.ws);
  await admin.open(w.adminToken);
  await admin.request({ type: 'set-online', online: true });
  chats.vera = await chat(VERA, 'Vera Visitor', 'Vera asks about delivery');
  chats.anna = await chat('anna-browser-e2e-000001', 'Anna Other', 'Anna asks about prices');
  const launched = await launchWithExtension(EXT);
  context = launched.context;
  options = await OptionsPage.open(context, launched.extensionId);
  await options.connect(server.url, w.ws, w.adminCredential);
  await options.connectStatus.getByText(`Connected to ${w.ws} as Ada Admin (Admin).`).waitFor();
});

afterAll(async () => {
  for (const s of sockets) s.close();
  admin?.close();
  await context?.close();
  await server?.stop();
});

describe('options page: Data, as an admin', () => {
  it('exports every conversation as a JSON file the browser downloads', async () => {
    const data = options.page.locator('section#data');
    await data.getByRole('heading', { name: 'Export conversations' }).scrollIntoViewIfNeeded();
    const [download] = await Promise.all([options.page.waitForEvent('download'), data.getByRole('button', { name: 'Export all as JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^baton-conversations-${w.ws}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const file = JSON.parse(await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8'));
    expect(file.conversations.map((c: any) => c.conversation.id)).toEqual([chats.vera, chats.anna]);
    expect(JSON.stringify(file)).toContain('Vera asks about delivery');
    await data.getByText('2 conversations exported.').waitFor();
    const [csv] = await Promise.all([options.page.waitForEvent('download'), data.getByRole('button', { name: 'Export all as CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    await options.screenshot(data, 'data');
  });

  it('deletes one visitor’s data after a confirmation (Escape cancels), and the log says so', async () => {
    const visitors = options.section('visitors');
    await visitors.getByLabel('Email, user id or visitor id').fill(VERA);
    await visitors.getByRole('button', { name: 'Find', exact: true }).click();
    await visitors.getByText('1 conversation and 0 offline forms of this visitor.').first().waitFor();
    await visitors.locator(`tr[data-conversation="${chats.vera}"]`).waitFor();
    await options.screenshot(visitors.locator('.erasure'), 'visitor-found');

    await visitors.getByRole('button', { name: 'Delete everything…' }).click();
    const dialog = options.page.getByRole('alertdialog', { name: 'Delete this visitor’s data?' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement)).toBe(true);
    await options.page.screenshot({ path: 'tests/e2e/screenshots/options-visitor-erase-dialog.png' });
    // axe, light and dark, over the page with the found visitor and the dialog open.
    assertNoViolations(await auditSchemes(options.page, 'options, delete-visitor dialog'));
    await options.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await roomStorage(server, 'conversation', chats.vera)).storage.meta).toBeDefined();

    await visitors.getByRole('button', { name: 'Delete everything…' }).click();
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await visitors.getByText(/^Deleted: 1 conversation, /).waitFor();
    expect(await roomStorage(server, 'conversation', chats.vera)).toEqual({ storage: {}, alarm: null });
    expect((await roomStorage(server, 'conversation', chats.anna)).storage.meta).toBeDefined();

    const log = options.page.locator('section#data table.erasures');
    await log.locator('tbody tr').first().waitFor();
    expect(await log.locator('tbody tr').first().textContent()).toContain('Ada Admin');
    await options.screenshot(options.page.locator('section#data'), 'data-log');
  });
});
