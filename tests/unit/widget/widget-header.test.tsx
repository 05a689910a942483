// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { FakeRoom, MemoryStorage } from '../../helpers/widget-fake-room';
import { mountWidget as mount, unmountWidgets, type MountedWidget } from '../../helpers/widget-mount';

afterEach(unmountWidgets);

const header = (ui: MountedWidget) => ui.container.querySelector('.head .who')!.textContent;

describe('the window header (issue 12)', () => {
  it("names the agent alone (never the playbook, the admin's own name for it), and keeps who answered once the chat is closed, across a reload", async () => {
    const storage = new MemoryStorage();
    const room = new FakeRoom();
    const ui = await mount({ storage, room });
    await ui.click(ui.byLabel('Open chat')!);
    expect(header(ui)).toBe('Baton bot');
    await ui.click(ui.button('Talk to sales'));
    room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'joined', at: 5, agent: { id: 'hidden', name: 'Alice' } }));
    room.setState('active', 'Alice');
    room.agentSays('How can I help?');
    await ui.settle();
    expect(header(ui)).toBe('Alice');
    expect(ui.container.textContent).not.toContain('Live chat'); // the playbook's name in the test helper

    // The room names nobody once the chat is closed: the window still says who the visitor talked to.
    room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'closed', at: 9 }));
    room.setState('closed', null);
    await ui.settle();
    expect(ui.button('Start a new chat')).toBeDefined();
    expect(header(ui)).toBe('Alice');

    ui.unmount();
    const again = await mount({ storage, room });
    await again.settle();
    expect(header(again)).toBe('Alice');
  });

  it('a chat nobody answered and then closed keeps the bot name; an unassigned chat waits under the bot name', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'unassigned', at: 7 }));
    ui.room.setState('unassigned', null);
    await ui.settle();
    expect(header(ui)).toBe('Baton bot');
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'closed', at: 9 }));
    ui.room.setState('closed', null);
    await ui.settle();
    expect(header(ui)).toBe('Baton bot');
  });
});
