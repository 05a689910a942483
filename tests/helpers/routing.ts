import { expect } from 'vitest';
import type { LiveChatCard } from '../../protocol';
import { Client, addAgent, setupWorkspace, type Frame } from './clients';
import type { TestServer } from './server';

/** One agent of a routing test: their workspace socket (Online). `mine` / `most`: see `holding`. */
export type RoutedAgent = { id: string; name: string; token: string; ws: Client; readonly mine: Set<string>; readonly most: number };

/**
 * What an agent's workspace socket was told of the chats active and theirs (the workspace room's index), replayed
 * from its frames: the ones they hold now, and the most they ever held at once (the "never above Max chats" check).
 */
export function holding(ws: Client, agentId: string): { mine: Set<string>; most: number } {
  const mine = new Set<string>();
  let most = 0;
  const apply = (c: Frame) => {
    if (c.status === 'active' && c.assignee?.id === agentId) mine.add(c.id);
    else mine.delete(c.id);
    most = Math.max(most, mine.size);
  };
  for (const f of ws.frames) {
    if (f.type === 'welcome' || f.type === 'conversations') for (const c of f.conversations) apply(c);
    else if (f.type === 'conversation' || f.type === 'notify') apply(f.conversation);
    else if (f.type === 'conversation-removed') mine.delete(f.id);
  }
  return { mine, most };
}

export function trackMine(a: Omit<RoutedAgent, 'mine' | 'most'>): RoutedAgent {
  return {
    ...a,
    get mine() {
      return holding(a.ws, a.id).mine;
    },
    get most() {
      return holding(a.ws, a.id).most;
    },
  };
}

/** The playbook as stored, from the newest frame that carried the list. */
export function storedPlaybook(admin: Client, playbookId: string) {
  const list = [...admin.frames].reverse().find((f) => f.type === 'playbooks' || f.type === 'welcome')!.playbooks as Frame[];
  const { installedAt: _i, updatedAt: _u, ...input } = list.find((p) => p.id === playbookId)!;
  return input;
}

/** Changes the playbook's live chat card (and its cards, when `cards` maps them), as an admin saves it in the options page. */
export async function saveCard(admin: Client, playbookId: string, patch: Partial<LiveChatCard>, cards: (cards: Frame[]) => Frame[] = (c) => c) {
  const from = admin.frames.length;
  const pb = storedPlaybook(admin, playbookId);
  const next = { ...pb, cards: cards(pb.cards.map((c: Frame) => (c.type === 'live-chat' ? { ...c, ...patch } : c))) };
  const answer = await admin.request({ type: 'playbook-save', playbook: next });
  expect(answer.type, JSON.stringify(answer)).toBe('ok');
  await admin.next((f) => f.type === 'playbooks', 10_000, from);
}

/**
 * A workspace whose admin is connected but Away (so routing deals only to the agents made here), `names`
 * agents each with their workspace socket open and Online, and the demo playbook's card set to `card`.
 */
export async function routedWorkspace(server: TestServer, names: string[], card: Partial<LiveChatCard>, opts: { defaultMaxChats?: number } = {}) {
  const setup = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', setup.ws);
  await admin.open(setup.adminToken);
  expect((await admin.request({ type: 'set-status', status: 'away' })).type).toBe('ok');
  if (opts.defaultMaxChats !== undefined) expect((await admin.request({ type: 'routing-save', defaultMaxChats: opts.defaultMaxChats })).type).toBe('ok');
  const agents: RoutedAgent[] = [];
  for (const name of names) {
    const a = await addAgent(server, setup.ws, admin, name);
    const ws = new Client(server, 'workspace', setup.ws);
    const tracked = trackMine({ ...a, name, ws });
    await ws.open(a.token);
    expect((await ws.request({ type: 'set-status', status: 'online' })).type).toBe('ok');
    agents.push(tracked);
  }
  await admin.next((f) => f.type === 'agents' && f.agents.filter((a: Frame) => a.status === 'online').length === names.length);
  await saveCard(admin, setup.playbookId, card);
  return { ...setup, admin, agents };
}

/** The newest place in line a visitor socket was told (welcome, state or queue frame); undefined: none yet. */
export function placeOf(visitor: Client): number | null | undefined {
  for (let i = visitor.frames.length - 1; i >= 0; i--) {
    const f = visitor.frames[i]!;
    if (f.type === 'queue') return f.position;
    if (f.type === 'welcome' || f.type === 'state') return f.conversation.position ?? null;
  }
  return undefined;
}

/** Waits until the visitor's place in line is `position` (null: out of line). */
export async function placeBecomes(visitor: Client, position: number | null, timeoutMs = 10_000) {
  if (placeOf(visitor) === position) return;
  await visitor.next(() => placeOf(visitor) === position, timeoutMs, visitor.frames.length);
}
