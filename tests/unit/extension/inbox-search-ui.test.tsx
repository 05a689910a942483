// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MemoryTransport } from '../../../models/memory-transport';
import { PanelModel } from '../../../models/panel-model';
import { saveConnection } from '../../../models/session';
import { StatusPrefs } from '../../../models/status-prefs';
import { App } from '../../../ui/sidepanel/App';
import { settle, summary, welcome } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

const me = { id: 'a1', name: 'Ada' };
const msg = (text: string) => ({ from: 'visitor' as const, text, at: 1_700_000_001_000 });
const conversations = [
  summary({ id: 'elo', visitorName: 'Élodie Dupré', lastMessage: msg('Un devis ?'), lastActivityAt: 1_700_000_003_000 }),
  summary({ id: 'zoe', visitorName: 'Zoë Martin', lastMessage: msg('Le café'), lastActivityAt: 1_700_000_002_000 }),
  summary({ id: 'bob', visitorName: 'Bob Buyer', lastMessage: msg('Do you ship to Lyon?'), lastActivityAt: 1_700_000_001_000 }),
  summary({ id: 'eli', visitorName: 'Elise', status: 'active', assignee: me, lastMessage: msg('Merci') }),
];

let restore: () => void = () => {};

async function mount(lang: 'en' | 'fr' = 'en') {
  restore = useLocale(lang);
  const sockets: MemoryTransport[] = [];
  const model = new PanelModel({
    session: { token: async () => 'tok', invalidate: async () => {} },
    makeTransport: () => {
      const t = new MemoryTransport();
      sockets.push(t);
      return t;
    },
  });
  await model.start();
  sockets[0]!.open();
  await settle();
  sockets[0]!.push(welcome({ conversations }));
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<App model={model} focused={true} prompt={null} prefs={new StatusPrefs()} onTest={() => new Promise(() => {})} onAllow={() => {}} onRefuse={() => {}} onRevisit={() => {}} onOpenOptions={() => {}} />, el));
  const input = el.querySelector<HTMLInputElement>('input[type=search]')!;
  const names = () => [...el.querySelectorAll('[role=option] .row-name')].map((n) => n.textContent);
  const status = () => el.querySelector('.search [role=status]')!.textContent;
  const count = (folder: string) => el.querySelector(`[data-folder="${folder}"] .count`)!.textContent;
  const type = (text: string) =>
    act(() => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const key = (target: Element, k: string) =>
    act(() => {
      target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });
  return { model, el, input, names, status, count, type, key };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await saveConnection({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
});
afterEach(() => {
  render(null, document.body.firstElementChild!);
  document.body.innerHTML = '';
  restore();
});

describe('side panel: inbox search', () => {
  it('is a named search field above the list', async () => {
    const { el, input } = await mount();
    expect(input.getAttribute('aria-label')).toBe('Search conversations');
    expect(input.placeholder).toBe('Search conversations');
    expect(input.closest('[role=search]')).not.toBeNull();
    expect(input.compareDocumentPosition(el.querySelector('[role=listbox]')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('filters the folder by name or last message, accents and case aside; tab counts stay totals', async () => {
    const { names, status, count, type } = await mount();
    expect(names()).toEqual(['Élodie Dupré', 'Zoë Martin', 'Bob Buyer']);
    expect(status()).toBe('');
    await type('ELOD');
    expect(names()).toEqual(['Élodie Dupré']);
    expect(status()).toBe('1 match');
    await type('zoe');
    expect(names()).toEqual(['Zoë Martin']);
    await type('o');
    expect(status()).toBe('3 matches');
    await type('lyon');
    expect(names()).toEqual(['Bob Buyer']);
    expect(count('unassigned')).toBe('3');
    expect(count('mine')).toBe('1');
  });

  it('says when nothing matches, instead of the empty folder text', async () => {
    const { el, names, status, type } = await mount();
    await type('xyz');
    expect(names()).toEqual([]);
    expect(status()).toBe('No conversation matches “xyz”');
    expect(el.querySelector('.empty')).toBeNull();
  });

  it('Escape clears it and every chat is back', async () => {
    const { input, names, status, type, key, model } = await mount();
    await type('élo');
    expect(names()).toHaveLength(1);
    await key(input, 'Escape');
    expect(input.value).toBe('');
    expect(model.search.value).toBe('');
    expect(names()).toHaveLength(3);
    expect(status()).toBe('');
  });

  it('stays while the agent switches folders (it searches each folder)', async () => {
    const { model, names, type, status } = await mount();
    await type('el');
    expect(names()).toEqual(['Élodie Dupré']);
    await act(() => {
      model.folder.value = 'mine';
    });
    expect(names()).toEqual(['Elise']);
    expect(status()).toBe('1 match');
    await act(() => {
      model.folder.value = 'unassigned';
    });
    expect(names()).toEqual(['Élodie Dupré']);
  });

  it('`/` in the list focuses the field; ArrowDown in the field goes back to the list', async () => {
    const { el, input, key } = await mount();
    const list = el.querySelector<HTMLElement>('[role=listbox]')!;
    list.focus();
    await key(list, 'ArrowDown');
    expect(list.getAttribute('aria-activedescendant')).toBe('row-zoe'); // arrows still move in the list
    await key(list, '/');
    expect(document.activeElement).toBe(input);
    await key(input, 'ArrowDown');
    expect(document.activeElement).toBe(list);
  });

  it('is translated', async () => {
    const { input, status, type } = await mount('fr');
    expect(input.getAttribute('aria-label')).toBe('Rechercher des conversations');
    await type('o');
    expect(status()).toBe('3 résultats');
    await type('Élo');
    expect(status()).toBe('1 résultat');
    await type('rien');
    expect(status()).toBe('Aucune conversation ne correspond à «\u00a0rien\u00a0»');
  });
});
