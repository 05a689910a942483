// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { Footer } from '../../../ui/sidepanel/Footer';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

async function mount() {
  const transport = new MemoryTransport();
  const ws = new WorkspaceClient({ transport, token: async () => 'tok' });
  transport.open();
  await settle();
  transport.push(welcome({ me: agent({ online: false }) }));
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<Footer ws={ws} prompt={null} onRevisit={() => {}} />, el));
  const toggle = el.querySelector<HTMLButtonElement>('[role=switch]')!;
  const status = () => el.querySelector('[role=status]')!.textContent;
  const lastRef = () => transport.ofType<{ ref: string }>('set-online').at(-1)!.ref;
  return { transport, toggle, status, lastRef };
}

let restore: () => void;
beforeAll(() => (restore = useLocale('en')));
afterAll(() => restore());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('side panel footer: the Online toggle', () => {
  it('is named Online and stays on once the room says ok', async () => {
    const { transport, toggle, lastRef } = await mount();
    expect(toggle.getAttribute('aria-label')).toBe('Online');
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    await act(() => toggle.click());
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await act(async () => {
      transport.push({ type: 'ok', ref: lastRef() });
      await settle();
    });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
  });

  it('goes back and says why when the room refuses', async () => {
    const { transport, toggle, status, lastRef } = await mount();
    await act(() => toggle.click());
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await act(async () => {
      transport.push({ type: 'error', code: 'forbidden', message: 'Not allowed to go online', ref: lastRef() });
      await settle();
    });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(status()).toBe('Status not changed: Not allowed to go online');
    // The next try clears the old reason.
    await act(() => toggle.click());
    expect(status()).not.toContain('Status not changed');
    expect(transport.ofType('set-online')).toHaveLength(2);
  });
});
