import { describe, expect, it, vi } from 'vitest';
import { MemoryTransport } from '../../../models/memory-transport';
import { SessionError, type Connection } from '../../../models/session';
import { WorkspaceClient } from '../../../models/workspace-client';
import { liveChatTemplate, type Playbook } from '../../../protocol';
import { textsIn } from '../../../models/i18n';

const en = textsIn('en').options;
import { OptionsModel, type OptionsDeps } from '../../../models/options/options-model';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

const conn: Connection = { server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'cred' };
const stored = (over: Partial<Playbook> = {}): Playbook => ({ ...liveChatTemplate('pb1'), revision: 1, installedAt: null, updatedAt: 1_700_000_000_001, ...over });

/** A model wired to an in-memory room: the test plays the server by reading `room.sent` and pushing frames. */
async function connected(me = agent({ role: 'admin' }), playbooks: Playbook[] = [stored()]) {
  const room = new MemoryTransport();
  const deps: OptionsDeps = {
    loadConnection: async () => null,
    connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: me } }),
    disconnect: async () => undefined,
    openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
  };
  const model = new OptionsModel(deps);
  await model.connect(conn);
  room.open();
  await settle();
  room.push(welcome({ me, agents: [me], playbooks }));
  return { model, room };
}
type Sent = { type: string; ref: string; [k: string]: any };
const answer = (room: MemoryTransport, frame: Record<string, unknown>) => room.push({ ...frame, ref: room.last<Sent>().ref });

describe('OptionsModel', () => {
  it('reports why connecting failed, with the fields to fix', async () => {
    for (const error of [
      new SessionError('wrong-credential', 'no', { credential: 'Wrong or revoked credential' }),
      new SessionError('unreachable', 'down'),
    ]) {
      const model = new OptionsModel({
        loadConnection: async () => null,
        connect: async () => Promise.reject(error),
        disconnect: async () => undefined,
        openWorkspace: () => {
          throw new Error('must not open a socket');
        },
      });
      expect(await model.connect(conn)).toBe(false);
      expect(model.connectState.value).toEqual({ kind: 'failed', code: error.code, message: error.message, fields: error.fields });
      expect(model.client.value).toBeNull();
    }
  });

  it('creates a playbook and opens it once the room lists it', async () => {
    const { model, room } = await connected();
    const created = model.createPlaybook('Pricing', 'live-chat');
    expect(room.last()).toMatchObject({ type: 'playbook-create', name: 'Pricing', template: 'live-chat' });
    answer(room, { type: 'ok', id: 'pb2' });
    await settle();
    expect(model.draft.value).toBeNull(); // not listed yet
    room.push({ type: 'playbooks', playbooks: [stored(), stored({ id: 'pb2', name: 'Pricing' })] });
    expect(await created).toBe('pb2');
    expect(model.draft.value?.value.value.name).toBe('Pricing');
  });

  it('saves the whole playbook with its revision and adopts the stored result', async () => {
    const { model, room } = await connected();
    model.open('pb1');
    const draft = model.draft.value!;
    draft.set({ name: 'Renamed' });
    const saving = model.saveDraft();
    expect(room.last()).toMatchObject({ type: 'playbook-save', playbook: { id: 'pb1', name: 'Renamed', revision: 1 } });
    expect(room.last<Sent>().playbook).not.toHaveProperty('installedAt');
    room.push({ type: 'playbooks', playbooks: [stored({ name: 'Renamed', revision: 2 })] });
    answer(room, { type: 'ok', id: 'pb1' });
    expect(await saving).toEqual({ ok: true });
    expect(draft.dirty.value).toBe(false);
    expect(draft.value.value.revision).toBe(2);
  });

  it('sends nothing while the draft is invalid', async () => {
    const { model, room } = await connected();
    model.open('pb1');
    model.draft.value!.set({ color: 'red' });
    const before = room.sent.length;
    expect(await model.saveDraft()).toEqual({ ok: false, message: null });
    expect(room.sent.length).toBe(before);
  });

  it('turns the room refusing a save into the not-allowed message', async () => {
    const { model, room } = await connected(agent({ role: 'agent', manageLiveChat: false }));
    expect(model.canEdit.value).toBe(false);
    model.open('pb1');
    model.draft.value!.set({ name: 'Mine' });
    const saving = model.saveDraft();
    answer(room, { type: 'error', code: 'forbidden', message: 'You are not allowed to change playbooks' });
    expect(await saving).toEqual({ ok: false, message: en.errors.forbidden });
    expect(model.draft.value!.dirty.value).toBe(true);
  });

  it('checks allowed sites before sending them, then saves them on the stored version', async () => {
    const { model, room } = await connected();
    const bad = await model.saveOrigins('pb1', ['https://ok.example', 'nope']);
    expect(bad).toMatchObject({ ok: false, fields: { 'allowedOrigins.1': expect.stringContaining('An origin is') } });
    expect(room.ofType('playbook-save')).toHaveLength(0);
    const saving = model.saveOrigins('pb1', ['https://ok.example']);
    expect(room.last()).toMatchObject({ type: 'playbook-save', playbook: { id: 'pb1', revision: 1, allowedOrigins: ['https://ok.example'] } });
    answer(room, { type: 'ok', id: 'pb1' });
    expect(await saving).toEqual({ ok: true });
  });

  it('a playbook gone meanwhile is said in words, never as the raw code', async () => {
    const { model, room } = await connected();
    const out = await model.saveOrigins('no-such-playbook', ['https://ok.example']);
    expect(out.ok).toBe(false);
    expect(out.ok ? '' : out.message).not.toMatch(/not-found/);
    expect(out.ok ? '' : out.message.length).toBeGreaterThan(10);
    expect(room.ofType('playbook-save')).toHaveLength(0);
  });

  it('owns one CRM model, one Email model and one visitor admin per connection and undoes the connection (socket, their listeners) on disconnect and on dispose', async () => {
    const rooms: MemoryTransport[] = [];
    const unsubscribed = vi.fn();
    const me = agent({ role: 'admin' });
    const model = new OptionsModel({
      loadConnection: async () => null,
      connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: me } }),
      disconnect: async () => undefined,
      openWorkspace: () => {
        const room = new MemoryTransport();
        rooms.push(room);
        const client = new WorkspaceClient({ transport: room, token: async () => 't' });
        const on = client.onFrame.bind(client);
        client.onFrame = (listener) => {
          const off = on(listener);
          return () => (unsubscribed(), off());
        };
        return client;
      },
    });
    await model.connect(conn);
    const first = model.crm.value!;
    expect(first.client).toBe(model.client.value);
    expect(model.visitors.value!.client).toBe(model.client.value);
    expect(model.health.value!.client).toBe(model.client.value);
    expect(model.email.value!.client).toBe(model.client.value);
    await model.disconnect();
    expect(model.crm.value).toBeNull();
    expect(model.email.value).toBeNull();
    expect(model.visitors.value).toBeNull();
    expect(model.health.value).toBeNull();
    expect(model.client.value).toBeNull();
    expect(rooms[0]!.closedForGood).toBe(true);
    expect(unsubscribed).toHaveBeenCalledTimes(5); // the CRM model's, the Email model's, the visitor admin's, the health admin's and the onboarding admin's
    expect(model.onboarding.value).toBeNull();

    await model.connect(conn);
    expect(model.crm.value).not.toBe(first);
    model.open(null);
    model.dispose();
    expect(rooms[1]!.closedForGood).toBe(true);
    expect(unsubscribed).toHaveBeenCalledTimes(10);
    expect(model.client.value).toBeNull();
  });
});
