import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { sharedServer, type TestServer } from '../helpers/server';
import { setupWorkspace } from '../helpers/clients';
import { launchWithExtensionIn } from '../helpers/options-browser';
import { OptionsPage } from '../helpers/options-page';

let server: TestServer;
let context: BrowserContext;

beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
});

it('speaks French in a French browser, labels included', async () => {
  const { ws, adminCredential } = await setupWorkspace(server, []);
  let extensionId: string;
  ({ context, extensionId } = await launchWithExtensionIn('fr-FR'));
  const options = await OptionsPage.open(context, extensionId);
  const page = options.page;
  expect(await page.locator('html').getAttribute('lang')).toBe('fr');
  await page.getByLabel('Serveur', { exact: true }).fill(server.url);
  await page.getByLabel('Espace de travail', { exact: true }).fill(ws);
  await page.getByLabel('Identifiant secret', { exact: true }).fill(adminCredential);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await options.connectStatus.getByText(`Connecté à ${ws} en tant que Ada Admin (Admin).`).waitFor();

  await options.section('playbooks').getByRole('button', { name: 'Demo playbook' }).click();
  const card = options.card('live-chat');
  await card.getByRole('button', { name: 'Modifier la carte' }).click();
  expect(await card.getByLabel('Temps d’attente').inputValue()).toBe('120');
  await card.getByRole('textbox', { name: 'Message hors ligne', exact: true }).waitFor();
  await card.getByRole('button', { name: 'Gras', exact: true }).first().waitFor();
  await options.editor.getByRole('button', { name: 'Enregistrer', exact: true }).waitFor();
  await options.section('notifications').getByRole('switch', { name: 'Nouvelle conversation non attribuée' }).waitFor();
  await options.screenshot(options.editor, 'fr-editor');
});
