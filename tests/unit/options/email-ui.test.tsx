// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { App } from '../../../ui/options/App';
import { OptionsModel } from '../../../models/options/options-model';
import type { Language } from '../../../models/i18n';
import type { EmailSettingsView } from '../../../protocol';
import { useLocale } from '../../helpers/extension-i18n';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

type Sent = { type: string; ref: string; [k: string]: any };
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

const stored: EmailSettingsView = {
  host: 'smtp.postmarkapp.com', port: 587, tls: 'starttls', user: 'pm-token', passwordSet: true, fromAddress: 'support@acme.test', fromName: 'Acme support',
  replyDomain: 'reply.acme.test', inboundUrl: 'https://baton.test/parties/main/acme/email/inbound?key=s3cret', delayMinutes: 5,
  unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: true, missedNotice: true,
};
const off: EmailSettingsView = { ...stored, host: '', user: '', passwordSet: false, fromAddress: '', fromName: '', replyDomain: '', inboundUrl: null, port: 465, tls: 'tls' };

async function mount(lang: Language = 'en', me = agent({ role: 'admin' })) {
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
  });
  const answer = (type: string, frame: Record<string, unknown>) =>
    act(async () => {
      const sent = room.ofType<Sent>(type).at(-1);
      if (!sent) throw new Error(`the page sent no ${type}`);
      room.push({ ...frame, ref: sent.ref });
      await settle();
    });
  return { el, room, answer, s: () => el.querySelector<HTMLElement>('section#email')! };
}

const field = (scope: ParentNode, text: string) => {
  const label = [...scope.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  if (!label) throw new Error(`no label "${text}"`);
  return scope.querySelector(`[id="${label.htmlFor}"]`) as HTMLInputElement;
};
const button = (scope: ParentNode, name: string) => {
  const b = [...scope.querySelectorAll('button')].find((x) => x.textContent?.trim() === name);
  if (!b) throw new Error(`no button "${name}"`);
  return b;
};
const checkbox = (scope: ParentNode, text: string) => [...scope.querySelectorAll('label')].find((l) => l.textContent?.startsWith(text))!.querySelector('input')!;
const type = (input: HTMLInputElement, value: string) =>
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
const describedBy = (input: HTMLElement) => (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);

describe('Email section', () => {
  it('shows the stored settings; the password never: "stored", with Replace and Remove', async () => {
    const { answer, s } = await mount();
    await answer('email-settings-get', { type: 'email-settings', settings: stored });
    expect(field(s(), 'Host').value).toBe('smtp.postmarkapp.com');
    expect(field(s(), 'Port').value).toBe('587');
    expect(checkbox(s(), 'STARTTLS').checked).toBe(true);
    expect(field(s(), 'From address').value).toBe('support@acme.test');
    expect(s().querySelectorAll('input[type="password"]')).toHaveLength(0);
    const group = s().querySelector('[role="group"][aria-labelledby="email-password-label"]')!;
    expect(group.textContent).toContain('A password is stored.');
    expect(button(group, 'Replace')).toBeTruthy();
    expect(button(group, 'Remove')).toBeTruthy();
    for (const name of ['Replies the visitor has not seen', 'The transcript, when the visitor asks', 'The transcript, when the chat closes', 'A notice when nobody answered']) {
      const box = checkbox(s(), name);
      expect(box.getAttribute('role')).toBe('switch');
      expect(box.checked).toBe(true);
    }
    expect([...s().querySelectorAll('fieldset > legend')].map((l) => l.textContent)).toEqual(['SMTP server', 'Security', 'Sender', 'When to email visitors', 'Replies from visitors']);
  });

  it('Save with the password kept sends none; Replace sends the typed one; Remove sends an empty one', async () => {
    const { room, answer, s } = await mount();
    await answer('email-settings-get', { type: 'email-settings', settings: stored });
    await act(() => button(s(), 'Save').click());
    const kept = room.ofType<Sent>('email-settings-save').at(-1)!.settings;
    expect(kept).toEqual({
      host: 'smtp.postmarkapp.com', port: 587, tls: 'starttls', user: 'pm-token', fromAddress: 'support@acme.test', fromName: 'Acme support', replyDomain: 'reply.acme.test',
      delayMinutes: 5, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: true, missedNotice: true,
    });
    await answer('email-settings-save', { type: 'ok' });

    await act(() => button(s(), 'Replace').click());
    const input = field(s(), 'Password');
    expect(input.type).toBe('password');
    expect(document.activeElement).toBe(input);
    await act(() => button(s(), 'Save').click());
    expect(room.ofType<Sent>('email-settings-save').at(-1)!.settings).not.toHaveProperty('password'); // empty field: keeps the stored one
    await answer('email-settings-save', { type: 'ok' });
    await type(field(s(), 'Password'), 'n3w-secret');
    await act(() => button(s(), 'Save').click());
    expect(room.ofType<Sent>('email-settings-save').at(-1)!.settings.password).toBe('n3w-secret');
    await answer('email-settings-save', { type: 'ok' });
    // The room's push after the save: the typed password is gone from the page.
    await act(async () => room.push({ type: 'email-settings', settings: stored }));
    expect(s().querySelectorAll('input[type="password"]')).toHaveLength(0);
    expect(s().textContent).not.toContain('n3w-secret');

    await act(() => button(s(), 'Remove').click());
    expect(s().textContent).toContain('The stored password will be removed when you save.');
    expect(document.activeElement?.textContent).toBe('Undo');
    await act(() => button(s(), 'Save').click());
    expect(room.ofType<Sent>('email-settings-save').at(-1)!.settings.password).toBe('');
    await answer('email-settings-save', { type: 'ok' });
    expect(s().querySelector('p.status[role="status"]')?.textContent).toBe('Email settings saved.');
  });

  it('marks wrong fields (described by their error), sends nothing, and shows the server’s field errors', async () => {
    const { room, answer, s } = await mount();
    await answer('email-settings-get', { type: 'email-settings', settings: stored });
    await type(field(s(), 'Port'), '99999');
    await type(field(s(), 'From address'), '');
    await act(() => button(s(), 'Save').click());
    expect(room.ofType('email-settings-save')).toEqual([]);
    const port = field(s(), 'Port');
    expect(port.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(port)).toContain('Enter a port from 1 to 65535');
    expect(describedBy(field(s(), 'From address'))).toContain('Enter the address emails come from');
    expect(s().querySelector('[role="alert"]')?.textContent).toBe('Fix the fields marked above. Nothing was sent.');

    await type(field(s(), 'Port'), '465');
    await type(field(s(), 'From address'), 'support@acme.test');
    await act(() => button(s(), 'Save').click());
    await answer('email-settings-save', { type: 'error', code: 'invalid-field', message: 'Bad host', fields: { host: 'No such host' } });
    expect(field(s(), 'Host').getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(field(s(), 'Host'))).toContain('No such host');
  });

  it('moves the port with the security mode', async () => {
    const { answer, s } = await mount();
    await answer('email-settings-get', { type: 'email-settings', settings: off });
    expect(field(s(), 'Port').value).toBe('465');
    await act(() => checkbox(s(), 'STARTTLS').click());
    expect(field(s(), 'Port').value).toBe('587');
    await act(() => checkbox(s(), 'None').click());
    expect(field(s(), 'Port').value).toBe('1025');
  });

  it('Send test email: the result (ok or the server’s words) in a status; a refusal in words; unsaved changes first', async () => {
    const { room, answer, s } = await mount();
    await answer('email-settings-get', { type: 'email-settings', settings: stored });
    const result = () => s().querySelector('.test-result[role="status"]')!;
    expect(result().textContent).toBe('');
    expect(describedBy(button(s(), 'Send test email'))).toEqual(['Sends a message with the saved settings to your own address (ada@example.com).']);

    await act(() => button(s(), 'Send test email').click());
    expect(button(s(), 'Sending…').disabled).toBe(true);
    await answer('email-test', { type: 'email-test-result', ok: true, message: 'Sent to ada@example.com' });
    expect(result().textContent).toBe('Test email sent: Sent to ada@example.com');
    expect(result().getAttribute('data-state')).toBe('ok');

    await act(() => button(s(), 'Send test email').click());
    await answer('email-test', { type: 'email-test-result', ok: false, message: '535 5.7.8 Authentication failed' });
    expect(result().textContent).toBe('Test email failed: 535 5.7.8 Authentication failed');
    expect(result().classList.contains('bad')).toBe(true);

    await act(() => button(s(), 'Send test email').click());
    await answer('email-test', { type: 'error', code: 'invalid-field', message: 'Give an email address first', problem: { code: 'email-needed' } });
    expect(result().textContent).toBe('Test email failed: Give an email address first');

    const tests = room.ofType('email-test').length;
    await type(field(s(), 'Host'), 'smtp.other.test');
    await act(() => button(s(), 'Send test email').click());
    expect(room.ofType('email-test')).toHaveLength(tests);
    expect(s().querySelector('[role="alert"]')?.textContent).toBe('Save your changes first: the test uses the saved settings.');
  });

  it('email off: says so, no inbound URL yet, and the test asks for a server first', async () => {
    const { room, answer, s } = await mount();
    await answer('email-settings-get', { type: 'email-settings', settings: off });
    expect(s().querySelector('.notice')?.textContent).toContain('Email is off');
    expect(s().textContent).toContain('The URL appears here once email is saved with a server.');
    await act(() => button(s(), 'Send test email').click());
    expect(room.ofType('email-test')).toEqual([]);
    expect(s().querySelector('[role="alert"]')?.textContent).toBe('Set a server and save first: email is off.');
  });

  it('copies the inbound webhook URL, with the Postmark hint', async () => {
    const writes: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (x: string) => void writes.push(x) } });
    const { answer, s } = await mount();
    await answer('email-settings-get', { type: 'email-settings', settings: stored });
    const url = field(s(), 'Inbound webhook URL');
    expect(url.readOnly).toBe(true);
    expect(url.value).toBe(stored.inboundUrl);
    expect(describedBy(url).join(' ')).toContain('Postmark');
    await act(() => button(s(), 'Copy URL').click());
    await act(() => settle());
    expect(writes).toEqual([stored.inboundUrl]);
    expect(s().querySelector('p.status[role="status"]')?.textContent).toBe('URL copied.');
  });

  it('is for admins only: an agent sees a notice and asks nothing', async () => {
    const { room, s } = await mount('en', agent({ role: 'agent', manageLiveChat: true }));
    expect(s().textContent).toContain('Only admins set up email.');
    expect(room.sent.filter((f) => /^email/.test((f as Sent).type))).toEqual([]);
  });

  it('speaks French', async () => {
    const { answer, el, s } = await mount('fr');
    await answer('email-settings-get', { type: 'email-settings', settings: stored });
    expect(el.querySelector('nav a[href="#email"]')?.textContent).toBe('E-mail');
    expect(field(s(), 'Hôte').value).toBe('smtp.postmarkapp.com');
    expect(s().textContent).toContain('Un mot de passe est enregistré.');
    expect(button(s(), 'Envoyer un e-mail de test')).toBeTruthy();
    await type(field(s(), 'Port'), 'x');
    await act(() => button(s(), 'Enregistrer').click());
    expect(describedBy(field(s(), 'Port'))).toContain('Indiquez un port de 1 à 65535');
  });
});
