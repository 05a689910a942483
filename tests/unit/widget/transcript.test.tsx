// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { extraStrings, transcriptText } from '../../../widget/extras-i18n';
import { mountWidget as mount, unmountWidgets, type MountedWidget } from '../../helpers/widget-mount';

afterEach(unmountWidgets);

async function until<T>(ui: MountedWidget, find: () => T | null | undefined): Promise<T> {
  let found: T | null | undefined;
  await vi.waitFor(async () => {
    await ui.settle();
    found = find();
    expect(found).toBeTruthy();
  });
  return found!;
}

async function liveChat(opts: Parameters<typeof mount>[0] = {}) {
  const ui = await mount(opts);
  await ui.click(ui.byLabel(opts.lang === 'fr' ? 'Ouvrir le chat' : 'Open chat')!);
  await ui.click(ui.container.querySelector<HTMLElement>('.choices button')!);
  await ui.type('Hello');
  ui.room.setState('active', 'Alice');
  ui.room.agentSays('Hi!');
  await ui.settle();
  return ui;
}

const box = (ui: MountedWidget) => ui.container.querySelector<HTMLElement>('[role="region"]');
const status = (ui: MountedWidget) => box(ui)?.querySelector('[role="status"]')?.textContent;
const field = (ui: MountedWidget) => box(ui)?.querySelector<HTMLInputElement>('input[type="email"]');
const fill = async (ui: MountedWidget, value: string) => {
  const input = field(ui)!;
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => void input.closest('form')!.requestSubmit());
  await ui.settle();
};
const asked = (ui: MountedWidget) => ui.room.received.filter((f) => f.type === 'transcript-request');

describe('transcriptText: what the visitor is told, by problem code', () => {
  const s = extraStrings('en');
  it('each code of the contract, and anything else', () => {
    expect(transcriptText({ code: 'invalid-field', problem: 'email-needed' }, s)).toBe(s.needEmail);
    expect(transcriptText({ code: 'rate-limited', problem: 'transcript-limit' }, s)).toBe(s.limit);
    expect(transcriptText({ code: 'rate-limited' }, s)).toBe(s.limit);
    expect(transcriptText({ code: 'unavailable', problem: 'email-off' }, s)).toBe(s.off);
    expect(transcriptText({ code: 'offline' }, s)).toBe(s.failed);
    expect(transcriptText({ code: 'internal' }, s)).toBe(s.failed);
    expect(transcriptText({ code: 'unavailable', problem: 'email-off' }, extraStrings('fr'))).toBe('Désolés, cette conversation ne peut pas être envoyée par e-mail ici.');
  });
});

describe('"Email me this chat" (issue 15)', () => {
  it('the header has the button only once there is a chat; it asks for an address checked like the contact form, then says where it went', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    expect(ui.byLabel('Email me this chat')).toBeNull();
    await ui.click(ui.button('Talk to sales'));
    const button = ui.byLabel('Email me this chat')!;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    button.focus();
    await ui.click(button);
    const input = await until(ui, () => field(ui));
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(box(ui)!.getAttribute('aria-label')).toBe('Email me this chat');
    expect(input.closest('label')!.textContent).toContain('Your email');
    expect(input.autocomplete).toBe('email');
    expect(document.activeElement).toBe(input);

    await fill(ui, 'not an email');
    expect(box(ui)!.querySelector('[role="alert"]')!.textContent).toBe('Enter a valid email address');
    expect(field(ui)!.getAttribute('aria-invalid')).toBe('true');
    await fill(ui, '');
    expect(box(ui)!.querySelector('[role="alert"]')!.textContent).toBe('Please fill this in');
    expect(asked(ui)).toEqual([]);

    await fill(ui, '  sam@example.com ');
    await until(ui, () => status(ui)?.startsWith('Sent'));
    expect(asked(ui)).toEqual([{ type: 'transcript-request', email: 'sam@example.com', ref: expect.any(String) }]);
    expect(status(ui)).toBe('Sent. A copy of this chat is on its way to sam@example.com.');
    expect(ui.room.transcripts).toEqual(['sam@example.com']);
    // What is left in the box, its Close button, has the focus; Close gives it back to the header's button.
    const close = ui.button('Close');
    expect(document.activeElement).toBe(close);
    await ui.click(close);
    expect(box(ui)).toBeNull();
    expect(document.activeElement).toBe(ui.byLabel('Email me this chat'));

    // Now the chat has an email (the room's view says so): asked again, it is sent at once, to that address.
    await ui.click(ui.byLabel('Email me this chat')!);
    await until(ui, () => status(ui)?.startsWith('Sent'));
    expect(field(ui)).toBeFalsy();
    expect(asked(ui).at(-1)).toEqual({ type: 'transcript-request', ref: expect.any(String) });
    expect(status(ui)).toBe('Sent. A copy of this chat is on its way to your email.');
  });

  it('Escape closes the box (not the window) and gives the focus back to the header button; Cancel too', async () => {
    const ui = await liveChat();
    await ui.click(ui.byLabel('Email me this chat')!);
    const input = await until(ui, () => field(ui));
    await act(async () => void input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    await ui.settle();
    expect(box(ui)).toBeNull();
    expect(ui.model.open.value).toBe(true);
    expect(document.activeElement).toBe(ui.byLabel('Email me this chat'));
    await ui.click(ui.byLabel('Email me this chat')!);
    await until(ui, () => field(ui));
    await ui.click(ui.button('Cancel'));
    expect(box(ui)).toBeNull();
    expect(document.activeElement).toBe(ui.byLabel('Email me this chat'));
  });

  it('says why when it was not sent: limit reached, not available here, an address needed after all, offline', async () => {
    const ui = await liveChat();
    ui.room.email = 'kim@example.com';
    ui.room.setState('active');
    await ui.settle();
    const open = async () => {
      await ui.click(ui.byLabel('Email me this chat')!);
      return until(ui, () => (status(ui) && status(ui) !== 'Sending…' ? status(ui) : null));
    };
    const close = () => ui.click(ui.button('Close'));
    for (let i = 0; i < 3; i++) expect(await open()).toBe('Sent. A copy of this chat is on its way to your email.'), await close();
    expect(await open()).toBe('You have reached the limit for emailing this chat. Please try again later.');
    await close();

    ui.room.transcriptsOff = true;
    expect(await open()).toBe('Sorry, this chat cannot be sent by email here.');
    await close();

    // The widget believed an email was known; the room says none is: the field, with why.
    Object.assign(ui.room, { transcriptsOff: false, email: null });
    expect(await open()).toBe('Enter your email address and we will send you this chat.');
    expect(field(ui)).toBeTruthy();
    await ui.click(ui.button('Cancel'));

    ui.room.drop(1006, true);
    await ui.settle();
    expect(await open()).toBe('It could not be sent right now. Try again.');
  });

  it('a new chat starts with the box closed', async () => {
    const ui = await liveChat();
    await ui.click(ui.byLabel('Email me this chat')!);
    await until(ui, () => field(ui));
    ui.room.setState('closed', null);
    await ui.settle();
    expect(box(ui)).not.toBeNull(); // an ended chat may still be emailed
    ui.fake.api.createConversation = async () => ({ conversationId: 'conv2', visitorToken: 'visitor-token', waitUntil: 0 });
    Object.assign(ui.room, { entries: [], status: 'waiting', agentName: null });
    await ui.click(ui.button('Start a new chat'));
    await ui.click(ui.button('Talk to sales'));
    await until(ui, () => ui.byLabel('Email me this chat'));
    expect(ui.byLabel('Email me this chat')!.getAttribute('aria-expanded')).toBe('false');
    expect(box(ui)).toBeNull();
  });

  it('in French', async () => {
    const ui = await liveChat({ lang: 'fr' });
    await ui.click(ui.byLabel('Recevoir cette conversation par e-mail')!);
    await until(ui, () => field(ui));
    expect(field(ui)!.closest('label')!.textContent).toContain('Votre e-mail');
    await fill(ui, 'x@');
    expect(box(ui)!.querySelector('[role="alert"]')!.textContent).toBe('Saisissez une adresse e-mail valide');
    await fill(ui, 'lou@exemple.fr');
    await until(ui, () => status(ui)?.startsWith('Envoyé'));
    expect(status(ui)).toBe('Envoyé. Une copie de cette conversation part vers lou@exemple.fr.');
  });
});
