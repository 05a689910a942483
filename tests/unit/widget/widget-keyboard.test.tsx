// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { mountWidget as mount, unmountWidgets, type MountedWidget } from '../../helpers/widget-mount';

afterEach(unmountWidgets);

const escape = async (ui: MountedWidget, el: Element) => {
  await act(async () => void el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
  await ui.settle();
};

describe('widget keyboard: minimizing gives the focus back to the launcher', () => {
  it('Escape inside the window, Escape on the launcher, and the Minimize button', async () => {
    const ui = await mount();
    const launcher = ui.byLabel('Open chat')!;
    launcher.focus();
    await ui.click(launcher);
    const choice = ui.button('Talk to sales');
    choice.focus();
    expect(document.activeElement).toBe(choice);

    await escape(ui, choice);
    expect(ui.model.open.value).toBe(false);
    expect(ui.container.querySelector('[role="dialog"]')).toBeNull();
    expect(document.activeElement).toBe(launcher);
    expect(launcher.getAttribute('aria-expanded')).toBe('false');

    // Opened again, the focus still on the launcher: Escape there minimizes too.
    await ui.click(launcher);
    expect(ui.model.open.value).toBe(true);
    await escape(ui, launcher);
    expect(ui.model.open.value).toBe(false);
    expect(document.activeElement).toBe(launcher);
    // Escape on the launcher of a minimized window does nothing.
    await escape(ui, launcher);
    expect(ui.model.open.value).toBe(false);

    await ui.click(launcher);
    const min = ui.byLabel('Minimize chat')!;
    min.focus();
    await ui.click(min);
    expect(ui.model.open.value).toBe(false);
    expect(document.activeElement).toBe(launcher);
  });

  it('in live chat, Escape from the Message box minimizes and the launcher has the focus', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    const box = ui.byLabel('Message')!;
    expect(document.activeElement).toBe(box);
    await escape(ui, box);
    expect(ui.model.open.value).toBe(false);
    expect(document.activeElement).toBe(ui.byLabel('Open chat'));
  });

  it('the "unavailable" window minimizes the same way', async () => {
    const ui = await mount();
    await act(async () => void (ui.model.config.value = null));
    await ui.click(ui.byLabel('Open chat')!);
    const min = ui.byLabel('Minimize chat')!;
    min.focus();
    await escape(ui, min);
    expect(ui.model.open.value).toBe(false);
    expect(document.activeElement).toBe(ui.byLabel('Open chat'));
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.byLabel('Minimize chat')!);
    expect(ui.model.open.value).toBe(false);
    expect(document.activeElement).toBe(ui.byLabel('Open chat'));
  });
});

describe('widget keyboard: the bot\'s choices take the focus when the visitor is using the window', () => {
  it('opened by the visitor: the first choice has the focus', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    expect(document.activeElement).toBe(ui.button('Talk to sales'));
  });

  it('a window restored open on page load does not take the focus', async () => {
    const ui = await mount();
    await act(async () => ui.model.toggle(true, false));
    await ui.settle();
    expect(ui.container.querySelector('[role="dialog"]')).not.toBeNull();
    expect(ui.container.contains(document.activeElement)).toBe(false);
  });
});
