import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, addAgent, setupWorkspace, type Frame } from '../helpers/clients';

/**
 * Who may change what in the workspace room (party/workspace.ts `handle`): playbooks need an admin or
 * "manage live chat" (canManagePlaybooks), agents need an admin, and nobody changes or revokes themselves.
 */
let server: TestServer;
const opened: Client[] = [];

beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  for (const c of opened) c.close();
  await server?.stop();
});

async function socket(ws: string, token: string) {
  const c = new Client(server, 'workspace', ws);
  opened.push(c);
  const welcome = await c.open(token);
  expect(welcome.type).toBe('welcome');
  return { c, welcome };
}

/** A fresh workspace: its admin's socket, and a way to read the room's state as a newly connected admin sees it. */
async function workspace() {
  const setup = await setupWorkspace(server);
  const { c: admin } = await socket(setup.ws, setup.adminToken);
  const state = async () => {
    const { c, welcome } = await socket(setup.ws, setup.adminToken);
    c.close();
    const agents = [...welcome.agents].map(({ online: _o, ...a }: Frame) => a).sort((a: Frame, b: Frame) => a.id.localeCompare(b.id));
    return { agents, playbooks: [...welcome.playbooks].sort((a: Frame, b: Frame) => a.id.localeCompare(b.id)) };
  };
  return { ...setup, adminId: setup.admin.id as string, admin, state };
}

/** A stored playbook as `playbook-save` takes it. */
const inputOf = ({ installedAt: _i, updatedAt: _u, ...input }: Frame) => input;

describe('an agent without "manage live chat"', () => {
  test('cannot delete a playbook: forbidden, and the admin still has it', async () => {
    const w = await workspace();
    const dana = await addAgent(server, w.ws, w.admin, 'Dana Plain', { manageLiveChat: false });
    const { c } = await socket(w.ws, dana.token);
    const before = await w.state();
    expect(before.playbooks.map((p: Frame) => p.id)).toContain(w.playbookId);
    const err = await c.request({ type: 'playbook-delete', id: w.playbookId });
    expect(err).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(err.message).toMatch(/manage live chat/);
    expect(await w.state()).toEqual(before);
  });

  test('cannot update or revoke agents (nor promote themselves): forbidden, nothing changes', async () => {
    const w = await workspace();
    const dana = await addAgent(server, w.ws, w.admin, 'Dana Plain', { manageLiveChat: false });
    const other = await addAgent(server, w.ws, w.admin, 'Otto Other', { manageLiveChat: false });
    const { c } = await socket(w.ws, dana.token);
    const before = await w.state();
    const frames: Frame[] = [
      { type: 'agent-update', id: dana.id, role: 'admin', manageLiveChat: true },
      { type: 'agent-update', id: w.adminId, role: 'agent' },
      { type: 'agent-update', id: other.id, name: 'Renamed', manageLiveChat: true },
      { type: 'agent-revoke', id: w.adminId },
      { type: 'agent-revoke', id: other.id },
      { type: 'agent-revoke', id: dana.id },
    ];
    for (const frame of frames) expect(await c.request(frame), JSON.stringify(frame)).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await w.state()).toEqual(before);
    // Her socket still works: a refusal is not a disconnection.
    expect((await c.request({ type: 'set-online', online: true })).type).toBe('ok');
  });

  test('"manage live chat" is not agent management: a standard agent with it is refused agent frames too', async () => {
    const w = await workspace();
    const pat = await addAgent(server, w.ws, w.admin, 'Pat Playbooks', { manageLiveChat: true });
    const { c } = await socket(w.ws, pat.token);
    const before = await w.state();
    for (const frame of [
      { type: 'agent-update', id: pat.id, role: 'admin' },
      { type: 'agent-revoke', id: w.adminId },
      { type: 'agent-create', name: 'Eve', email: 'eve@example.com', role: 'admin', manageLiveChat: true },
    ] as Frame[]) {
      expect(await c.request(frame), JSON.stringify(frame)).toMatchObject({ type: 'error', code: 'forbidden' });
    }
    expect(await w.state()).toEqual(before);
  });
});

describe('a standard agent with "manage live chat"', () => {
  test('creates, saves and deletes a playbook; each change reaches the admin', async () => {
    const w = await workspace();
    const pat = await addAgent(server, w.ws, w.admin, 'Pat Playbooks', { role: 'agent', manageLiveChat: true });
    const { c, welcome } = await socket(w.ws, pat.token);
    expect(welcome.me).toMatchObject({ role: 'agent', manageLiveChat: true });

    let mark = w.admin.frames.length;
    const created = await c.request({ type: 'playbook-create', name: 'Pat’s playbook', template: 'live-chat' });
    expect(created.type).toBe('ok');
    const id: string = created.id;
    expect(id).toBeTruthy();
    const seen = await w.admin.next((f) => f.type === 'playbooks' && f.playbooks.some((p: Frame) => p.id === id), 10_000, mark);
    const stored = seen.playbooks.find((p: Frame) => p.id === id);
    expect(stored).toMatchObject({ name: 'Pat’s playbook', revision: 1 });

    mark = w.admin.frames.length;
    const saved = await c.request({ type: 'playbook-save', playbook: { ...inputOf(stored), name: 'Pat’s renamed playbook', botName: 'Patbot' } });
    expect(saved).toMatchObject({ type: 'ok', id });
    const after = await w.admin.next((f) => f.type === 'playbooks' && f.playbooks.some((p: Frame) => p.id === id && p.revision === 2), 10_000, mark);
    expect(after.playbooks.find((p: Frame) => p.id === id)).toMatchObject({ name: 'Pat’s renamed playbook', botName: 'Patbot', revision: 2 });

    mark = w.admin.frames.length;
    expect((await c.request({ type: 'playbook-delete', id })).type).toBe('ok');
    const gone = await w.admin.next((f) => f.type === 'playbooks' && !f.playbooks.some((p: Frame) => p.id === id), 10_000, mark);
    expect(gone.playbooks.map((p: Frame) => p.id)).toEqual([w.playbookId]);
    expect((await w.state()).playbooks.map((p: Frame) => p.id)).toEqual([w.playbookId]);
  });

  test('loses the right at once when an admin takes "manage live chat" away (same open socket)', async () => {
    const w = await workspace();
    const pat = await addAgent(server, w.ws, w.admin, 'Pat Playbooks', { manageLiveChat: true });
    const { c } = await socket(w.ws, pat.token);
    expect((await w.admin.request({ type: 'agent-update', id: pat.id, manageLiveChat: false })).type).toBe('ok');
    const before = await w.state();
    expect((await c.request({ type: 'playbook-delete', id: w.playbookId })).code).toBe('forbidden');
    expect((await c.request({ type: 'playbook-create', name: 'Late', template: 'blank' })).code).toBe('forbidden');
    expect(await w.state()).toEqual(before);
  });
});

describe('admins and the last admin', () => {
  test('an admin cannot revoke or demote themselves: the only admin stays an admin', async () => {
    const w = await workspace();
    const before = await w.state();
    expect(await w.admin.request({ type: 'agent-revoke', id: w.adminId })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await w.admin.request({ type: 'agent-update', id: w.adminId, role: 'agent' })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await w.admin.request({ type: 'agent-update', id: w.adminId, manageLiveChat: false })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await w.state()).toEqual(before);
    // Still in charge: can add an agent.
    expect((await addAgent(server, w.ws, w.admin, 'Still Works')).id).toBeTruthy();
  });

  test('an admin may revoke another admin; the one left cannot then revoke themselves', async () => {
    const w = await workspace();
    const bea = await addAgent(server, w.ws, w.admin, 'Bea Admin', { role: 'admin', manageLiveChat: true });
    const { c: beaWs } = await socket(w.ws, bea.token);
    expect((await w.admin.request({ type: 'agent-revoke', id: bea.id })).type).toBe('ok');
    expect((await beaWs.whenClosed()).code).toBe(4001);
    expect(await w.admin.request({ type: 'agent-revoke', id: w.adminId })).toMatchObject({ code: 'forbidden' });
    const { agents } = await w.state();
    expect(agents.filter((a: Frame) => a.role === 'admin' && !a.revoked).map((a: Frame) => a.id)).toEqual([w.adminId]);
  });

  test('two admins revoking each other at the same moment: exactly one wins, one admin is left', async () => {
    const w = await workspace();
    const bea = await addAgent(server, w.ws, w.admin, 'Bea Admin', { role: 'admin', manageLiveChat: true });
    const { c: beaWs } = await socket(w.ws, bea.token);
    // The loser's socket may be closed (revoked) before its own answer arrives.
    const answerOrClose = (c: Client, frame: Frame) =>
      Promise.race([c.request(frame).catch(() => ({ type: 'lost' })), new Promise<Frame>((r) => c.socket.addEventListener('close', () => r({ type: 'closed' }), { once: true }))]);
    const answers = await Promise.all([answerOrClose(w.admin, { type: 'agent-revoke', id: bea.id }), answerOrClose(beaWs, { type: 'agent-revoke', id: w.adminId })]);
    expect(answers.filter((a) => a.type === 'ok')).toHaveLength(1);
    const { agents } = await w.state().catch(async () => {
      // The admin lost: read the state as Bea.
      const { welcome } = await socket(w.ws, bea.token);
      return welcome;
    });
    expect(agents.filter((a: Frame) => a.role === 'admin' && !a.revoked)).toHaveLength(1);
  });

  test('two admins demoting each other at the same moment: one admin is left', async () => {
    const w = await workspace();
    const bea = await addAgent(server, w.ws, w.admin, 'Bea Admin', { role: 'admin', manageLiveChat: true });
    const { c: beaWs } = await socket(w.ws, bea.token);
    const answers = await Promise.all([
      w.admin.request({ type: 'agent-update', id: bea.id, role: 'agent' }),
      beaWs.request({ type: 'agent-update', id: w.adminId, role: 'agent' }),
    ]);
    expect(answers.map((a) => a.type).sort()).toEqual(['error', 'ok']);
    expect(answers.find((a) => a.type === 'error')!.code).toBe('forbidden');
    const { agents } = await w.state();
    expect(agents.filter((a: Frame) => a.role === 'admin' && !a.revoked)).toHaveLength(1);
  });
});
