import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { Client, clientId } from '../helpers/clients';
import { ask } from '../fakes/crm-helpers';
import { openPanelEnv, type PanelEnv } from '../helpers/extension-panel';

// Issue 17: `Export chat` in the side panel downloads the open chat as its agent holds it, the same as the
// admin's export of that chat from the workspace room.
describe('side panel: Export chat', () => {
  let env: PanelEnv;
  beforeAll(async () => {
    env = await openPanelEnv();
    await env.panel.onlineSwitch.and(env.panel.page.locator(':enabled')).waitFor();
    await env.panel.goOnline();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('downloads the chat as JSON, equal to the workspace’s export of it', async () => {
    const { panel } = env;
    const visitor = await env.chat({ transcript: [{ from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 }], answers: { name: 'Vera Export' } });
    await panel.openChat('Unassigned', 'Vera Export');
    await panel.button('Assign to me').click();
    await panel.composer.waitFor();
    await panel.send('Hello Vera, how can I help?');
    visitor.send({ type: 'send', id: clientId('v'), text: 'Do you ship to Lyon?' });
    await panel.transcript.getByText('Do you ship to Lyon?').waitFor();

    await panel.button('Visitor actions').click();
    await panel.page.getByRole('menuitem', { name: 'Export chat as JSON' }).waitFor();
    await panel.screenshot('sidepanel-export-menu');
    const [download] = await Promise.all([panel.page.waitForEvent('download'), panel.page.getByRole('menuitem', { name: 'Export chat as JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^baton-conversation-.*\.json$/);
    const file = JSON.parse(await readFile((await download.path())!, 'utf8'));
    const [chat] = file.conversations;
    expect(chat.entries.filter((e: any) => e.kind === 'message').map((e: any) => e.text)).toEqual(['Talk to sales', 'Hello Vera, how can I help?', 'Do you ship to Lyon?']);

    const admin = new Client(env.server, 'workspace', env.setup.ws);
    await admin.open(env.setup.adminToken);
    const page = await ask(admin, { type: 'conversations-export', conversationId: chat.conversation.id });
    expect(chat.entries).toEqual(page.conversations[0].entries);
    expect(chat.details).toEqual(page.conversations[0].details);
    admin.close();
  });
});
