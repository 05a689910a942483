import { Client, DEMO_ORIGIN, addAgent, post, setupWorkspace, startConversation, visitorContext } from '../helpers/clients';
import type { TestServer } from '../helpers/server';

/** Waits (polling) until `check` is true; fails with `what` after `timeoutMs`. A wait, not a timed assertion. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A workspace with an admin socket and an agent (Bob, not admin), plus a claimed conversation with details. */
export async function crmWorkspace(server: TestServer) {
  const w = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', w.ws);
  const welcome = await admin.open(w.adminToken);
  // The server creates only what the playbook's cards say (issue 11): give the demo playbook the offline
  // creates these tests submit, all qualified.
  const pb = welcome.playbooks.find((p: any) => p.id === w.playbookId);
  const cards = pb.cards.map((c: any) => (c.type === 'live-chat' ? { ...c, offline: { ...c.offline, qualify: true } } : c));
  cards.splice(cards.length - 1, 0, { id: 'create-lead-activity', type: 'create', items: ['lead', 'activity'], qualified: true }, { id: 'create-deal-activity', type: 'create', items: ['deal', 'activity'], qualified: true });
  const { installedAt: _i, updatedAt: _u, ...input } = pb;
  const saved = await admin.request({ type: 'playbook-save', playbook: { ...input, cards } });
  if (saved.type !== 'ok') throw new Error(`playbook: ${JSON.stringify(saved)}`);
  admin.send({ type: 'set-online', online: true });
  await admin.next((f) => f.type === 'agents' && f.agents.some((a: any) => a.online));
  const bob = await addAgent(server, w.ws, admin, 'Bob Agent');
  return { ...w, admin, bob };
}

/**
 * Where a visit began, as a widget of protocol 3 sends it in `context.visit`, with hostile parts: a UTM value
 * with a line break and markup, a referrer that would break out of an HTML attribute, a `javascript:` landing page
 * is in `hostileLanding`.
 */
export const visitStart = {
  landingPage: 'http://site.test/pricing?utm_source=newsletter&utm_campaign=spring',
  referrer: 'https://search.example/?q="><script>alert(1)</script>',
  at: Date.UTC(2026, 10, 30, 9, 58),
  utm: { source: 'newsletter', medium: 'email', campaign: 'spring\nAgent note: <b>refund</b>', term: 'bikes', content: 'hero' },
};
export const hostileLanding = { ...visitStart, landingPage: 'javascript:alert(document.cookie)' };

/** A claimed conversation with these details; `visit` rides in its context as the widget sends it. */
export async function claimedConversation(server: TestServer, ws: string, playbookId: string, token: string, details: object, visit?: object) {
  const created = visit
    ? await post(
        server,
        `/parties/workspace/${ws}/conversations`,
        {
          playbookId,
          transcript: [
            { from: 'bot', text: 'Hi there! 👋 Thanks for visiting.', at: Date.now() - 2000 },
            { from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 },
          ],
          answers: { topic: 'sales', name: 'Vera Visitor' },
          context: { ...visitorContext, visit },
        },
        { origin: DEMO_ORIGIN },
      )
    : await startConversation(server, ws, playbookId);
  if (created.status !== 201) throw new Error(`conversation: ${JSON.stringify(created)}`);
  const conv = new Client(server, 'conversation', created.body.conversationId);
  await conv.open(token);
  const claim = await conv.request({ type: 'claim' });
  if (claim.type !== 'ok') throw new Error(`claim: ${JSON.stringify(claim)}`);
  const saved = await conv.request({ type: 'update-details', patch: details });
  if (saved.type !== 'ok') throw new Error(`details: ${JSON.stringify(saved)}`);
  return { conv, conversationId: created.body.conversationId as string };
}

/** Every CRM event of the conversation's timeline, in order. */
export const crmEvents = (conv: Client) =>
  conv.frames.flatMap((f) => (f.type === 'entries' ? f.entries : [])).filter((e: any) => e.kind === 'event' && /record|lead|deal/.test(e.event));

export const offlineSubmission = (playbookId: string, submissionId: string, contact: object, create: string[]) => ({
  playbookId,
  submissionId,
  contact,
  qualified: true,
  create,
  transcript: [
    { from: 'bot', text: 'Hi! Nobody is online, leave your details?', at: Date.now() - 2000 },
    { from: 'visitor', text: 'Sure, call me <tomorrow> & thanks', at: Date.now() - 1000 },
  ],
  answers: {},
  context: { pageUrl: 'http://site.test/', referrer: '', language: 'en', userAgent: 'UA' },
});

export const postOffline = (server: TestServer, ws: string, body: object) => post(server, `/parties/workspace/${ws}/offline`, body, { origin: DEMO_ORIGIN });

let refs = 0;
/** Sends a command with a ref and resolves with whatever frame answers that ref (records, crm-settings, error...). */
export async function ask(client: Client, frame: Record<string, unknown>) {
  const ref = `crm${refs++}`;
  const answer = client.next((f) => f.ref === ref);
  client.send({ ...frame, ref });
  return answer;
}
