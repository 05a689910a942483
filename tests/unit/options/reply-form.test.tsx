// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { ReplyMessages, type SavedReply } from '../../../protocol';
import { App } from '../../../ui/options/App';
import { textsIn, type Language } from '../../../models/i18n';
import { useLocale } from '../../helpers/extension-i18n';

const [en, fr] = [textsIn('en').options, textsIn('fr').options];
let restore: (() => void) | undefined;
import { OptionsModel } from '../../../models/options/options-model';
import { checkReplyForm } from '../../../models/options/reply-form';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

const stored = (id: string, shortcut: string, text: string): SavedReply => ({ id, shortcut, text, updatedAt: 1_700_000_000_001 });
const replies = [stored('r1', 'price', 'From 49 €/month.'), stored('r2', 'hello', 'Hi!')];

describe('checkReplyForm', () => {
  it('gives the frame’s reply: shortcut trimmed and lower-cased, id only when editing', () => {
    expect(checkReplyForm({ shortcut: '  Demo-2 ', text: 'Book a demo' })).toEqual({ ok: true, value: { shortcut: 'demo-2', text: 'Book a demo' } });
    expect(checkReplyForm({ id: 'r1', shortcut: 'price', text: 'x' }, replies)).toEqual({ ok: true, value: { id: 'r1', shortcut: 'price', text: 'x' } });
  });
  it('names the field in trouble, with the protocol’s words', () => {
    expect(checkReplyForm({ shortcut: '', text: '' })).toEqual({ ok: false, errors: { shortcut: ReplyMessages.shortcut, text: 'Required' } });
    expect(checkReplyForm({ shortcut: 'has space', text: 'ok' })).toEqual({ ok: false, errors: { shortcut: ReplyMessages.shortcut } });
    expect(checkReplyForm({ shortcut: 'a'.repeat(33), text: 'ok' })).toMatchObject({ ok: false, errors: { shortcut: ReplyMessages.shortcut } });
    expect(checkReplyForm({ shortcut: 'ok', text: 'x'.repeat(4_001) })).toEqual({ ok: false, errors: { text: 'At most 4000 characters' } });
    expect(checkReplyForm({ shortcut: 'a'.repeat(32), text: 'x'.repeat(4_000) }).ok).toBe(true);
  });
  it('refuses a shortcut another reply uses, whatever the case, but not the reply’s own', () => {
    expect(checkReplyForm({ shortcut: 'PRICE', text: 'x' }, replies)).toEqual({ ok: false, errors: { shortcut: ReplyMessages.duplicate } });
    expect(checkReplyForm({ id: 'r2', shortcut: 'price', text: 'x' }, replies)).toEqual({ ok: false, errors: { shortcut: ReplyMessages.duplicate } });
    expect(checkReplyForm({ id: 'r1', shortcut: 'Price', text: 'x' }, replies).ok).toBe(true);
  });
});

describe('the Saved replies section', () => {
  afterEach(() => {
    restore?.();
    restore = undefined;
    document.body.innerHTML = '';
  });

  async function mount(lang: Language, me = agent({ role: 'admin' })) {
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
      room.push(welcome({ me, agents: [me], replies }));
    });
    const section = el.querySelector<HTMLElement>('#replies')!;
    const button = (name: string) => [...section.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith(name))!;
    const field = (label: string) => {
      const l = [...section.querySelectorAll('label')].find((x) => x.textContent === label)!;
      return section.querySelector<HTMLInputElement & HTMLTextAreaElement>(`[id="${l.htmlFor}"]`)!;
    };
    const fill = (label: string, value: string) =>
      act(() => {
        const f = field(label);
        f.value = value;
        f.dispatchEvent(new Event('input', { bubbles: true }));
      });
    const sent = () => (room.sent as { type: string; [k: string]: any }[]).filter((f) => f.type.startsWith('reply-'));
    // happy-dom does not submit a form from its submit button: send the event the button would.
    const save = () =>
      act(async () => {
        section.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
        await settle();
      });
    return { el, section, room, model, button, field, fill, sent, save };
  }

  it('adds a reply: errors next to the fields and nothing sent until they are fixed', async () => {
    const { section, button, field, fill, sent, room, save } = await mount('en');
    expect([...section.querySelectorAll('[data-reply] code')].map((c) => c.textContent)).toEqual(['/price', '/hello']);
    await act(() => button('Add reply').click());
    await fill('Shortcut', 'Price');
    await save();
    expect(field('Shortcut').getAttribute('aria-invalid')).toBe('true');
    expect(section.querySelector(`#${CSS.escape(field('Shortcut').getAttribute('aria-describedby')!.split(' ')[0]!)}`)!.textContent).toBe(ReplyMessages.duplicate);
    expect(section.querySelector(`#${CSS.escape(field('Text').getAttribute('aria-describedby')!)}`)!.textContent).toBe('Required');
    expect(sent()).toEqual([]);
    await fill('Shortcut', 'Demo');
    await fill('Text', 'Pick a slot: https://cal.example/demo');
    await save();
    const frame = sent()[0]!;
    expect(frame).toMatchObject({ type: 'reply-save', reply: { shortcut: 'demo', text: 'Pick a slot: https://cal.example/demo' } });
    expect(frame.reply.id).toBeUndefined();
    await act(async () => {
      room.push({ type: 'replies', replies: [...replies, stored('r3', 'demo', frame.reply.text)] });
      room.push({ type: 'ok', ref: frame.ref, id: 'r3' });
      await settle();
    });
    expect(section.querySelector('[role=status]')!.textContent).toBe('/demo added.');
    expect(section.querySelector('form')).toBeNull();
  });

  it('shows the room’s field refusal next to the field, edits with the id, deletes after confirming', async () => {
    const { section, button, fill, sent, room, save } = await mount('en');
    await act(() => button('Edit /hello').click());
    expect(section.querySelector('h3')!.textContent).toBe('Edit /hello');
    await fill('Text', 'Hello there!');
    await save();
    const edit = sent()[0]!;
    expect(edit.reply).toEqual({ id: 'r2', shortcut: 'hello', text: 'Hello there!' });
    await act(async () => {
      room.push({ type: 'error', code: 'invalid-field', message: ReplyMessages.duplicate, ref: edit.ref, fields: { 'reply.shortcut': ReplyMessages.duplicate } });
      await settle();
    });
    expect(section.querySelector('.field .error')!.textContent).toBe(ReplyMessages.duplicate);

    await act(() => button('Cancel').click());
    await act(() => button('Delete /price').click());
    const dialog = section.querySelector('[role=alertdialog]')!;
    expect(dialog.getAttribute('aria-label')).toBe('Delete /price? Agents will no longer find it.');
    expect(sent()).toHaveLength(1);
    await act(() => [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Delete')!.click());
    await settle();
    expect(sent()[1]).toMatchObject({ type: 'reply-delete', id: 'r1' });
  });

  it('is read-only for an agent without "manage live chat", in French too', async () => {
    const { section } = await mount('fr', agent({ role: 'agent', manageLiveChat: false }));
    expect(section.querySelector('h2')!.textContent).toBe('Réponses enregistrées');
    expect(section.querySelector('.notice')!.textContent).toContain('pas les modifier');
    expect(section.querySelectorAll('button')).toHaveLength(0);
    expect(section.querySelectorAll('[data-reply]')).toHaveLength(2);
  });
});
