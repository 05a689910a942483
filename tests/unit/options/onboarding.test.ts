import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { OptionsModel } from '../../../models/options/options-model';
import { JoinError, joinErrorText, redeemInvite } from '../../../models/options/onboarding';
import { textsIn } from '../../../models/i18n';
import { inviteLink } from '../../../protocol';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

const en = textsIn('en').options.onboarding;
const fr = textsIn('fr').options.onboarding;
const CODE = `inv_0123456789abcdef_${'A'.repeat(32)}`;
const LINK = inviteLink('http://127.0.0.1:1999', 'acme', CODE);
const bob = agent({ id: 'bob', name: 'Bob', role: 'agent' });

/** A fetch that records the call and answers `status` with `body`. */
function answering(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { f, calls };
}
const refusal = (code: string, problem: string) => ({ type: 'error', code, message: 'm', problem: { code: problem } });

describe('redeemInvite', () => {
  it('posts the code to the link\'s own server and workspace, and answers the connection to store', async () => {
    const { f, calls } = answering(200, { workspace: 'acme', agent: bob, credential: 'bat_0123456789abcdef_xxxxxxxxxxxxxxxxxxxxxxxx' });
    expect(await redeemInvite(` ${LINK} `, f)).toEqual({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'bat_0123456789abcdef_xxxxxxxxxxxxxxxxxxxxxxxx' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('http://127.0.0.1:1999/parties/workspace/acme/invite');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ code: CODE });
  });

  it('each refusal is its own typed error, in the agent\'s words', async () => {
    const cases: [number, unknown, JoinError['code']][] = [
      [401, refusal('unauthorized', 'invite-invalid'), 'invite-invalid'],
      [409, refusal('conflict', 'invite-used'), 'invite-used'],
      [409, refusal('conflict', 'invite-expired'), 'invite-expired'],
      [429, { type: 'error', code: 'rate-limited', message: 'slow down' }, 'rate-limited'],
      [500, { type: 'error', code: 'internal', message: 'Internal error' }, 'server-error'],
      [200, { nonsense: true }, 'server-error'],
      [200, { workspace: 'other', agent: bob, credential: 'c' }, 'server-error'],
    ];
    for (const [status, body, code] of cases) {
      const err = await redeemInvite(LINK, answering(status, body).f).catch((e: unknown) => e);
      expect(err, code).toBeInstanceOf(JoinError);
      expect((err as JoinError).code).toBe(code);
    }
    expect(joinErrorText(new JoinError('invite-used', 'x'))).toBe(en.used);
    expect(joinErrorText(new JoinError('invite-expired', 'x'))).toBe(en.expired);
  });

  it('text that is not an invite link never reaches any server', async () => {
    const { f, calls } = answering(200, {});
    for (const text of ['', 'bat_0123456789abcdef_secret', 'https://evil.test/', `http://127.0.0.1:1999/invite.html#w=acme&c=nope`]) {
      await expect(redeemInvite(text, f)).rejects.toMatchObject({ code: 'not-a-link' });
    }
    expect(calls).toEqual([]);
  });

  it('an unreachable server is said so', async () => {
    const f = (async () => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch;
    await expect(redeemInvite(LINK, f)).rejects.toMatchObject({ code: 'unreachable' });
  });
});

describe('OptionsModel.join', () => {
  function model(redeem: (text: string) => Promise<{ server: string; workspace: string; credential: string }>) {
    const room = new MemoryTransport();
    const connected: unknown[] = [];
    const m = new OptionsModel({
      loadConnection: async () => null,
      connect: async (input) => {
        connected.push(input);
        return { connection: input, session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: bob } };
      },
      disconnect: async () => undefined,
      openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
      redeem,
    });
    return { m, room, connected };
  }

  it('fills Server, Workspace and Credential from the redeemed link and connects', async () => {
    const conn = { server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'bat_x' };
    const { m, connected } = model(async () => conn);
    expect(await m.join(LINK)).toBe(true);
    expect(connected).toEqual([conn]);
    expect(m.connection.value).toEqual(conn);
    expect(m.joinState.value).toEqual({ kind: 'idle' });
  });

  it('a refused link leaves the connection as it was and says why', async () => {
    const { m, connected } = model(async () => Promise.reject(new JoinError('invite-used', 'used')));
    expect(await m.join(LINK)).toBe(false);
    expect(connected).toEqual([]);
    expect(m.connection.value).toBeNull();
    expect(m.joinState.value).toEqual({ kind: 'failed', code: 'invite-used', message: en.used });
  });
});

describe('OnboardingAdmin', () => {
  it('makes the invite link from the connection\'s server and the workspace, and follows the onboarding frames', async () => {
    const room = new MemoryTransport();
    const admin = agent({ role: 'admin' });
    const m = new OptionsModel({
      loadConnection: async () => null,
      connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: admin } }),
      disconnect: async () => undefined,
      openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
    });
    await m.connect({ server: 'https://baton.example.com', workspace: 'acme', credential: 'c' });
    room.open();
    await settle();
    room.push(welcome({ me: admin, agents: [admin], workspaceId: 'acme' }));
    await settle();
    const o = m.onboarding.value!;
    const made = o.invite({ name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: false });
    await settle();
    const sent = room.last<{ type: string; ref: string }>();
    expect(sent).toMatchObject({ type: 'invite-create', name: 'Bob', email: 'bob@example.com', role: 'agent' });
    const invite = { id: '0123456789abcdef', name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: false, createdAt: 1_700_000_000_000, expiresAt: 1_700_604_800_000, by: { id: admin.id, name: admin.name } };
    room.push({ type: 'invite-created', ref: sent.ref, invite, code: CODE });
    expect(await made).toEqual({ ok: true, value: { name: 'Bob', link: inviteLink('https://baton.example.com', 'acme', CODE), reissue: false } });
    expect(o.made.value?.link).toBe(`https://baton.example.com/invite.html#w=acme&c=${CODE}`);
    room.push({ type: 'onboarding', invites: [invite], events: [{ id: 'e1', kind: 'invite-created', at: 1_700_000_000_000, agent: { id: invite.id, name: 'Bob' }, by: { id: admin.id, name: admin.name } }] });
    expect(o.invites.value).toEqual([invite]);
    expect(o.events.value.map((e) => e.kind)).toEqual(['invite-created']);
    await m.disconnect();
    expect(m.onboarding.value).toBeNull();
  });

  it('a wrong field is refused before anything is sent', async () => {
    const room = new MemoryTransport();
    const m = new OptionsModel({
      loadConnection: async () => null,
      connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: agent({ role: 'admin' }) } }),
      disconnect: async () => undefined,
      openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
    });
    await m.connect({ server: 'https://baton.example.com', workspace: 'acme', credential: 'c' });
    const out = await m.onboarding.value!.invite({ name: '', email: 'nope', role: 'agent', manageLiveChat: false });
    expect(out.ok).toBe(false);
    expect(room.sent.filter((f) => (f as { type: string }).type === 'invite-create')).toEqual([]);
  });

  it('every onboarding text exists in French too, and says something else than the English', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) if (typeof en[key] === 'string') expect(fr[key], key).not.toBe(en[key]);
  });
});
