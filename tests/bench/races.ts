import { addAgent, Client, setupWorkspace, startConversation } from '../helpers/clients';
import type { TestServer } from '../helpers/server';
import { RawClient, roomUrl } from './lib';

/** Two agents claim the same chat at the same instant, `rounds` times. Returns winners per round. */
export async function races(server: TestServer, rounds: number) {
  const ws = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', ws.ws);
  await admin.open(ws.adminToken);
  admin.send({ type: 'set-online', online: true });
  const bob = await addAgent(server, ws.ws, admin, 'Bob Racer');
  let exactlyOne = 0;
  let loserToldWinner = 0;
  for (let i = 0; i < rounds; i++) {
    const created = await startConversation(server, ws.ws, ws.playbookId, undefined, `192.0.2.${i % 200}`);
    const id = created.body.conversationId;
    const a = new RawClient(roomUrl(server, 'conversation', id), ws.adminToken);
    const b = new RawClient(roomUrl(server, 'conversation', id), bob.token);
    await Promise.all([a.open(), b.open()]);
    const answer = (c: RawClient) => c.wait((f) => (f.type === 'ok' || f.type === 'error') && f.ref === 'race');
    const pa = answer(a);
    const pb = answer(b);
    a.send({ type: 'claim', ref: 'race' });
    b.send({ type: 'claim', ref: 'race' });
    const [ra, rb] = await Promise.all([pa, pb]);
    const oks = [ra, rb].filter((r) => r.type === 'ok').length;
    if (oks === 1) exactlyOne++;
    const loser = ra.type === 'ok' ? rb : ra;
    if (loser.code === 'already-claimed' && loser.winner?.name === (ra.type === 'ok' ? 'Ada Admin' : 'Bob Racer')) loserToldWinner++;
    a.close();
    b.close();
  }
  admin.close();
  return { rounds, exactlyOne, loserToldWinner };
}
