// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { strings } from '../../../widget/i18n';
import { Boundary } from '../../../widget/ui/Boundary';
import { MessageItem } from '../../../widget/ui/MessageItem';
import { mountWidget as mount, unmountWidgets } from '../../helpers/widget-mount';

afterEach(unmountWidgets);

/** Opens the window and starts the live chat. */
async function liveChat(lang: 'en' | 'fr' = 'en') {
  const ui = await mount({ lang });
  await ui.click(ui.byLabel(lang === 'fr' ? 'Ouvrir le chat' : 'Open chat')!);
  await ui.click(ui.button(lang === 'fr' ? 'Talk to sales' : 'Talk to sales'));
  return ui;
}

describe('widget: a message refused by the room’s caps', () => {
  it('conversation-full: stays visible as not sent, saying the chat is full', async () => {
    const ui = await liveChat();
    ui.room.refuseWith = { code: 'conversation-full', message: 'This conversation reached its size limit' };
    await ui.type('One more thing');
    expect(ui.room.visitorMessages()).toEqual([]);
    expect(ui.log().textContent).toContain('One more thing');
    expect(ui.log().textContent).toContain('Not sent');
    expect(ui.container.querySelector('[role="alert"]')!.textContent).toBe('This chat is full. Start a new chat to write more.');
    expect(ui.model.chat.value!.pending.value).toEqual([]);
  });

  it('rate-limited: not sent, says to wait, and Try again sends it once the room takes messages again', async () => {
    const ui = await liveChat();
    ui.room.refuseWith = { code: 'rate-limited', message: 'Too many messages; slow down' };
    await ui.type('Hello?');
    const alert = ui.container.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('Too many messages. Wait a minute, then send it again.');
    expect(ui.log().textContent).toContain('Hello?');
    ui.room.refuseWith = null;
    await ui.click([...alert.querySelectorAll('button')].find((b) => b.textContent === 'Try again')!);
    expect(ui.room.visitorMessages()).toEqual(['Hello?']);
    expect(ui.container.querySelector('[role="alert"]')).toBeNull();
    expect(ui.log().textContent!.match(/Hello\?/g)).toHaveLength(1);
  });

  it('says it in French', async () => {
    const ui = await liveChat('fr');
    ui.room.refuseWith = { code: 'conversation-full', message: 'This conversation reached its size limit' };
    await ui.type('Encore une chose');
    expect(ui.container.querySelector('[role="alert"]')!.textContent).toBe('Cette conversation est pleine. Démarrez-en une nouvelle pour continuer.');
    expect(ui.log().textContent).toContain('Non envoyé');
    ui.room.refuseWith = { code: 'rate-limited', message: 'Too many messages; slow down' };
    await ui.type('Et une autre');
    expect(ui.log().textContent).toContain('Trop de messages. Attendez une minute, puis renvoyez-le.');
  });
});

describe('widget: error boundary around each message', () => {
  function Throws(): never {
    throw new Error('bad entry');
  }

  it('a child that throws becomes one short line; its siblings stay', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const el = document.createElement('div');
    document.body.append(el);
    try {
      await act(async () => {
        render(
          h('div', null, h(Boundary, { text: 'This item could not be shown' }, h(Throws, null)), h(Boundary, { text: 'x' }, h('p', null, 'still here'))),
          el,
        );
      });
      expect(el.querySelector('.broken')!.textContent).toBe('This item could not be shown');
      expect(el.textContent).toContain('still here');
    } finally {
      render(null, el);
      el.remove();
      error.mockRestore();
    }
  });

  it('one message that cannot be drawn (a timestamp no Date can hold) leaves the rest of the chat on screen', async () => {
    const ui = await liveChat();
    ui.room.agentSays('Fine message');
    await ui.settle();
    // The room would refuse such an entry; a stored one from before must still not blank the window.
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'joined', at: 1e300, agent: { id: 'a', name: 'Bad one' } }));
    ui.room.agentSays('After it');
    await ui.settle();
    const text = ui.log().textContent!;
    expect(text).toContain('Fine message');
    expect(text).toContain('After it');
    expect(text).toContain('This item could not be shown');
    expect(text).not.toContain('Bad one');
  });

  it('MessageItem itself throws on such an entry (what the boundary is for)', () => {
    const t = strings('en');
    expect(() => render(h(MessageItem, { item: { key: 'k', kind: 'event', text: 'x', at: 1e300 }, t, lang: 'en' }), document.createElement('div'))).toThrow();
  });

  it('is translated', async () => {
    expect(strings('fr').broken).toBe('Cet élément ne peut pas être affiché');
  });
});
