/**
 * Makes the stored-data fixtures the upgrade tests load (tests/fixtures/storage-v1/*.json): runs the real rooms
 * of an older version (a git revision; default: main before versions were kept) under `partykit dev`, drives a
 * small but complete workspace through them with real clients (agents, a team, saved replies, hours, identity,
 * a claimed chat with details, a trail, a lead and a deal, a closed chat, a blocked visitor, an offline form),
 * then dumps every room's storage. The old rooms get a dump route from a wrapper class only (their own code is
 * run as it was).
 *
 *   npx vite-node scripts/storage-fixtures.ts [revision] [out-dir]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer, TEST_SECRET } from '../tests/helpers/server';
import { Client, DEMO_ORIGIN, addAgent, clientId, post, setupWorkspace, visitorContext } from '../tests/helpers/clients';

const rev = process.argv[2] ?? 'd315849';
const out = resolve(process.argv[3] ?? 'tests/fixtures/storage-v1');
const root = resolve('node_modules/.cache/baton-storage-fixtures');
const src = join(root, rev);

// The old version's rooms, inside the repository so its node_modules resolve.
rmSync(src, { recursive: true, force: true });
mkdirSync(src, { recursive: true });
execFileSync('sh', ['-c', `git archive ${rev} party protocol | tar -x -C ${JSON.stringify(src)}`]);
const wrapper = (party: string) => `import Base from './party/${party}/room.ts';
export default class Fixture extends Base {
  async onRequest(req: any) {
    if (new URL(req.url).pathname.endsWith('/__dump')) {
      const storage: Record<string, unknown> = {};
      let after: string | undefined;
      for (;;) {
        const page: Map<string, unknown> = await (this.room.storage as any).list({ limit: 128, ...(after ? { startAfter: after } : {}) });
        for (const [k, v] of page) storage[(after = k)] = v;
        if (page.size < 128) break;
      }
      return new Response(JSON.stringify({ storage, alarm: await this.room.storage.getAlarm() }));
    }
    return super.onRequest(req);
  }
}
`;
writeFileSync(join(src, 'fixture-conversation.ts'), wrapper('conversation'));
writeFileSync(join(src, 'fixture-workspace.ts'), wrapper('workspace'));
const config = join(src, 'partykit.json');
writeFileSync(config, JSON.stringify({ name: 'baton-fixtures', main: join(src, 'party/main.ts'), compatibilityDate: '2024-07-01', parties: { conversation: join(src, 'fixture-conversation.ts'), workspace: join(src, 'fixture-workspace.ts') } }, null, 2));

const server = await startServer({ config });
try {
  const w = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', w.ws);
  await admin.open(w.adminToken);
  const ok = async (frame: Record<string, unknown>) => {
    const a = await admin.request(frame as never);
    if (a.type === 'error') throw new Error(`${String(frame.type)}: ${JSON.stringify(a)}`);
    return a;
  };
  await ok({ type: 'set-online', online: true });
  const bob = await addAgent(server, w.ws, admin, 'Bob Agent');
  await ok({ type: 'team-create', name: 'Sales', members: [bob.id] });
  await ok({ type: 'reply-save', reply: { shortcut: 'price', text: 'Our plans start at 49 €/month.' } });
  await ok({ type: 'settings-save', notifications: { enabled: true, newUnassigned: true, assignedToMe: true, newMessage: false, sound: true } });
  await ok({ type: 'visitor-settings-save', settings: { typingPreview: true } });
  await ok({ type: 'identity-save', requireVerification: false });
  await ok({ type: 'routing-save', defaultMaxChats: 4 });

  const start = (visitorId: string, name: string) =>
    post(server, `/parties/workspace/${w.ws}/conversations`, { playbookId: w.playbookId, visitorId, transcript: [{ from: 'bot', text: 'Hi there! 👋 Thanks for visiting.', at: Date.now() - 2000 }, { from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 }], answers: { topic: 'sales', name }, context: visitorContext }, { origin: DEMO_ORIGIN });

  // Vera: claimed, answered, details, a trail, a lead and a deal, then closed.
  const a = await start('vera-browser-000000001', 'Vera Visitor');
  if (a.status !== 201) throw new Error(`conversation: ${JSON.stringify(a)}`);
  const vera = a.body.conversationId as string;
  const agent = new Client(server, 'conversation', vera);
  await agent.open(w.adminToken);
  await agent.request({ type: 'claim' });
  const visitor = new Client(server, 'conversation', vera);
  await visitor.open(a.body.visitorToken);
  visitor.send({ type: 'send', id: clientId('v'), text: 'Do you ship to Lyon?' });
  await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.text === 'Do you ship to Lyon?'));
  visitor.send({ type: 'pages', pages: [{ url: `${DEMO_ORIGIN}/pricing`, title: 'Pricing', at: Date.now() }] });
  await agent.next((f) => f.type === 'trail');
  agent.send({ type: 'send', id: clientId('a'), text: 'We do, next day.' });
  await agent.next((f) => f.type === 'ack');
  await agent.request({ type: 'update-details', patch: { person: { name: 'Vera Visitor', email: 'vera@example.com' }, organization: { name: 'Lyon Bikes' }, value: { amount: 1200, currency: 'EUR' }, notes: 'Wants next-day delivery' } });
  await agent.request({ type: 'create-record', kind: 'lead' });
  await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'lead-created'));
  await agent.request({ type: 'create-record', kind: 'deal' });
  await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'deal-created'));
  await agent.request({ type: 'close' });
  visitor.close();
  agent.close();

  // Walt: still waiting (its wait-time alarm armed), and his visitor blocked.
  const b = await start('walt-browser-000000001', 'Walt Waiting');
  const walt = b.body.conversationId as string;
  await ok({ type: 'block', conversationId: walt, reason: 'Spam' });

  // An offline form: an intent and its records, no conversation.
  const offline = await post(server, `/parties/workspace/${w.ws}/offline`, { playbookId: w.playbookId, submissionId: 'fixture-offline-0001', contact: { name: 'Olga Offline', email: 'olga@example.com' }, create: ['lead'], transcript: [], answers: {}, context: visitorContext }, { origin: DEMO_ORIGIN });
  if (offline.status !== 200) throw new Error(`offline: ${JSON.stringify(offline)}`);
  // Wait until the CRM queue has created it (the records list has the offline lead).
  for (let i = 0; ; i++) {
    const ref = `list${i}`;
    const answer = admin.next((f) => (f.type === 'records' || f.type === 'error') && f.ref === ref);
    admin.send({ type: 'records-list', ref });
    if ((await answer).records?.some((x: any) => x.title?.includes('Olga'))) break;
    if (i > 100) throw new Error('the offline lead was never created');
    await new Promise((r) => setTimeout(r, 100));
  }
  admin.close();

  const dump = async (party: string, id: string) => (await fetch(`${server.url}/parties/${party}/${encodeURIComponent(id)}/__dump`)).json();
  mkdirSync(out, { recursive: true });
  const about = { revision: rev, secret: TEST_SECRET, workspaceId: w.ws, adminCredential: w.adminCredential, bobCredential: bob.credential, conversations: { vera, walt } };
  writeFileSync(join(out, 'about.json'), JSON.stringify(about, null, 2) + '\n');
  writeFileSync(join(out, 'workspace.json'), JSON.stringify({ party: 'workspace', id: w.ws, ...(await dump('workspace', w.ws)) }, null, 2) + '\n');
  for (const [name, id] of Object.entries({ vera, walt })) writeFileSync(join(out, `conversation-${name}.json`), JSON.stringify({ party: 'conversation', id, ...(await dump('conversation', id)) }, null, 2) + '\n');
  console.log(`fixtures of ${rev} written to ${out}`);
} finally {
  await server.stop();
}
process.exit(0);
