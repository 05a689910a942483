// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyDetails, type ConversationView, type Entry } from '../../../protocol';
import { ConversationClient } from '../../../models/conversation-client';
import { MemoryTransport } from '../../../models/memory-transport';
import { Transcript } from '../../../ui/sidepanel/Transcript';
import { Boundary } from '../../../widget/ui/Boundary';
import { settle, summary } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const view = (lastSeq: number): ConversationView => ({
  ...summary({ id: 'c1', status: 'active', assignee: { id: 'a1', name: 'Ada' } }),
  workspaceId: 'acme',
  context: { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 'Firefox' },
  answers: {},
  waitUntil: null,
  lastSeq,
  seen: { visitor: 0, agent: 0 },
});
const line = (seq: number, text = `line ${seq}`): Entry => ({ kind: 'message', seq, id: `id-${seq}`, from: 'visitor', text, at: T0 + seq * 1000 });
/** What the room stored before timestamps were bounded (issue 11): the panel used to go blank on it. */
const absurd = (seq: number): Entry => ({ kind: 'event', seq, id: `ev-${seq}`, event: 'closed', at: 1e300 });

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.innerHTML = '';
});

async function open(entries: unknown[], lang: 'en' | 'fr' = 'en') {
  restore = useLocale(lang);
  fakeBrowser.reset();
  const transport = new MemoryTransport();
  const client = new ConversationClient({ transport, token: async () => 'tok', conversationId: 'c1' });
  transport.open();
  await settle();
  transport.push({ type: 'welcome', role: 'agent', v: 1, conversation: view(entries.length), entries, details: emptyDetails() });
  await client.restored;
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<Transcript client={client} visitorName="Vera" />, el));
  const items = () => [...el.querySelectorAll('ol > li:not(.typing)')].map((li) => (li.classList.contains('broken') ? `[${li.textContent}]` : li.querySelector('p')?.textContent ?? li.textContent));
  return { el, client, transport, items };
}

describe('side panel: one bad entry never blanks the chat', () => {
  it('a transcript item that throws is one short line; the others are drawn', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { client, items } = await open([line(1), line(2)]);
      // Past the decoder (as an old stored entry would have been): the item's time cannot be formatted.
      await act(() => void (client.entries.value = [...client.entries.value, absurd(3), line(4)]));
      expect(items()).toEqual(['line 1', 'line 2', '[This item could not be shown]', 'line 4']);
    } finally {
      error.mockRestore();
    }
  });

  it('in French', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { client, items } = await open([line(1)], 'fr');
      await act(() => void (client.entries.value = [...client.entries.value, absurd(2)]));
      expect(items()).toEqual(['line 1', '[Cet élément ne peut pas être affiché]']);
    } finally {
      error.mockRestore();
    }
  });

  it('a welcome carrying an entry the schemas refuse still opens the chat, without that entry', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { items, client } = await open([line(1), absurd(2), line(3, 'after')]);
      expect(client.view.value?.id).toBe('c1');
      expect(items()).toEqual(['line 1', 'after']);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('Boundary keeps the element a list needs', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const Throws = (): never => {
      throw new Error('x');
    };
    const el = document.body.appendChild(document.createElement('ol'));
    try {
      await act(() =>
        render(
          <>
            <Boundary tag="li" text="broken">
              <Throws />
            </Boundary>
            <li>ok</li>
          </>,
          el,
        ),
      );
      expect(el.innerHTML).toBe('<li class="broken">broken</li><li>ok</li>');
    } finally {
      error.mockRestore();
    }
  });
});

describe('side panel: a message refused by the conversation caps', () => {
  async function refusedWith(code: 'conversation-full' | 'rate-limited', lang: 'en' | 'fr') {
    const { el, client, transport } = await open([line(1)], lang);
    client.send('one more');
    const id = transport.ofType<{ id: string }>('send')[0]!.id;
    const message = code === 'conversation-full' ? 'This conversation is full' : 'Too many messages; slow down';
    await act(() => transport.push({ type: 'error', code, message, ref: id }));
    const row = el.querySelector<HTMLElement>('li.refused')!;
    return { row, why: row.querySelector('.error')!.textContent, buttons: [...row.querySelectorAll('button')].map((b) => b.textContent) };
  }

  it('conversation-full: kept with the room’s words in English, no Retry (it would be refused again)', async () => {
    const { why, buttons } = await refusedWith('conversation-full', 'en');
    expect(why).toBe('This conversation is full');
    expect(buttons).toEqual(['Discard']);
  });

  it('conversation-full and rate-limited in French', async () => {
    expect((await refusedWith('conversation-full', 'fr')).why).toBe('Cette conversation a atteint sa taille maximale : le message n’a pas été envoyé.');
    restore?.();
    const limited = await refusedWith('rate-limited', 'fr');
    expect(limited.why).toBe('Trop de demandes : réessayez dans une minute.');
    expect(limited.buttons).toEqual(['Réessayer', 'Supprimer']);
  });
});
