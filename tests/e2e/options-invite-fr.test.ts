import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { sharedServer, type TestServer } from '../helpers/server';
import { setupWorkspace } from '../helpers/clients';
import { launchWithExtensionIn } from '../helpers/options-browser';
import { OptionsPage } from '../helpers/options-page';

// Issue 17 in a French browser: the invite form, the link, the access log, the server's invite page and the
// join form speak French (screenshots to look at: long French strings in the same layout).
let server: TestServer;
let context: BrowserContext;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
});

it('invites, shows the link and joins with it, in French', async () => {
  const { ws, adminCredential } = await setupWorkspace(server, []);
  let extensionId: string;
  ({ context, extensionId } = await launchWithExtensionIn('fr-FR'));
  const options = await OptionsPage.open(context, extensionId);
  await options.page.setViewportSize({ width: 1000, height: 900 });
  const page = options.page;
  await page.getByLabel('Serveur', { exact: true }).fill(server.url);
  await page.getByLabel('Espace de travail', { exact: true }).fill(ws);
  await page.getByLabel('Identifiant secret', { exact: true }).fill(adminCredential);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await options.connectStatus.getByText(`Connecté à ${ws} en tant que Ada Admin (Admin).`).waitFor();

  const s = options.section('agents');
  await s.getByLabel('Nom', { exact: true }).fill('Béa Agent');
  await s.getByLabel('E-mail', { exact: true }).fill('bea@example.com');
  await s.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
  const link = await s.getByRole('textbox', { name: 'Lien d’invitation', exact: true }).inputValue();
  await s.getByText('Ada Admin a invité Béa Agent.').waitFor();
  await options.screenshot(s, 'fr-invite-created');

  const invitePage = await context.newPage();
  await invitePage.setViewportSize({ width: 800, height: 600 });
  await invitePage.goto(link);
  await invitePage.getByRole('heading', { name: 'Vous êtes invité·e sur Baton' }).waitFor();
  expect(await invitePage.locator('html').getAttribute('lang')).toBe('fr');
  await invitePage.screenshot({ path: 'tests/e2e/screenshots/invite-page-fr.png' });
  await invitePage.close();

  const connect = options.section('connect');
  await connect.getByLabel('Lien d’invitation', { exact: true }).fill('https://exemple.test/pas-un-lien');
  await connect.getByRole('button', { name: 'Rejoindre', exact: true }).click();
  await connect.getByText('Ce n’est pas un lien d’invitation Baton. Copiez le lien en entier (il commence par https://).').waitFor();
  await options.screenshot(connect, 'fr-invite-join-error');
});
