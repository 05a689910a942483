// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { liveChatTemplate } from '../../../protocol';
import { App } from '../../../ui/options/App';
import { textsIn, type Language } from '../../../models/i18n';
import { useLocale } from '../../helpers/extension-i18n';

const [en, fr] = [textsIn('en').options, textsIn('fr').options];
let restore: (() => void) | undefined;
import { OptionsModel } from '../../../models/options/options-model';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

const host = () => document.body.appendChild(document.createElement('div'));
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.innerHTML = '';
});

async function mount(lang: Language, me = agent({ role: 'admin' })) {
  restore = useLocale(lang);
  const room = new MemoryTransport();
  const model = new OptionsModel({
    loadConnection: async () => null,
    connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: me } }),
    disconnect: async () => undefined,
    openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
  });
  const el = host();
  await act(() => render(<App model={model} />, el));
  await act(async () => {
    await model.connect({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
    room.open();
    await settle();
    room.push(welcome({ me, agents: [me], playbooks: [{ ...liveChatTemplate('pb1'), revision: 1, installedAt: null, updatedAt: 1_700_000_000_001 }] }));
  });
  return { el, model, room };
}

const labelled = (el: HTMLElement, text: string) => {
  const label = [...el.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  if (!label) throw new Error(`no label "${text}"`);
  const control = label.htmlFor ? el.querySelector(`[id="${label.htmlFor}"]`) : label.querySelector('input');
  if (!control) throw new Error(`label "${text}" labels nothing`);
  return control as HTMLInputElement & HTMLTextAreaElement & HTMLSelectElement;
};
const button = (el: ParentNode, name: string) => {
  const b = [...el.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent)?.startsWith(name));
  if (!b) throw new Error(`no button "${name}"`);
  return b;
};

describe('options page UI', () => {
  it('labels every field, in French too', async () => {
    const { el } = await mount('fr');
    for (const text of ['Serveur', 'Espace de travail', 'Identifiant secret']) expect(labelled(el, text)).toBeTruthy();
    await act(() => button(el, 'Live chat').click());
    await act(() => button(el.querySelector('[data-card-type="live-chat"]')!, 'Modifier la carte').click());
    const wait = labelled(el, 'Temps d’attente');
    expect([...wait.options].map((o) => o.textContent)).toEqual(['30 s', '1 min', '2 min', '3 min', '5 min', '10 min']);
    expect(labelled(el, 'Message hors ligne').tagName).toBe('TEXTAREA');
    // No control without a name: inputs have a label or an aria-label, buttons have text or aria-label.
    for (const c of el.querySelectorAll('input, select, textarea')) {
      const named = c.getAttribute('aria-label') || (c.id && el.querySelector(`label[for="${c.id}"]`)) || c.closest('label');
      expect(named, c.outerHTML).toBeTruthy();
    }
    for (const b of el.querySelectorAll('button')) expect((b.getAttribute('aria-label') || b.textContent || '').trim(), b.outerHTML).not.toBe('');
  });

  it('bolds the selection with Ctrl+B and previews it with the widget renderer', async () => {
    const { el } = await mount('en');
    await act(() => button(el, 'Live chat').click());
    await act(() => button(el.querySelector('[data-card-type="live-chat"]')!, 'Edit card').click());
    const online = labelled(el, 'Online message');
    online.focus();
    online.setSelectionRange(3, 8);
    await act(() => {
      online.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', ctrlKey: true, bubbles: true }));
    });
    expect(online.value).toBe('An **agent** will be with you in a moment.');
    expect(el.querySelector('[aria-label="Preview: Online message"] strong')?.textContent).toBe('agent');
  });

  it('asks before deleting a card and gives focus back on cancel', async () => {
    const { el, model } = await mount('en');
    await act(() => button(el, 'Live chat').click());
    const end = el.querySelector<HTMLElement>('[data-card-type="end"]')!;
    await act(() => button(end, 'Delete card').click());
    const dialog = end.querySelector('[role="alertdialog"]')!;
    expect(document.activeElement?.textContent).toBe('Cancel');
    await act(() => button(dialog, 'Cancel').click());
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Edit card: End');
    expect(model.draft.value!.value.value.cards.map((c) => c.type)).toContain('end');
    await act(() => button(end, 'Delete card').click());
    await act(() => button(end.querySelector('[role="alertdialog"]')!, 'Delete').click());
    expect(model.draft.value!.value.value.cards.map((c) => c.type)).toEqual(['message', 'question', 'live-chat']);
  });

  it('shows playbooks read-only to an agent without the permission', async () => {
    const { el } = await mount('en', agent({ role: 'agent', manageLiveChat: false }));
    expect(el.textContent).toContain(en.playbooks.readOnly);
    expect(() => button(el, 'New playbook')).toThrow();
    await act(() => button(el, 'Live chat').click());
    expect(() => button(el, 'Save')).toThrow();
    expect(() => button(el, 'Delete card')).toThrow();
    expect(el.textContent).toContain(en.agents.adminsOnly);
  });
});

describe('options page: error boundaries and Allowed sites', () => {
  it('a section that throws (a bad playbook) is one short line; the other sections stay', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { el, model } = await mount('en');
      const client = model.client.value!;
      const stored = client.playbooks.value[0]!;
      await act(() => void (client.playbooks.value = [{ ...stored, cards: null as unknown as typeof stored.cards }]));
      const broken = [...el.querySelectorAll('section.broken')].map((s) => s.textContent);
      expect(broken.length).toBeGreaterThan(0);
      expect(new Set(broken)).toEqual(new Set(['This item could not be shown']));
      expect(el.querySelector('#agents')).not.toBeNull();
      expect(el.querySelector('#notifications')).not.toBeNull();
    } finally {
      error.mockRestore();
    }
  });

  it('says so in French', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { el, model } = await mount('fr');
      const client = model.client.value!;
      const stored = client.playbooks.value[0]!;
      await act(() => void (client.playbooks.value = [{ ...stored, cards: null as unknown as typeof stored.cards }]));
      expect(el.querySelector('section.broken')!.textContent).toBe('Cet élément ne peut pas être affiché');
    } finally {
      error.mockRestore();
    }
  });

  it('Allowed sites says the chat button does not appear elsewhere, in English and French', () => {
    expect(en.install.allowedHelp).toContain('Baton runs only on these sites; on other sites the chat button does not appear.');
    expect(fr.install.allowedHelp).toContain('Baton ne fonctionne que sur ces sites ; sur les autres, le bouton de chat n’apparaît pas.');
    expect(en.install.allowedHelp).not.toMatch(/offline/);
  });
});
