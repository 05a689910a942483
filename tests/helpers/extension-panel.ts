import type { BrowserContext, Locator, Page, Worker } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension } from './browser';
import { Client, DEMO_ORIGIN, post, setupWorkspace, visitorContext } from './clients';
import { sharedServer } from './server';

// Evaluated inside the extension's service worker, where `chrome` exists.
declare const chrome: any;

/**
 * A copy of the Chrome build where `notifications` is granted at install. The browser's own
 * permission prompt cannot be clicked in headless Chromium; everything after it is what we test.
 */
export function buildWithNotificationsGranted(source = resolve('.output/chrome-mv3')): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-ext-'));
  cpSync(source, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.permissions = [...manifest.permissions, 'notifications'];
  manifest.optional_permissions = (manifest.optional_permissions ?? []).filter((p: string) => p !== 'notifications');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

export type Agent = { context: BrowserContext; extensionId: string; worker: Worker };

/**
 * A Chromium with the extension, already connected to `workspace` with `credential`. `path`: the build, by default
 * one with notifications granted; the shipped one (`.output/chrome-mv3`) has no notifications API until allowed.
 */
export async function launchAgent(server: string, workspace: string, credential: string, path = buildWithNotificationsGranted()): Promise<Agent> {
  const { context, extensionId } = await launchWithExtension(path);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // Observe `create` before anything can be shown (when the API is there: granted).
  if (await worker.evaluate(() => !!chrome.notifications)) await notifications(worker);
  await worker.evaluate((connection) => chrome.storage.local.set({ connection }), { server, workspace, credential });
  return { context, extensionId, worker };
}

/**
 * Notifications currently shown (ids from `chrome.notifications.getAll`), with the title and text
 * they were created with: getAll only gives ids, so the worker's `create` is observed once.
 */
export async function notifications(worker: Worker): Promise<{ id: string; title?: string; message?: string }[]> {
  return worker.evaluate(async () => {
    const g = globalThis as any;
    if (!g.__created) {
      g.__created = {};
      const create = chrome.notifications.create.bind(chrome.notifications);
      chrome.notifications.create = (id: string, options: any) => {
        g.__created[id] = options;
        return create(id, options);
      };
    }
    const all = (await chrome.notifications.getAll()) as Record<string, unknown>;
    return Object.keys(all).map((id) => ({ id, title: g.__created[id]?.title, message: g.__created[id]?.message }));
  });
}

export async function badge(worker: Worker): Promise<string> {
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

/** The side panel as an agent uses it, located only through roles and accessible names. */
export class SidePanel {
  constructor(readonly page: Page) {}

  static async open(agent: Agent, size = { width: 420, height: 760 }): Promise<SidePanel> {
    const page = await agent.context.newPage();
    await page.setViewportSize(size);
    await page.goto(`chrome-extension://${agent.extensionId}/sidepanel.html`);
    return new SidePanel(page);
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }
  /** The status control's Online choice (a radio of the `Status` group; enabled once the panel is connected). */
  get onlineSwitch(): Locator {
    return this.status('Online');
  }
  /** A choice of the bottom-left status control. */
  status(name: 'Online' | 'Away'): Locator {
    return this.page.getByRole('radiogroup', { name: 'Status', exact: true }).getByRole('radio', { name, exact: true });
  }
  /** A folder tab, named by what it shows: the folder, then how many chats it holds ("Unassigned 2"). */
  folder(name: 'Unassigned' | 'Mine' | 'Missed' | 'Closed'): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${name} \\d+$`) });
  }
  get list(): Locator {
    return this.page.getByRole('listbox');
  }
  row(text: string): Locator {
    return this.list.getByRole('option').filter({ hasText: text });
  }
  get transcript(): Locator {
    return this.page.getByRole('list', { name: 'Chat' });
  }
  get composer(): Locator {
    // A multi-line textbox (which controls the saved replies' `/` list).
    return this.page.getByRole('textbox', { name: 'Message', exact: true });
  }
  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }
  pane(name: 'Chat' | 'Details'): Locator {
    return this.page.locator('.panes').getByRole('tab', { name, exact: true });
  }

  /** The details section (a named region), where lead/deal records are listed too. */
  get details(): Locator {
    return this.page.getByRole('region', { name: 'Details', exact: true });
  }

  /** In a narrow panel the list and the chat take turns; this returns to the list. */
  async back(): Promise<void> {
    await this.button('Back to conversations').click();
  }

  async goOnline(): Promise<void> {
    await this.setStatus('Online');
  }

  /** Chooses a status and waits until the control shows it chosen. */
  async setStatus(name: 'Online' | 'Away'): Promise<void> {
    await this.status(name).click();
    await this.status(name).and(this.page.locator('[aria-checked=true]')).waitFor();
  }

  async openChat(folder: 'Unassigned' | 'Mine' | 'Missed' | 'Closed', text: string): Promise<void> {
    await this.folder(folder).click();
    await this.row(text).click();
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `tests/e2e/screenshots/${name}.png` });
  }
}

/**
 * A real partykit dev, a workspace, and its admin's extension with the side panel open; `chat` starts a
 * conversation as a widget would and opens the visitor's socket. For e2e files that drive the panel alone.
 */
export async function openPanelEnv() {
  const server = await sharedServer();
  const setup = await setupWorkspace(server);
  const ada = await launchAgent(server.url, setup.ws, setup.adminCredential);
  const panel = await SidePanel.open(ada);
  panel.page.on('pageerror', (e) => console.log('PANEL ERROR', e.message));
  const visitors: Client[] = [];
  return {
    server,
    setup,
    ada,
    panel,
    /**
     * Makes the demo playbook's bot say these texts (message cards before its end): a transcript line sent as
     * the bot's is kept as the bot's only when the playbook says it (issue 11).
     */
    async botSays(texts: string[]) {
      const admin = new Client(server, 'workspace', setup.ws);
      const welcome = await admin.open(setup.adminToken);
      const pb = welcome.playbooks.find((p: any) => p.id === setup.playbookId);
      const cards = [...pb.cards];
      cards.splice(cards.length - 1, 0, ...texts.map((text, i) => ({ id: `said-${i}`, type: 'message', text })));
      const { installedAt: _i, updatedAt: _u, ...input } = pb;
      const saved = await admin.request({ type: 'playbook-save', playbook: { ...input, cards } });
      admin.close();
      if (saved.type !== 'ok') throw new Error(`playbook: ${JSON.stringify(saved)}`);
    },
    async chat(body: { transcript: { from: 'bot' | 'visitor'; text: string; at: number }[]; answers: Record<string, string>; context?: object }) {
      const created = await post(server, `/parties/workspace/${setup.ws}/conversations`, { playbookId: setup.playbookId, context: visitorContext, ...body }, { origin: DEMO_ORIGIN });
      if (created.status !== 201) throw new Error(`conversation: ${JSON.stringify(created)}`);
      const visitor = new Client(server, 'conversation', created.body.conversationId);
      await visitor.open(created.body.visitorToken);
      visitors.push(visitor);
      return visitor;
    },
    async stop() {
      for (const v of visitors) v.close();
      await ada.context.close();
      await server.stop();
    },
  };
}
export type PanelEnv = Awaited<ReturnType<typeof openPanelEnv>>;
