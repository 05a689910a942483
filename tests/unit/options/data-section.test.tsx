// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { App } from '../../../ui/options/App';
import { textsIn, type Language } from '../../../models/i18n';
import { OptionsModel } from '../../../models/options/options-model';
import type { AgentPublic } from '../../../protocol';
import { useLocale } from '../../helpers/extension-i18n';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

type Sent = { type: string; ref: string; [k: string]: any };
const [en, fr] = [textsIn('en').options.data, textsIn('fr').options.data];
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.innerHTML = '';
});

async function mount(lang: Language = 'en', me: AgentPublic = agent({ role: 'admin' })) {
  restore = useLocale(lang);
  const room = new MemoryTransport();
  const model = new OptionsModel({
    loadConnection: async () => null,
    connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: me } }),
    disconnect: async () => undefined,
    openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
  });
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<App model={model} />, el));
  await act(async () => {
    await model.connect({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
    room.open();
    await settle();
    room.push(welcome({ me, agents: [me] }));
    await settle();
  });
  const section = el.querySelector<HTMLElement>('section#data')!;
  const push = (frame: unknown) =>
    act(async () => {
      room.push(frame);
      await settle();
    });
  const reply = (type: string, frame: Record<string, unknown>) => push({ ...frame, ref: room.ofType<Sent>(type).at(-1)!.ref });
  return { room, section, push, reply };
}

describe('Data section', () => {
  it('retention: off by default; on with days saves; a bad number is refused before anything is sent; a sweep’s result is shown', async () => {
    const p = await mount();
    await p.reply('retention-get', { type: 'retention', retention: { days: null, lastRunAt: null, lastDeleted: 0, running: false } });
    await p.reply('erasures-get', { type: 'erasures', erasures: [] });
    const box = p.section.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    const days = p.section.querySelector<HTMLInputElement>('input[type="number"]')!;
    expect(box.checked).toBe(false);
    expect(days.disabled).toBe(true);
    expect(p.section.textContent).toContain(en.logNone);
    await act(async () => box.click());
    await act(async () => {
      days.value = '0';
      days.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const save = [...p.section.querySelectorAll('button')].find((b) => b.textContent === en.save)!;
    await act(async () => save.click());
    expect(p.section.textContent).toContain(en.daysInvalid);
    expect(p.room.ofType('retention-save')).toHaveLength(0);
    await act(async () => {
      days.value = '30';
      days.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => save.click());
    expect(p.room.ofType<Sent>('retention-save').at(-1)!.days).toBe(30);
    await p.reply('retention-save', { type: 'ok' });
    await p.push({ type: 'retention', retention: { days: 30, lastRunAt: Date.UTC(2026, 10, 30, 9), lastDeleted: 4, running: false } });
    expect(p.section.querySelector('[role="status"]')!.textContent).toBe(en.retentionSaved(30));
    expect(p.section.textContent).toContain('4 conversations deleted');
  });

  it('only admins see it; in French too', async () => {
    const p = await mount('en', agent({ role: 'agent' }));
    expect(p.section.textContent).toContain(en.adminsOnly);
    expect(p.room.ofType('retention-get')).toHaveLength(0);
    document.body.innerHTML = '';
    restore?.();
    const f = await mount('fr');
    expect(f.section.textContent).toContain(fr.exportTitle);
  });
});
