import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, clientId, post, startConversation, visitorContext, type Frame } from '../helpers/clients';
import { placeBecomes, placeOf, routedWorkspace, saveCard, type RoutedAgent } from '../helpers/routing';

/*
 * Routing against a real `partykit dev` (issue 13): each mode, 50 chats at once for 5 agents with Max chats 3,
 * an agent going Away with chats waiting in line, reassign on no reply, reminders that stop at a claim.
 * Escalation runs 15 times faster here (BATON_ESCALATION_SPEEDUP): `Reassign if no reply within` 15 s is 1 s;
 * business hours are read at the time a request's `x-baton-test-now` says (BATON_TEST_CLOCK).
 */

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_CONVERSATIONS_PER_MINUTE: '10000', BATON_ESCALATION_SPEEDUP: '15', BATON_TEST_CLOCK: '1' } });
});
afterAll(async () => {
  if (process.env.SHOW_LOGS) console.log(server.logs());
  await server?.stop();
});

const byId = (agents: RoutedAgent[]) => [...agents].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Creates a chat and answers its id, once the agent routing gave it to was told (or `nobody`). */
async function chat(ws: string, playbookId: string) {
  const created = await startConversation(server, ws, playbookId);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { conversationId: string; visitorToken: string };
}

/** The agent a chat was dealt to: the one whose workspace socket is told "assigned to you". */
function dealtTo(agents: RoutedAgent[], id: string, timeoutMs = 10_000): Promise<RoutedAgent> {
  const told = (f: Frame) => f.type === 'notify' && f.event === 'assigned-to-you' && f.conversation.id === id;
  const already = agents.find((a) => a.ws.frames.some(told));
  if (already) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const undo: (() => void)[] = [];
    const done = () => undo.forEach((u) => u());
    const timer = setTimeout(() => (done(), reject(new Error(`${id} was dealt to nobody`))), timeoutMs);
    undo.push(() => clearTimeout(timer));
    for (const a of agents) {
      const on = (e: MessageEvent) => told(JSON.parse(String(e.data))) && (done(), resolve(a));
      a.ws.socket.addEventListener('message', on);
      undo.push(() => a.ws.socket.removeEventListener('message', on));
    }
  });
}

async function closeChat(agent: RoutedAgent, id: string) {
  const c = new Client(server, 'conversation', id);
  await c.open(agent.token);
  expect((await c.request({ type: 'close' })).type).toBe('ok');
  c.close();
}

describe('each routing mode', () => {
  test('manual: the seed\'s Unassigned + Assign to me, nobody is dealt a chat', async () => {
    const w = await routedWorkspace(server, ['Ann', 'Ben'], { routing: 'manual' });
    const { conversationId: id } = await chat(w.ws, w.playbookId);
    for (const a of w.agents) {
      const n = await a.ws.next((f) => f.type === 'notify' && f.conversation.id === id);
      expect(n.event).toBe('new-unassigned');
      expect(n.conversation).toMatchObject({ status: 'waiting', assignee: null });
      expect(n.conversation.routing).toBeUndefined();
    }
    const ann = new Client(server, 'conversation', id);
    await ann.open(w.agents[0]!.token);
    expect((await ann.request({ type: 'claim' })).type).toBe('ok');
    await w.agents[1]!.ws.next((f) => f.type === 'conversation-removed' && f.id === id);
    for (const c of [ann, w.admin, ...w.agents.map((a) => a.ws)]) c.close();
  });

  test('round robin: chats are dealt in turn, by id, to Online agents only', async () => {
    const w = await routedWorkspace(server, ['Ann', 'Ben', 'Cat'], { routing: 'round-robin' });
    const order = byId(w.agents);
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { conversationId } = await chat(w.ws, w.playbookId);
      got.push((await dealtTo(w.agents, conversationId)).id);
    }
    expect(got).toEqual([...order, ...order].map((a) => a.id));
    // The visitor's chat is the agent's at once: the room says who, the event says routing did it.
    const { conversationId, visitorToken } = await chat(w.ws, w.playbookId);
    const visitor = new Client(server, 'conversation', conversationId);
    const welcome = await visitor.open(visitorToken);
    expect(welcome.conversation).toMatchObject({ status: 'active', agentName: order[0]!.name });
    expect(welcome.entries.find((e: Frame) => e.event === 'joined')).toMatchObject({ cause: 'routed', agent: { name: order[0]!.name } });
    // Away: skipped.
    expect((await order[1]!.ws.request({ type: 'set-status', status: 'away' })).type).toBe('ok');
    const next = await chat(w.ws, w.playbookId);
    expect((await dealtTo(w.agents, next.conversationId)).id).toBe(order[2]!.id);
    for (const c of [visitor, w.admin, ...w.agents.map((a) => a.ws)]) c.close();
  });

  test('least busy: the agent with the fewest chats, then the one given one longest ago', async () => {
    const w = await routedWorkspace(server, ['Ann', 'Ben'], { routing: 'least-busy' });
    const [first, second] = byId(w.agents) as [RoutedAgent, RoutedAgent];
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await chat(w.ws, w.playbookId)).conversationId);
    // 0/0 → by id; 1/0 → the other; 1/1 → given one longest ago; and so on.
    expect(await Promise.all(ids.map((id) => dealtTo(w.agents, id).then((a) => a.id)))).toEqual([first.id, second.id, first.id, second.id]);
    // The second agent closes one: they have fewer, so they get the next, although round robin would say the first.
    await closeChat(second, ids[1]!);
    await second.ws.next((f) => f.type === 'conversation' && f.conversation.id === ids[1] && f.conversation.status === 'closed');
    const { conversationId } = await chat(w.ws, w.playbookId);
    expect((await dealtTo(w.agents, conversationId)).id).toBe(second.id);
    for (const c of [w.admin, ...w.agents.map((a) => a.ws)]) c.close();
  });
});

describe('capacity and the queue', () => {
  test('50 chats at once for 5 agents with Max chats 3: 15 dealt, 35 in line in arrival order, places exact and live; Away mid-queue', async () => {
    const w = await routedWorkspace(server, ['Ann', 'Ben', 'Cat', 'Dan', 'Eve'], { routing: 'round-robin' }, { defaultMaxChats: 3 });
    const created = await Promise.all(Array.from({ length: 50 }, () => chat(w.ws, w.playbookId)));
    const ids = created.map((c) => c.conversationId);
    expect(new Set(ids).size).toBe(50);
    // Every chat is either an agent's or waiting, as the workspace's index says: the admin sees the waiting ones.
    const visitors = new Map<string, Client>();
    await Promise.all(
      created.map(async (c) => {
        const v = new Client(server, 'conversation', c.conversationId);
        visitors.set(c.conversationId, v);
        await v.open(c.visitorToken);
      }),
    );
    // Each agent is dealt 3 (their Max chats); 15 held, 35 in line with their places told.
    await Promise.all(w.agents.map((a) => a.ws.next(() => a.mine.size === 3, 10_000, 0)));
    const held = new Set(w.agents.flatMap((a) => [...a.mine]));
    expect(held.size).toBe(15);
    const waiting = ids.filter((id) => !held.has(id));
    expect(waiting).toHaveLength(35);
    await Promise.all(waiting.map((id) => visitors.get(id)!.next(() => typeof placeOf(visitors.get(id)!) === 'number', 10_000, 0)));
    const places = waiting.map((id) => placeOf(visitors.get(id)!) as number);
    expect([...places].sort((a, b) => a - b)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    // Arrival order: the server stamps each chat as it arrives (createdAt); the line follows it, and no chat
    // in line arrived before a chat that was dealt.
    const createdAt = new Map<string, number>();
    await w.admin.next(() => waiting.every((id) => rowOf(w.admin, id)?.status === 'waiting'), 10_000, 0);
    for (const id of waiting) createdAt.set(id, rowOf(w.admin, id)!.createdAt);
    const inLine = [...waiting].sort((a, b) => placeOf(visitors.get(a)!)! - placeOf(visitors.get(b)!)!);
    for (let i = 1; i < inLine.length; i++) expect(createdAt.get(inLine[i]!)!).toBeGreaterThanOrEqual(createdAt.get(inLine[i - 1]!)!);
    for (const a of w.agents) {
      expect(a.most).toBe(3);
      for (const id of a.mine) {
        const opened = new Client(server, 'conversation', id);
        const welcome = await opened.open(a.token);
        expect(welcome.conversation.createdAt).toBeLessThanOrEqual(createdAt.get(inLine[0]!)!);
        opened.close();
      }
    }

    // Eve goes Away with 35 in line, then closes one of hers: nothing more is dealt to her.
    const [ann, , , , eve] = w.agents as [RoutedAgent, RoutedAgent, RoutedAgent, RoutedAgent, RoutedAgent];
    expect((await eve.ws.request({ type: 'set-status', status: 'away' })).type).toBe('ok');
    const evesFirst = [...eve.mine][0]!;
    await closeChat(eve, evesFirst);
    await eve.ws.next((f) => f.type === 'conversation' && f.conversation.id === evesFirst && f.conversation.status === 'closed');
    // Ann closes one: the head of the line is hers, and every visitor in line moves up by one, live.
    const annsFirst = [...ann.mine][0]!;
    await closeChat(ann, annsFirst);
    expect((await dealtTo(w.agents, inLine[0]!)).id).toBe(ann.id);
    await Promise.all(inLine.slice(1).map((id, i) => placeBecomes(visitors.get(id)!, i + 1)));
    await placeBecomes(visitors.get(inLine[0]!)!, null);
    expect(eve.mine.size).toBe(2);
    expect(eve.most).toBe(3);

    // Back Online: Eve takes the next in line at once (she has a free seat).
    expect((await eve.ws.request({ type: 'set-status', status: 'online' })).type).toBe('ok');
    expect((await dealtTo(w.agents, inLine[1]!)).id).toBe(eve.id);
    await Promise.all(inLine.slice(2).map((id, i) => placeBecomes(visitors.get(id)!, i + 1)));
    // Nobody ever held more than 3, and no chat was lost: 17 held, 33 in line.
    for (const a of w.agents) expect(a.most).toBeLessThanOrEqual(3);
    expect(w.agents.reduce((n, a) => n + a.mine.size, 0)).toBe(15);
    for (const c of [...visitors.values(), w.admin, ...w.agents.map((a) => a.ws)]) c.close();
  }, 60_000);
});

/** The newest inbox row of a chat an agent's socket was sent. */
function rowOf(c: Client, id: string): Frame | undefined {
  for (let i = c.frames.length - 1; i >= 0; i--) {
    const f = c.frames[i]!;
    if ((f.type === 'conversation' || f.type === 'notify') && f.conversation.id === id) return f.conversation;
    if ((f.type === 'welcome' || f.type === 'conversations') && f.conversations.some((x: Frame) => x.id === id)) return f.conversations.find((x: Frame) => x.id === id);
    if (f.type === 'conversation-removed' && f.id === id) return undefined;
  }
  return undefined;
}

describe('escalation', () => {
  test('reassign on no reply: the chat leaves the silent agent for the next one, with an event on both sides and a word to the visitor', async () => {
    const w = await routedWorkspace(server, ['Ann', 'Ben'], { routing: 'round-robin', reassignAfterSec: 15 });
    const [first, second] = byId(w.agents) as [RoutedAgent, RoutedAgent];
    const { conversationId: id, visitorToken } = await chat(w.ws, w.playbookId);
    expect((await dealtTo(w.agents, id)).id).toBe(first.id);
    const visitor = new Client(server, 'conversation', id);
    await visitor.open(visitorToken);
    const firstSocket = new Client(server, 'conversation', id);
    await firstSocket.open(first.token);
    // 15 s (1 s here) without a reply from the first agent: theirs no more, and the second agent's.
    expect((await dealtTo([second], id)).id).toBe(second.id);
    await first.ws.next((f) => f.type === 'conversation-removed' && f.id === id);
    const lost = await firstSocket.next((f) => f.type === 'error' && f.problem?.code === 'assigned-to');
    expect(lost.problem.params.name).toBe(second.name);
    await visitor.next((f) => f.type === 'entries' && f.entries.some((e: Frame) => e.event === 'joined' && e.agent?.name === second.name));
    const events = visitor.frames.flatMap((f) => (f.type === 'entries' || f.type === 'welcome' ? f.entries : [])).filter((e: Frame) => e.kind === 'event');
    expect(events.map((e: Frame) => [e.event, e.cause ?? null, e.agent?.name ?? null])).toEqual([
      ['joined', 'routed', first.name],
      ['unassigned', 'no-reply', null],
      ['joined', 'routed', second.name],
    ]);
    // The second agent replies in time: it stays theirs (the room's alarm is past the reassignment).
    const secondSocket = new Client(server, 'conversation', id);
    await secondSocket.open(second.token);
    secondSocket.send({ type: 'send', id: clientId('b'), text: 'Hello, Ben here' });
    await visitor.next((f) => f.type === 'entries' && f.entries.some((e: Frame) => e.text === 'Hello, Ben here'));
    // A chat created after that reply, left unanswered, is reassigned after the time this one's would have been:
    // by then this one is still the second agent's, with no new event.
    const later = await chat(w.ws, w.playbookId);
    const gotLater = await dealtTo(w.agents, later.conversationId);
    const other = w.agents.find((a) => a !== gotLater)!;
    await other.ws.next((f) => f.type === 'notify' && f.event === 'assigned-to-you' && f.conversation.id === later.conversationId);
    expect(second.mine.has(id)).toBe(true);
    expect(visitor.frames.flatMap((f) => (f.type === 'entries' ? f.entries : [])).filter((e: Frame) => e.event === 'unassigned')).toHaveLength(1);
    for (const c of [visitor, firstSocket, secondSocket, w.admin, ...w.agents.map((a) => a.ws)]) c.close();
  });

  test('re-notify every N s with sound until someone claims, and not a moment after', async () => {
    const w = await routedWorkspace(server, ['Ann', 'Ben'], { routing: 'manual', renotifyEverySec: 15 });
    const [ann, ben] = w.agents as [RoutedAgent, RoutedAgent];
    const a = await chat(w.ws, w.playbookId);
    const reminder = await ann.ws.next((f) => f.type === 'notify' && f.repeat === true && f.conversation.id === a.conversationId);
    expect(reminder).toMatchObject({ event: 'new-unassigned', sound: true, conversation: { status: 'waiting' } });
    await ben.ws.next((f) => f.type === 'notify' && f.repeat === true && f.conversation.id === a.conversationId);
    const socket = new Client(server, 'conversation', a.conversationId);
    await socket.open(ben.token);
    expect((await socket.request({ type: 'claim' })).type).toBe('ok');
    const reminders = () => ann.ws.frames.filter((f) => f.type === 'notify' && f.repeat && f.conversation.id === a.conversationId).length;
    const before = reminders();
    // A chat created after the claim is reminded after any reminder of the first one would have come.
    const b = await chat(w.ws, w.playbookId);
    await ann.ws.next((f) => f.type === 'notify' && f.repeat === true && f.conversation.id === b.conversationId);
    expect(reminders()).toBe(before);
    expect(ben.ws.frames.filter((f) => f.type === 'notify' && f.repeat && f.conversation.id === a.conversationId && f.event === 'assigned-to-you')).toHaveLength(0);
    for (const c of [socket, w.admin, ...w.agents.map((x) => x.ws)]) c.close();
  });
});

describe('business hours', () => {
  // Paris, weekdays 09:00–18:00; Easter Monday 2026-04-06 closed. Clocks go forward on Sunday 2026-03-29.
  const hours = {
    timeZone: 'Europe/Paris',
    week: { mon: [{ from: '09:00', to: '18:00' }], tue: [{ from: '09:00', to: '18:00' }], wed: [{ from: '09:00', to: '18:00' }], thu: [{ from: '09:00', to: '18:00' }], fri: [{ from: '09:00', to: '18:00' }], sat: [], sun: [] },
    exceptions: [{ date: '2026-04-06', closed: true }],
  };
  const at = (iso: string) => ({ 'x-baton-test-now': String(Date.parse(iso)), origin: DEMO_ORIGIN });
  const config = async (ws: string, playbookId: string, iso: string) => {
    const res = await fetch(`${server.url}/parties/workspace/${ws}/widget/${playbookId}`, { headers: at(iso) });
    return (await res.json()) as Frame;
  };
  const create = (ws: string, playbookId: string, iso: string) =>
    post(server, `/parties/workspace/${ws}/conversations`, { playbookId, transcript: [], answers: {}, context: visitorContext }, at(iso));

  test('across the daylight-saving change and a holiday: the widget is told when the team is back; no chat outside hours', async () => {
    const w = await routedWorkspace(server, ['Ann'], { routing: 'round-robin' });
    const before = await config(w.ws, w.playbookId, '2026-03-27T17:30:00Z');
    expect(before).toMatchObject({ available: true, hours: { open: true } });
    expect((await w.admin.request({ type: 'hours-save', hours })).type).toBe('ok');
    // The agents hear the new hours at once.
    const frame = await w.agents[0]!.ws.next((f) => f.type === 'routing');
    expect(frame.routing.hours.timeZone).toBe('Europe/Paris');
    // Friday 18:30 in Paris (17:30Z, winter time): back Monday 09:00 — summer time by then, 07:00Z.
    expect(await config(w.ws, w.playbookId, '2026-03-27T17:30:00Z')).toMatchObject({ available: false, reason: 'closed', hours: { open: false, back: Date.parse('2026-03-30T07:00:00Z') } });
    const refused = await create(w.ws, w.playbookId, '2026-03-27T17:30:00Z');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'unavailable', hours: { open: false, back: Date.parse('2026-03-30T07:00:00Z') } });
    // Monday 10:00 in Paris (08:00Z): open, and the chat is dealt.
    expect(await config(w.ws, w.playbookId, '2026-03-30T08:00:00Z')).toMatchObject({ available: true, hours: { open: true } });
    expect((await create(w.ws, w.playbookId, '2026-03-30T08:00:00Z')).status).toBe(201);
    // Good Friday evening: Easter Monday is a holiday, back Tuesday 09:00.
    expect((await config(w.ws, w.playbookId, '2026-04-03T17:00:00Z')).hours).toEqual({ open: false, back: Date.parse('2026-04-07T07:00:00Z') });
    expect((await config(w.ws, w.playbookId, '2026-04-06T08:00:00Z')).hours).toEqual({ open: false, back: Date.parse('2026-04-07T07:00:00Z') });
    // Only admins set hours; null is always open again.
    expect((await w.agents[0]!.ws.request({ type: 'hours-save', hours: null })).code).toBe('forbidden');
    expect((await w.admin.request({ type: 'hours-save', hours: null })).type).toBe('ok');
    expect((await config(w.ws, w.playbookId, '2026-04-06T08:00:00Z')).hours).toEqual({ open: true });
    for (const c of [w.admin, ...w.agents.map((a) => a.ws)]) c.close();
  });
});

describe('teams', () => {
  test("a team's Unassigned chats reach its members and admins, a question's button chooses the team, routing deals within it", async () => {
    const w = await routedWorkspace(server, ['Ann', 'Ben', 'Cat'], { routing: 'manual' });
    const [ann, ben, cat] = w.agents as [RoutedAgent, RoutedAgent, RoutedAgent];
    const made = await w.admin.request({ type: 'team-create', name: 'Sales', members: [ann.id, ben.id] });
    expect(made.type).toBe('ok');
    const sales = made.id as string;
    // "Talk to sales" goes to the Sales team.
    await saveCard(w.admin, w.playbookId, {}, (cards) => cards.map((c) => (c.type === 'question' ? { ...c, buttons: c.buttons.map((b: Frame) => (b.id === 'sales' ? { ...b, team: sales } : b)) } : c)));
    const { conversationId: id } = await post(server, `/parties/workspace/${w.ws}/conversations`, { playbookId: w.playbookId, transcript: [], answers: { topic: 'Talk to sales' }, context: visitorContext }, { origin: DEMO_ORIGIN }).then((r) => r.body);
    for (const a of [ann, ben]) expect((await a.ws.next((f) => f.type === 'notify' && f.conversation.id === id)).conversation.team).toBe(sales);
    const adminRow = await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === id);
    expect(adminRow.conversation.team).toBe(sales);
    // Cat is not in Sales: she never gets it, by list, by notification or by id.
    await cat.ws.roundTrip();
    expect(cat.ws.frames.some((f) => f.conversation?.id === id || f.conversations?.some((c: Frame) => c.id === id))).toBe(false);
    const catSocket = new Client(server, 'conversation', id);
    expect((await catSocket.open(cat.token)).code).toBe('forbidden');
    // Cat joins Sales: the chat reaches her list at once.
    expect((await w.admin.request({ type: 'team-update', id: sales, members: [ann.id, ben.id, cat.id] })).type).toBe('ok');
    await cat.ws.next((f) => f.type === 'conversations' && f.conversations.some((c: Frame) => c.id === id));
    // Automatic routing deals a Sales chat only within Sales.
    expect((await w.admin.request({ type: 'team-update', id: sales, members: [ben.id] })).type).toBe('ok');
    await saveCard(w.admin, w.playbookId, { routing: 'round-robin' });
    for (let i = 0; i < 3; i++) {
      const r = await post(server, `/parties/workspace/${w.ws}/conversations`, { playbookId: w.playbookId, transcript: [], answers: { topic: 'Talk to sales' }, context: visitorContext }, { origin: DEMO_ORIGIN });
      expect((await dealtTo(w.agents, r.body.conversationId)).id).toBe(ben.id);
    }
    // Deleting the team: its chats are everyone's again.
    expect((await w.admin.request({ type: 'team-delete', id: sales })).type).toBe('ok');
    await ann.ws.next((f) => f.type === 'agents' && f.agents.every((a: Frame) => !a.teams));
    expect((await w.agents[0]!.ws.request({ type: 'team-create', name: 'Nope' })).code).toBe('forbidden');
    for (const c of [catSocket, w.admin, ...w.agents.map((a) => a.ws)]) c.close();
  });
});
