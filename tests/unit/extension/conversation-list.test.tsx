// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { ConversationSummary } from '../../../protocol';
import { ConversationList } from '../../../ui/sidepanel/ConversationList';
import { summary } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

async function mount(items: ConversationSummary[], lang: 'en' | 'fr' = 'en') {
  const restore = useLocale(lang);
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<ConversationList items={items} selectedId={null} label="Mine" onOpen={() => {}} />, el));
  restore();
  const badge = (id: string) => el.querySelector(`#row-${id} .unread`);
  return { el, badge };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('conversation list: unread count per chat', () => {
  const items = [
    summary({ id: 'three', visitorName: 'Vera', status: 'active', unread: 3 }),
    summary({ id: 'one', visitorName: 'Blue Fox', unread: 1 }),
    summary({ id: 'none', visitorName: 'Red Owl', unread: 0 }),
    summary({ id: 'lots', visitorName: 'Green Cat', status: 'active', unread: 150 }),
    summary({ id: 'closed', visitorName: 'Old Chat', status: 'closed', closedAt: 2_000, unread: 2 }),
  ];

  it('shows the number in a badge named for screen readers with the exact count', async () => {
    const { badge } = await mount(items);
    expect(badge('three')!.textContent).toBe('3');
    expect(badge('three')!.getAttribute('role')).toBe('img');
    expect(badge('three')!.getAttribute('aria-label')).toBe('3 unread messages');
    expect(badge('one')!.getAttribute('aria-label')).toBe('1 unread message');
    // Past 99 the badge stays small; the name keeps the real number.
    expect(badge('lots')!.textContent).toBe('99+');
    expect(badge('lots')!.getAttribute('aria-label')).toBe('150 unread messages');
  });

  it('shows no badge when nothing is unread, nor on closed chats', async () => {
    const { el, badge } = await mount(items);
    expect(badge('none')).toBeNull();
    expect(badge('closed')).toBeNull();
    expect(el.querySelector('#row-none')!.classList.contains('has-unread')).toBe(false);
    expect(el.querySelector('#row-three')!.classList.contains('has-unread')).toBe(true);
  });

  it('is translated', async () => {
    const { badge } = await mount(items, 'fr');
    expect(badge('three')!.getAttribute('aria-label')).toBe('3 messages non lus');
    expect(badge('one')!.getAttribute('aria-label')).toBe('1 message non lu');
  });
});
