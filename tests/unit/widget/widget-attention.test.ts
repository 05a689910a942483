// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gesture, setPageHidden, stubAudio } from '../../helpers/widget-audio';
import { FakeRoom, MemoryStorage } from '../../helpers/widget-fake-room';
import { mountWidget, unmountWidgets, type MountedWidget } from '../../helpers/widget-mount';

const HOST_TITLE = 'Pedal & Co — city bikes';
let chimes: () => number;

beforeEach(() => {
  chimes = stubAudio();
  setPageHidden(false);
  document.title = HOST_TITLE;
});

afterEach(() => {
  unmountWidgets();
  setPageHidden(false);
  vi.unstubAllGlobals();
});

/** Opens the window, hands over to the live chat, with a gesture as a real click would make. */
async function liveChat(opts: Parameters<typeof mountWidget>[0] = {}): Promise<MountedWidget> {
  const ui = await mountWidget(opts);
  gesture();
  await ui.click(ui.byLabel('Open chat')!);
  await ui.click(ui.button('Talk to sales'));
  return ui;
}

describe('widget: sound on new agent messages', () => {
  it('chimes for agent messages while minimized, never for the visitor’s own, not while the window is open', async () => {
    const ui = await liveChat();
    ui.room.agentSays('Window open: no sound');
    await ui.settle();
    expect(chimes()).toBe(0);
    await ui.type('My own message');
    expect(chimes()).toBe(0);
    await ui.click(ui.byLabel('Minimize chat')!);
    ui.room.agentSays('Are you still there?');
    await ui.settle();
    expect(chimes()).toBe(1);
    await ui.click(ui.byLabel('Open chat')!);
    await ui.type('Yes, sorry');
    await ui.click(ui.byLabel('Minimize chat')!);
    expect(chimes()).toBe(1);
  });

  it('needs a gesture first: a page view nobody touched stays silent', async () => {
    const ui = await mountWidget();
    ui.model.toggle(true); // opened by script, as the loader does for a click it saw before this bundle
    await ui.settle();
    await ui.click(ui.button('Talk to sales'));
    await ui.click(ui.byLabel('Minimize chat')!);
    ui.room.agentSays('Hello?');
    await ui.settle();
    expect(chimes()).toBe(0);
    gesture();
    ui.room.agentSays('Hello again?');
    await ui.settle();
    expect(chimes()).toBe(1);
  });

  it('never chimes on the replay after a reload, even for a message that arrived during the navigation', async () => {
    const storage = new MemoryStorage();
    const room = new FakeRoom();
    const first = await liveChat({ storage, room });
    await first.click(first.byLabel('Minimize chat')!);
    room.agentSays('Before the reload');
    await first.settle();
    expect(chimes()).toBe(1);
    first.unmount();
    room.agentSays('While the next page loaded');

    const second = await mountWidget({ storage, room });
    gesture();
    await second.settle();
    expect(second.container.querySelector('.badge')!.textContent).toContain('2'); // shown as unread, silently
    expect(chimes()).toBe(1);
    room.agentSays('Live again');
    await second.settle();
    expect(chimes()).toBe(2);
  });

  it('the header toggle mutes, says so in its name, and is remembered after a reload', async () => {
    const storage = new MemoryStorage();
    const room = new FakeRoom();
    const ui = await liveChat({ storage, room });
    await ui.click(ui.byLabel('Mute sounds')!);
    expect(ui.byLabel('Mute sounds')).toBeNull();
    expect(ui.byLabel('Unmute sounds')!.tagName).toBe('BUTTON');
    await ui.click(ui.byLabel('Minimize chat')!);
    room.agentSays('Muted');
    await ui.settle();
    expect(chimes()).toBe(0);
    ui.unmount();

    const again = await mountWidget({ storage, room });
    gesture();
    await again.click(again.byLabel('Open chat')!);
    await again.click(again.byLabel('Unmute sounds')!);
    await again.click(again.byLabel('Minimize chat')!);
    room.agentSays('Sound back on');
    await again.settle();
    expect(chimes()).toBe(1);
  });

  it('has French names', async () => {
    const ui = await mountWidget({ lang: 'fr' });
    await ui.click(ui.byLabel('Ouvrir le chat')!);
    await ui.click(ui.byLabel('Couper les sons')!);
    expect(ui.byLabel('Réactiver les sons')).not.toBeNull();
  });
});

describe('widget: unread count in the page title', () => {
  it('prefixes the count while the page is hidden and restores the exact title on return', async () => {
    const ui = await liveChat();
    setPageHidden(true);
    ui.room.agentSays('One');
    ui.room.agentSays('Two');
    await ui.settle();
    expect(document.title).toBe(`(2) ${HOST_TITLE}`);
    expect(chimes()).toBe(2); // the page is hidden: it chimes even with the window open
    setPageHidden(false);
    expect(document.title).toBe(HOST_TITLE);
  });

  it('leaves the title alone for the visitor’s own messages and while the page is visible', async () => {
    const ui = await liveChat();
    ui.room.agentSays('Visible page');
    await ui.settle();
    expect(document.title).toBe(HOST_TITLE);
    setPageHidden(true);
    await ui.type('Sent just as I switched tabs');
    expect(document.title).toBe(HOST_TITLE);
  });

  it('an open window on a hidden page is not "seen": the receipt waits for the visitor to come back', async () => {
    const ui = await liveChat();
    setPageHidden(true);
    ui.room.agentSays('Did you see this?');
    await ui.settle();
    const seq = ui.room.lastSeq;
    const seenFrames = () => ui.room.received.filter((f) => f.type === 'seen' && f.seq === seq);
    expect(seenFrames()).toEqual([]);
    setPageHidden(false);
    await ui.settle();
    expect(seenFrames()).toHaveLength(1);
  });
});
