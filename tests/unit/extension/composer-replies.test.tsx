// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { signal } from '@preact/signals';
import type { SavedReply } from '../../../protocol';
import type { ConversationClient } from '../../../models/conversation-client';
import { Composer } from '../../../ui/sidepanel/Composer';
import { useLocale } from '../../helpers/extension-i18n';

const reply = (id: string, shortcut: string, text: string): SavedReply => ({ id, shortcut, text, updatedAt: 1 });
const replies = [reply('r1', 'price', 'Our plans start at 49 €/month.'), reply('r2', 'pricing-eu', 'Prices include VAT.'), reply('r3', 'hello', 'Hi! Pricing questions?')];

let restore: () => void = () => {};
afterEach(() => {
  restore();
  document.body.innerHTML = '';
});

async function mount(list: SavedReply[] = replies, lang: 'en' | 'fr' = 'en') {
  restore = useLocale(lang);
  const sent: string[] = [];
  const client = {
    canSend: signal(true),
    send: (text: string) => (sent.push(text), null),
    typing: () => {},
  } as unknown as ConversationClient;
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<Composer client={client} mine={true} replies={list} />, el));
  const box = el.querySelector('textarea')!;
  const type = (text: string) =>
    act(() => {
      box.focus();
      box.value = text;
      box.setSelectionRange(text.length, text.length);
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const key = (k: string) =>
    act(() => {
      box.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });
  const options = () => [...el.querySelectorAll('[role=option]')].map((o) => o.querySelector('.reply-shortcut')!.textContent);
  const selected = () => el.querySelector('[role=option][aria-selected=true] .reply-shortcut')?.textContent;
  return { el, box, type, key, options, selected, sent };
}

describe('the composer’s saved replies', () => {
  it('controls no list until / is typed at the start (a textarea, which may not be a combobox)', async () => {
    const { box, type, el } = await mount();
    expect(box.hasAttribute('role')).toBe(false);
    expect(box.getAttribute('aria-haspopup')).toBe('listbox');
    expect(box.hasAttribute('aria-controls')).toBe(false);
    await type('hello /pri');
    expect(box.hasAttribute('aria-controls')).toBe(false);
    expect(el.querySelector('[role=listbox]')).toBeNull();
  });

  it('filters on /query, moves with the arrows, inserts on Enter without sending', async () => {
    const { box, type, key, options, selected, sent, el } = await mount();
    await type('/pri');
    expect(box.hasAttribute('aria-controls')).toBe(true);
    const listbox = el.querySelector('[role=listbox]')!;
    expect(listbox.getAttribute('aria-label')).toBe('Saved replies');
    expect(box.getAttribute('aria-controls')).toBe(listbox.id);
    expect(options()).toEqual(['/price', '/pricing-eu', '/hello']);
    expect(selected()).toBe('/price');
    expect(box.getAttribute('aria-activedescendant')).toBe(el.querySelector('[aria-selected=true]')!.id);
    await key('ArrowDown');
    expect(selected()).toBe('/pricing-eu');
    await key('ArrowDown');
    await key('ArrowDown'); // wraps
    expect(selected()).toBe('/price');
    await key('ArrowUp');
    expect(selected()).toBe('/hello');
    await key('ArrowDown');
    await key('Enter');
    expect(box.value).toBe('Our plans start at 49 €/month.');
    expect(sent).toEqual([]);
    expect(box.hasAttribute('aria-controls')).toBe(false);
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
    await key('Enter'); // now it sends
    expect(sent).toEqual(['Our plans start at 49 €/month.']);
  });

  it('Tab inserts too, Escape closes and the list stays closed until the text changes', async () => {
    const { box, type, key, options } = await mount();
    await type('/hel');
    await key('Escape');
    expect(box.hasAttribute('aria-controls')).toBe(false);
    expect(box.value).toBe('/hel');
    await type('/hell');
    expect(options()).toEqual(['/hello']);
    await key('Tab');
    expect(box.value).toBe('Hi! Pricing questions?');
  });

  it('a click on an option inserts it', async () => {
    const { box, type, el, options } = await mount();
    await type('/');
    expect(options()).toEqual(['/hello', '/price', '/pricing-eu']);
    await act(() => (el.querySelectorAll<HTMLElement>('[role=option]')[2]!.click(), undefined));
    expect(box.value).toBe('Prices include VAT.');
  });

  it('the Saved replies button opens the whole list; the reply goes in at the caret', async () => {
    const { box, type, key, options, el } = await mount();
    await type('Sure: ');
    const button = [...el.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Saved replies')!;
    expect(button.textContent?.trim()).toBe('/');
    await act(() => (button.click(), undefined));
    expect(box.hasAttribute('aria-controls')).toBe(true);
    expect(options()).toEqual(['/hello', '/price', '/pricing-eu']);
    await key('Enter');
    expect(box.value).toBe('Sure: Hi! Pricing questions?');
  });

  it('says when there are none, or none match, in French too', async () => {
    const { type, el, key } = await mount([], 'fr');
    const button = [...el.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Réponses enregistrées');
    expect(button).toBeTruthy();
    await type('/');
    expect(el.querySelector('.replies-empty')!.textContent).toBe('Aucune réponse enregistrée — les admins les ajoutent dans les Options');
    await key('Escape');
    restore();
    document.body.innerHTML = '';
    const again = await mount(replies, 'en');
    await again.type('/zzz');
    expect(again.el.querySelector('.replies-empty')!.textContent).toBe('No saved reply matches “/zzz”');
    await again.key('Enter'); // nothing to choose: Enter sends as usual
    expect(again.sent).toEqual(['/zzz']);
  });
});
