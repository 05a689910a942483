import { MAX_CHATS, clampSetting, type AgentStatus, type RoutingMode } from '../../protocol/routing';

/*
 * Who gets a chat, as a pure decision. Only an Online agent, of the chat's team when it has one, below their
 * Max chats, may be picked; `manual` picks nobody (the seed's Unassigned + Assign to me). Round robin deals in
 * a stable order (by id) from after the last agent dealt to in that pool (the cursor: an id, so it survives
 * agents joining and leaving); least busy picks the fewest active chats, then who was given one least
 * recently, then the id. The workspace room applies the answer (claims stay atomic in the conversation room).
 */

/** What routing knows of an agent. A revoked agent is passed as `offline` (or not at all). */
export type RoutingAgent = {
  id: string;
  status: AgentStatus;
  teams: readonly string[];
  /** Chats the agent holds now. */
  active: number;
  /** Their own Max chats; absent: the workspace default. */
  max?: number;
  /** When they were last given a chat (by routing or a claim): least busy's first tie-break; never = first. */
  lastAssignedAt?: number;
};

export type PickRequest = {
  agents: readonly RoutingAgent[];
  mode: RoutingMode;
  /** The workspace's Max chats, for agents with no value of their own. */
  defaultMax: number;
  /** The chat's team: only its members are eligible. None: every agent. */
  team?: string | null;
  /** Round robin: the agent last dealt to in this pool (see `poolOf`). */
  cursor?: string | null;
  /** Never these (a reassignment: not the agent who did not reply). */
  exclude?: readonly string[];
};

/** The agent picked (null: nobody, the chat waits) and the pool's cursor after the pick. */
export type Picked = { agentId: string | null; cursor: string | null };

/** Round robin keeps one cursor per pool: the team's id, or '' for chats with no team. */
export const poolOf = (team: string | null | undefined) => team ?? '';

/** How many chats routing may give the agent: their own Max chats, else the workspace's, within MAX_CHATS. */
export const capacityOf = (agent: Pick<RoutingAgent, 'max'>, defaultMax: number): number =>
  clampSetting(agent.max, MAX_CHATS) ?? clampSetting(defaultMax, MAX_CHATS) ?? MAX_CHATS.default;

/** Whether routing may give this agent a chat of `team` now. */
export function isEligible(agent: RoutingAgent, req: Pick<PickRequest, 'defaultMax' | 'team' | 'exclude'>): boolean {
  return (
    agent.status === 'online' &&
    (req.team == null || agent.teams.includes(req.team)) &&
    agent.active < capacityOf(agent, req.defaultMax) &&
    !req.exclude?.includes(agent.id)
  );
}

/** Code-unit order: the same in every runtime and locale (localeCompare is not). */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Least busy's order: fewer active chats, then given one longer ago (never: first), then by id. */
function busyOrder(a: RoutingAgent, b: RoutingAgent): number {
  if (a.active !== b.active) return a.active - b.active;
  const ta = a.lastAssignedAt ?? -Infinity;
  const tb = b.lastAssignedAt ?? -Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return byId(a, b);
}

/** The agent for one chat, and the pool's cursor after it. */
export function pick(req: PickRequest): Picked {
  const cursor = req.cursor ?? null;
  if (req.mode === 'manual') return { agentId: null, cursor };
  const eligible = req.agents.filter((a) => isEligible(a, req));
  if (eligible.length === 0) return { agentId: null, cursor };
  if (req.mode === 'round-robin') {
    eligible.sort(byId);
    const next = (cursor === null ? undefined : eligible.find((a) => a.id > cursor)) ?? eligible[0]!;
    return { agentId: next.id, cursor: next.id };
  }
  const least = eligible.reduce((best, a) => (busyOrder(a, best) < 0 ? a : best));
  return { agentId: least.id, cursor };
}

/**
 * Several picks in a row (a queue drained, many chats at once): each pick counts against the agent at once
 * (one more active chat, given one at `now`) and moves its pool's cursor, on copies of what it was given.
 */
export class Dealer {
  private agents: RoutingAgent[];
  private cursors: Map<string, string>;

  constructor(
    agents: readonly RoutingAgent[],
    private settings: { mode: RoutingMode; defaultMax: number; now: number },
    cursors: Readonly<Record<string, string>> = {},
  ) {
    this.agents = agents.map((a) => ({ ...a }));
    this.cursors = new Map(Object.entries(cursors));
  }

  /**
   * The agent for a chat of `team` (null: nobody eligible), already counted as theirs. `mode`: this chat's own
   * (chats of several playbooks share the agents' capacity and the pools' cursors), else the settings'.
   */
  next(team?: string | null, exclude?: readonly string[], mode: RoutingMode = this.settings.mode): string | null {
    const pool = poolOf(team);
    const { agentId, cursor } = pick({ ...this.settings, mode, agents: this.agents, team, exclude, cursor: this.cursors.get(pool) ?? null });
    if (cursor !== null) this.cursors.set(pool, cursor);
    const agent = agentId === null ? undefined : this.agents.find((a) => a.id === agentId);
    if (agent) {
      agent.active++;
      agent.lastAssignedAt = this.settings.now;
    }
    return agentId;
  }

  /** The cursors to store after the picks. */
  cursorsNow(): Record<string, string> {
    return Object.fromEntries(this.cursors);
  }
  /** The agents as the picks left them. */
  agentsNow(): readonly RoutingAgent[] {
    return this.agents;
  }
}
