import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, setupWorkspace, startConversation } from '../helpers/clients';
import { launchAgent, notifications, SidePanel, type Agent } from '../helpers/extension-panel';
import { sharedServer, type TestServer } from '../helpers/server';

/** How the notifications were created (`silent` among them), by id; `notifications()` installed the recorder. */
const created = (agent: Agent) => agent.worker.evaluate(() => (globalThis as any).__created as Record<string, { silent?: boolean; title: string }>);

describe('sound on new messages in the side panel (real WebAudio, real partykit dev)', () => {
  let server: TestServer;
  let ada: Agent;
  let admin: Client;
  let visitor: Client | undefined;

  beforeAll(async () => {
    server = await sharedServer();
    const setup = await setupWorkspace(server);
    admin = new Client(server, 'workspace', setup.ws);
    await admin.open(setup.adminToken);
    const saved = await admin.request({
      type: 'settings-save',
      notifications: { enabled: true, newUnassigned: true, assignedToMe: true, newMessage: true, sound: true },
    });
    expect(saved.type).toBe('ok');
    ada = await launchAgent(server.url, setup.ws, setup.adminCredential);
    (globalThis as Record<string, unknown>).__sound = setup;
  });

  afterAll(async () => {
    visitor?.close();
    admin?.close();
    await ada?.context.close();
    await server?.stop();
  });

  it('chimes for a new chat and for a visitor message in my focused chat, once the panel was clicked; the notification is silent', async () => {
    const setup = (globalThis as Record<string, unknown>).__sound as { ws: string; playbookId: string };
    const page = await ada.context.newPage();
    await page.setViewportSize({ width: 420, height: 760 });
    // Counts the notes started on the panel's real AudioContext.
    await page.addInitScript(() => {
      const w = window as any;
      w.notes = 0;
      const create = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        const osc = create.call(this);
        const start = osc.start.bind(osc);
        osc.start = (when?: number) => (w.notes++, start(when));
        return osc;
      };
    });
    await page.goto(`chrome-extension://${ada.extensionId}/sidepanel.html`);
    const panel = new SidePanel(page);
    const notes = () => page.evaluate(() => (window as any).notes as number);
    await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
    await panel.goOnline(); // a real click: the panel's AudioContext starts

    // A new chat in Unassigned: one chime (two notes) in the panel, and the desktop notification is silent.
    const started = await startConversation(server, setup.ws, setup.playbookId);
    const conversationId = started.body.conversationId as string;
    visitor = new Client(server, 'conversation', conversationId);
    await visitor.open(started.body.visitorToken);
    await expect.poll(() => notes()).toBe(2);
    await expect.poll(async () => (await notifications(ada.worker)).length).toBe(1);
    expect(Object.values(await created(ada))).toEqual([expect.objectContaining({ title: 'New conversation', silent: true })]);

    // In my chat, open and focused: the visitor's message chimes (no desktop notification for it).
    await panel.openChat('Unassigned', 'Vera Visitor');
    await panel.button('Assign to me').click();
    await panel.page.getByText('Assigned to Ada Admin').waitFor();
    await new Promise((r) => setTimeout(r, 2_100)); // past the 2 s between chimes
    visitor.send({ type: 'send', id: 'visitor-sound-0001', text: 'Is anyone there?' });
    await panel.transcript.getByText('Is anyone there?').waitFor();
    await expect.poll(() => notes()).toBe(4);

    // My own message: no chime.
    await new Promise((r) => setTimeout(r, 2_100));
    await panel.send('Yes, hello!');
    await visitor.next((f) => f.type === 'entries' && f.entries.some((e: { from?: string }) => e.from === 'agent'));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await notes()).toBe(4);

    // A reopened panel gets the chat (unread message and all) again in its welcome: nothing plays, even after a click.
    await page.reload();
    await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
    await panel.folder('Mine').click();
    await panel.row('Vera Visitor').waitFor();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await notes()).toBe(0);
  });
});
