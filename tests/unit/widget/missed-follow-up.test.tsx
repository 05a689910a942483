// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mountWidget as mount, unmountWidgets } from '../../helpers/widget-mount';

afterEach(unmountWidgets);

describe('a missed chat taken for follow-up while the visitor is still there (issue 13)', () => {
  it('the message box comes back when an agent joins, and the offline questions stop', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    const box = () => ui.container.querySelector('textarea');
    expect(box()).not.toBeNull();

    // Nobody in time: the bot carries on with the offline flow (it asks for the visitor's details).
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'missed', at: 7 }));
    ui.room.setState('missed', null);
    await ui.settle();
    expect(box()).toBeNull();

    // An agent takes it from the Missed view and writes: the visitor can answer.
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'joined', at: 9, agent: { id: 'a1', name: 'Alice' } }));
    ui.room.setState('active', 'Alice');
    ui.room.agentSays('Sorry for the wait, I am here now.');
    await ui.settle();
    expect(ui.container.textContent).toContain('Sorry for the wait, I am here now.');
    expect(box()).not.toBeNull();
  });
});
