// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountWidget as mount, unmountWidgets, type MountedWidget } from '../../helpers/widget-mount';
import type { ExtrasModule } from '../../../widget/ui/Extra';

afterEach(unmountWidgets);

// Its own file: the chunk, once loaded, stays loaded for the page (module state), so this one starts without it.
describe('the on-demand chunk', () => {
  it('is fetched only when a part is first shown; not fetched: nothing drawn, and the next showing tries again, once', async () => {
    let fail = true;
    // As chat.tsx's loader: a script that did not load leaves its promise pending.
    const load = vi.fn((): Promise<ExtrasModule> => (fail ? new Promise(() => {}) : import('../../../widget/ui/extras')));
    const ui = await mount({ extras: load });
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    await ui.type('Hello');
    ui.room.setState('active', 'Alice');
    await ui.settle();
    expect(load).not.toHaveBeenCalled();

    const button = () => ui.byLabel('Email me this chat')!;
    await ui.click(button());
    expect(load).toHaveBeenCalledTimes(1);
    // Renders meanwhile (a message arrives) do not fetch again.
    ui.room.agentSays('Still there?');
    await ui.settle();
    await ui.settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(ui.container.querySelector('[role="region"]')).toBeNull();

    fail = false;
    await ui.click(button()); // closes the (empty) box
    await ui.click(button()); // shows it again: fetched again
    expect(load).toHaveBeenCalledTimes(2);
    await vi.waitFor(async () => {
      await ui.settle();
      expect(ui.container.querySelector('[role="region"] input[type="email"]')).not.toBeNull();
    });
    const stillOne = (n: MountedWidget) => n.container.querySelectorAll('[role="region"]').length;
    expect(stillOne(ui)).toBe(1);
  });
});
