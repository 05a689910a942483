// Time from a chat's creation (the widget's POST leaving) to an agent's `notify` frame for it: Manual (every
// Online agent hears "new in Unassigned") and Round robin (the dealt agent hears "assigned to you"), one chat
// at a time and 50 at once. Numbers, never assertions.
import { performance } from 'node:perf_hooks';
import { post, setupWorkspace, startConversation } from '../helpers/clients';
import type { TestServer } from '../helpers/server';
import { RawClient, percentiles, roomUrl } from './lib';

type Mode = 'manual' | 'round-robin';

async function workspaceFor(server: TestServer, mode: Mode, agents: number) {
  const w = await setupWorkspace(server);
  const admin = new RawClient(roomUrl(server, 'workspace', w.ws), w.adminToken);
  const welcome = await admin.open();
  const ask = async (frame: Record<string, unknown>) => {
    const ref = `r${Math.random().toString(36).slice(2)}`;
    const answer = admin.wait((f) => (f.type === 'ok' || f.type === 'error' || f.type === 'agent-created') && f.ref === ref);
    admin.send({ ...frame, ref });
    const got = await answer;
    if (got.type === 'error') throw new Error(`${String(frame.type)}: ${got.message}`);
    return got;
  };
  await ask({ type: 'set-status', status: 'away' });
  await ask({ type: 'routing-save', defaultMaxChats: 50 });
  const { installedAt: _i, updatedAt: _u, ...pb } = welcome.playbooks.find((p: { id: string }) => p.id === w.playbookId);
  await ask({ type: 'playbook-save', playbook: { ...pb, cards: pb.cards.map((c: { type: string }) => (c.type === 'live-chat' ? { ...c, routing: mode } : c)) } });
  const sockets: RawClient[] = [];
  const told = new Map<string, number>();
  for (let i = 0; i < agents; i++) {
    const made = await ask({ type: 'agent-create', name: `Agent ${i}`, email: `agent${i}@example.com`, role: 'agent', manageLiveChat: false });
    const session = await post(server, `/parties/workspace/${w.ws}/session`, { credential: made.credential });
    const s = new RawClient(roomUrl(server, 'workspace', w.ws), session.body.token);
    // The first notify of a chat, on any agent's socket: when an agent heard of it.
    s.onFrame = (f) => {
      if (f.type === 'notify' && !told.has(f.conversation.id)) told.set(f.conversation.id, performance.now());
    };
    await s.open();
    s.send({ type: 'set-status', status: 'online' });
    await s.wait((f) => f.type === 'ok');
    sockets.push(s);
  }
  const heard = (id: string) =>
    told.has(id)
      ? Promise.resolve(told.get(id)!)
      : new Promise<number>((resolve, reject) => {
          const started = Date.now();
          const poll = () => (told.has(id) ? resolve(told.get(id)!) : Date.now() - started > 30_000 ? reject(new Error(`no notify for ${id}`)) : setTimeout(poll, 1));
          poll();
        });
  return { w, admin, sockets, heard, close: () => [admin, ...sockets].forEach((s) => s.close()) };
}

async function one(server: TestServer, w: Awaited<ReturnType<typeof workspaceFor>>, ip: string) {
  const t0 = performance.now();
  const created = await startConversation(server, w.w.ws, w.w.playbookId, undefined, ip);
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  return (await w.heard(created.body.conversationId)) - t0;
}

/** p50/p95/max of creation → notify, per mode, for `n` chats one after the other and `n` at once. */
export async function routingLatency(server: TestServer, n = 50) {
  const out: Record<string, ReturnType<typeof percentiles>> = {};
  for (const mode of ['manual', 'round-robin'] as const) {
    const w = await workspaceFor(server, mode, 5);
    const serial: number[] = [];
    for (let i = 0; i < n; i++) serial.push(await one(server, w, `203.0.113.${i % 250}`));
    out[`${mode}, one at a time`] = percentiles(serial);
    w.close();
    const b = await workspaceFor(server, mode, 5);
    out[`${mode}, ${n} at once`] = percentiles(await Promise.all(Array.from({ length: n }, (_, i) => one(server, b, `198.18.0.${i % 250}`))));
    b.close();
  }
  return out;
}
