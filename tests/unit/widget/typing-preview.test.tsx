// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeRoom } from '../../helpers/widget-fake-room';
import { mountWidget as mount, unmountWidgets } from '../../helpers/widget-mount';

afterEach(() => {
  unmountWidgets();
  vi.useRealTimers();
});

const NOTICE = 'The team may see what you type before you send it.';

async function typeDraft(ui: Awaited<ReturnType<typeof mount>>, text: string) {
  const box = ui.byLabel('Message') as HTMLTextAreaElement;
  await act(async () => {
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('typing preview in the widget', () => {
  it('on: says so, and sends the draft at most every half second, the last one always', async () => {
    const room = new FakeRoom();
    room.typingPreview = true;
    const ui = await mount({ room });
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    expect(ui.container.textContent).toContain(NOTICE);
    vi.useFakeTimers();
    const drafts = () => room.received.filter((f) => f.type === 'draft').map((f) => f.text);
    await typeDraft(ui, 'H');
    await typeDraft(ui, 'He');
    await typeDraft(ui, 'Hel');
    expect(drafts()).toEqual(['H']);
    await act(async () => void vi.advanceTimersByTime(500));
    expect(drafts()).toEqual(['H', 'Hel']);
  });

  it('off (the default): no notice, no draft leaves the page', async () => {
    const room = new FakeRoom();
    const ui = await mount({ room });
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    await typeDraft(ui, 'secret');
    await ui.settle();
    expect(ui.container.textContent).not.toContain(NOTICE);
    expect(room.received.some((f) => f.type === 'draft')).toBe(false);
  });
});
