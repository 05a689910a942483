// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeRoom, MemoryStorage } from '../../helpers/widget-fake-room';
import { mountWidget as mount, unmountWidgets, type MountedWidget } from '../../helpers/widget-mount';
import { nextScore } from '../../../widget/ui/Rate';

afterEach(unmountWidgets);

/** Waits (on the widget's own renders, no fixed sleep) until `find` gives something. */
async function until<T>(ui: MountedWidget, find: () => T | null | undefined): Promise<T> {
  let found: T | null | undefined;
  await vi.waitFor(async () => {
    await ui.settle();
    found = find();
    expect(found).toBeTruthy();
  });
  return found!;
}

/** A live chat the agent answered, then closed. */
async function closedChat(opts: Parameters<typeof mount>[0] = {}) {
  const ui = await mount(opts);
  await ui.click(ui.byLabel(opts.lang === 'fr' ? 'Ouvrir le chat' : 'Open chat')!);
  await ui.click(ui.container.querySelector<HTMLElement>('.choices button')!);
  await ui.type('Hello');
  ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'joined', at: 5, agent: { id: 'a1', name: 'Alice' } }));
  ui.room.setState('active', 'Alice');
  ui.room.agentSays('Anything else?');
  ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'closed', at: 9 }));
  ui.room.setState('closed', null);
  await ui.settle();
  return ui;
}

const group = (ui: MountedWidget) => ui.container.querySelector('fieldset');
const radios = (ui: MountedWidget) => [...ui.container.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
const key = async (ui: MountedWidget, el: Element, k: string) => {
  await act(async () => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));
};

describe('nextScore: the radio group keys', () => {
  it('arrows move by one and wrap, Home and End go to the ends, other keys do nothing', () => {
    expect(nextScore('ArrowRight', 1)).toBe(2);
    expect(nextScore('ArrowDown', 4)).toBe(5);
    expect(nextScore('ArrowRight', 5)).toBe(1);
    expect(nextScore('ArrowLeft', 1)).toBe(5);
    expect(nextScore('ArrowUp', 3)).toBe(2);
    expect(nextScore('Home', 4)).toBe(1);
    expect(nextScore('End', 2)).toBe(5);
    expect(nextScore('Enter', 2)).toBe(0);
    expect(nextScore('a', 2)).toBe(0);
  });
});

describe('"Rate this chat" when the agent closed the chat (issue 16)', () => {
  it('is a fieldset with its legend and five labelled radios; arrows choose and move the focus; one radio in the Tab order', async () => {
    const ui = await closedChat();
    const fieldset = await until(ui, () => group(ui));
    expect(fieldset.querySelector('legend')!.textContent).toBe('Rate this chat');
    const all = radios(ui);
    expect(all.map((r) => r.closest('label')!.querySelector('.sr')!.textContent)).toEqual(['Very poor, 1 of 5', 'Poor, 2 of 5', 'Okay, 3 of 5', 'Good, 4 of 5', 'Excellent, 5 of 5']);
    expect(new Set(all.map((r) => r.name)).size).toBe(1);
    expect(all.map((r) => r.tabIndex)).toEqual([0, -1, -1, -1, -1]);
    // The chat's ending left the focus with "Start a new chat", as before; the rating sits above it.
    expect(ui.button('Start a new chat')).toBeDefined();

    all[0]!.focus();
    await key(ui, all[0]!, 'ArrowRight');
    expect(radios(ui)[1]!.checked).toBe(true);
    expect(document.activeElement).toBe(radios(ui)[1]);
    await key(ui, radios(ui)[1]!, 'ArrowLeft');
    await key(ui, radios(ui)[0]!, 'ArrowLeft');
    expect(radios(ui)[4]!.checked).toBe(true);
    expect(document.activeElement).toBe(radios(ui)[4]);
    await key(ui, radios(ui)[4]!, 'Home');
    expect(radios(ui)[0]!.checked).toBe(true);
    await key(ui, radios(ui)[0]!, 'End');
    await key(ui, radios(ui)[4]!, 'ArrowUp');
    expect(radios(ui).map((r) => r.checked)).toEqual([false, false, false, true, false]);
    expect(radios(ui).map((r) => r.tabIndex)).toEqual([-1, -1, -1, 0, -1]);
    expect(ui.container.querySelector('.stars .cap')!.textContent).toBe('Good');
  });

  it('Send without a choice says so and sends nothing; with a score and a comment it reaches the room once, thanks, and the focus goes to "Start a new chat"', async () => {
    const ui = await closedChat();
    await until(ui, () => group(ui));
    await ui.click(ui.button('Send'));
    expect(ui.container.querySelector('.x [role="alert"]')!.textContent).toBe('Choose a rating first');
    expect(ui.room.received.filter((f) => f.type === 'rate')).toEqual([]);

    await ui.click(radios(ui)[3]!);
    const comment = ui.container.querySelector<HTMLTextAreaElement>('.x textarea')!;
    expect(comment.closest('label')!.textContent).toContain('Comment (optional)');
    await act(async () => {
      comment.value = '  Quick and helpful  ';
      comment.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await ui.click(ui.button('Send'));
    await until(ui, () => ui.container.querySelector('.x [role="status"]')?.textContent);
    const sent = ui.room.received.filter((f) => f.type === 'rate');
    expect(sent).toEqual([{ type: 'rate', score: 4, comment: 'Quick and helpful', ref: expect.any(String) }]);
    expect(ui.room.rating).toEqual({ score: 4, comment: 'Quick and helpful' });
    expect(ui.container.querySelector('.x [role="status"]')!.textContent).toBe('Thank you for your rating!');
    expect(group(ui)).toBeNull();
    expect(document.activeElement).toBe(ui.button('Start a new chat'));
  });

  it('a chat rated (here or in another tab) is never asked again, after a reload too', async () => {
    const storage = new MemoryStorage();
    const room = new FakeRoom();
    const ui = await closedChat({ storage, room });
    await until(ui, () => group(ui));
    await ui.click(radios(ui)[4]!);
    await ui.click(ui.button('Send'));
    await until(ui, () => ui.container.querySelector('.x [role="status"]')?.textContent);
    ui.unmount();

    const again = await mount({ storage, room });
    await again.settle();
    await until(again, () => again.button('Start a new chat'));
    // The chunk has loaded in this test file already: a rating would be drawn at once.
    expect(group(again)).toBeNull();
    expect(room.received.filter((f) => f.type === 'rate')).toHaveLength(1);
  });

  it('Skip hides it and is remembered for this conversation (v: 1 record); a new conversation is asked again', async () => {
    const storage = new MemoryStorage();
    const room = new FakeRoom();
    const ui = await closedChat({ storage, room });
    await until(ui, () => group(ui));
    await ui.click(ui.button('Skip'));
    expect(group(ui)).toBeNull();
    expect(document.activeElement).toBe(ui.button('Start a new chat'));
    expect(JSON.parse(storage.getItem('baton:ws:pb1:chat:rate-skipped')!)).toEqual({ v: 1, conversationId: 'conv1' });
    expect(room.received.filter((f) => f.type === 'rate')).toEqual([]);
    ui.unmount();

    const again = await mount({ storage, room });
    await until(again, () => again.button('Start a new chat'));
    await again.settle();
    expect(group(again)).toBeNull();
    again.unmount();

    // Another conversation (another id) in the same browser: asked.
    const other = await mount({ storage: new MemoryStorage(), room: new FakeRoom() });
    storage.map.forEach((v, k) => k.endsWith('rate-skipped') && other.storage.setItem(k, v.replace('conv1', 'conv0')));
    await other.click(other.byLabel('Open chat')!);
    await other.click(other.button('Talk to sales'));
    other.room.setState('closed', null);
    await other.settle();
    await until(other, () => group(other));
  });

  it('not asked before the chat closed, nor for a missed chat whose offline form ended the window', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    ui.room.setState('active', 'Alice');
    await ui.settle();
    await ui.settle();
    expect(group(ui)).toBeNull();
    // Nobody in time: the offline form, then the window's end ("Start a new chat") with the chat still `missed`.
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'missed', at: 7 }));
    ui.room.setState('missed', null);
    await ui.settle();
    await ui.type('Ada Lovelace');
    await ui.type('ada@example.com');
    await until(ui, () => ui.button('Start a new chat'));
    await ui.settle();
    expect(ui.model.chat.value!.status.value).toBe('missed');
    expect(group(ui)).toBeNull();
  });

  it('a refusal says the rating was not sent and keeps the form; "already rated" counts as done', async () => {
    const ui = await closedChat();
    await until(ui, () => group(ui));
    ui.room.status = 'active'; // the room thinks otherwise: `not-closed`
    await ui.click(radios(ui)[2]!);
    await ui.click(ui.button('Send'));
    await until(ui, () => ui.container.querySelector('.x [role="alert"]')?.textContent);
    expect(ui.container.querySelector('.x [role="alert"]')!.textContent).toBe('Your rating could not be sent. Try again.');
    expect(group(ui)).not.toBeNull();
    Object.assign(ui.room, { status: 'closed', rated: true });
    await ui.click(ui.button('Send'));
    await until(ui, () => ui.container.querySelector('.x [role="status"]')?.textContent);
    expect(ui.container.querySelector('.x [role="status"]')!.textContent).toBe('Thank you for your rating!');
  });

  it('in French', async () => {
    const ui = await closedChat({ lang: 'fr' });
    const fieldset = await until(ui, () => group(ui));
    expect(fieldset.querySelector('legend')!.textContent).toBe('Notez cette conversation');
    expect(radios(ui)[4]!.closest('label')!.textContent).toContain('Excellent, 5 sur 5');
    expect(ui.button('Passer')).toBeDefined();
  });
});
