import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { EmailModel } from '../../../models/options/email-model';
import type { EmailSettingsView } from '../../../protocol';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

type Sent = { type: string; ref: string; [k: string]: any };
const settings: EmailSettingsView = {
  host: 'smtp.postmarkapp.com', port: 465, tls: 'tls', user: 'u', passwordSet: true, fromAddress: 'support@acme.test', fromName: 'Acme', replyDomain: 'reply.acme.test',
  inboundUrl: 'https://baton.test/parties/main/acme/email/inbound?key=k', delayMinutes: 5, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: true, missedNotice: true,
};

async function connected() {
  const room = new MemoryTransport();
  const client = new WorkspaceClient({ transport: room, token: async () => 't' });
  room.open();
  await settle();
  room.push(welcome({ me: agent({ role: 'admin' }) }));
  return { room, client, email: new EmailModel(client) };
}

describe('EmailModel', () => {
  it('loads the settings with its own ref, ignoring another tab’s answer', async () => {
    const { room, email } = await connected();
    const loading = email.load();
    const sent = room.last<Sent>();
    expect(sent).toMatchObject({ type: 'email-settings-get', ref: expect.any(String) });
    room.push({ type: 'email-settings', ref: 'other-tab', settings: { ...settings, host: 'other.test' } });
    room.push({ type: 'email-settings', ref: sent.ref, settings });
    expect(await loading).toEqual(settings);
    expect(email.settings.value).toEqual(settings);
  });

  it('saves with `email-settings-save` and follows the settings the room pushes after a save', async () => {
    const { room, email } = await connected();
    const input = { ...settings, passwordSet: undefined, inboundUrl: undefined, password: 'n3w' };
    delete input.passwordSet;
    delete input.inboundUrl;
    const saving = email.save(input as never);
    const sent = room.last<Sent>();
    expect(sent).toMatchObject({ type: 'email-settings-save', settings: { host: 'smtp.postmarkapp.com', password: 'n3w' } });
    room.push({ type: 'ok', ref: sent.ref });
    await saving;
    room.push({ type: 'email-settings', settings: { ...settings, delayMinutes: 30 } });
    expect(email.settings.value?.delayMinutes).toBe(30);
  });

  it('test: the server’s result, ok or not; a refusal (no address of my own) rejects with its problem', async () => {
    const { room, email } = await connected();
    const ok = email.test();
    room.push({ type: 'email-test-result', ref: room.last<Sent>().ref, ok: true, message: 'Sent to ada@example.com' });
    expect(await ok).toEqual({ ok: true, message: 'Sent to ada@example.com' });
    const failed = email.test();
    room.push({ type: 'email-test-result', ref: room.last<Sent>().ref, ok: false, message: '535 5.7.8 Authentication failed' });
    expect(await failed).toEqual({ ok: false, message: '535 5.7.8 Authentication failed' });
    const refused = email.test();
    room.push({ type: 'error', ref: room.last<Sent>().ref, code: 'invalid-field', message: 'Give an email address first', problem: { code: 'email-needed' } });
    await expect(refused).rejects.toMatchObject({ name: 'RequestError', code: 'invalid-field' });
  });

  it('stops listening once disposed', async () => {
    const { room, email } = await connected();
    email.dispose();
    room.push({ type: 'email-settings', settings });
    expect(email.settings.value).toBeNull();
  });
});
