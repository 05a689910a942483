import { BatonError, MAX_CHATS, TEAMS_MAX, fieldProblems, type BusinessHours, type RoutingSettings, type Team } from '../../protocol';
import { hexId } from '../auth';
import type { Storage } from '../ports';

type Stored = { hours: BusinessHours | null; defaultMaxChats: number };

/**
 * The workspace's routing settings: business hours (null: always open, the seed's behaviour), the default Max
 * chats, and the teams (`team:<id>`; who is in one is on each agent record, agents.ts). Admins change them
 * (the room checks the role); `changed` is told after each change, so every agent gets the new settings.
 */
export class RoutingConfig {
  private stored: Stored = { hours: null, defaultMaxChats: MAX_CHATS.default };
  private teams = new Map<string, Team>();

  constructor(
    private storage: Pick<Storage, 'get' | 'put' | 'delete' | 'list'>,
    private changed: () => void,
  ) {}

  async load() {
    const [stored, teams] = await Promise.all([this.storage.get<Stored>('routing'), this.storage.list<Team>({ prefix: 'team:' })]);
    if (stored) this.stored = stored;
    for (const t of teams.values()) this.teams.set(t.id, t);
  }

  get hours(): BusinessHours | null {
    return this.stored.hours;
  }
  get defaultMaxChats(): number {
    return this.stored.defaultMaxChats;
  }
  hasTeam(id: string): boolean {
    return this.teams.has(id);
  }
  /** A chat's team as routing and visibility use it: one that no longer exists is no team (any agent). */
  liveTeam(id: string | null | undefined): string | null {
    return id != null && this.teams.has(id) ? id : null;
  }

  view(): RoutingSettings {
    return { hours: this.stored.hours, defaultMaxChats: this.stored.defaultMaxChats, teams: [...this.teams.values()] };
  }

  async saveHours(hours: BusinessHours | null) {
    this.stored = { ...this.stored, hours };
    await this.storage.put('routing', this.stored);
    this.changed();
  }

  async saveDefaultMax(defaultMaxChats: number) {
    this.stored = { ...this.stored, defaultMaxChats };
    await this.storage.put('routing', this.stored);
    this.changed();
  }

  /** `Add team`: at most TEAMS_MAX. Answers the new team (its members are set by the caller). */
  async createTeam(name: string): Promise<Team> {
    if (this.teams.size >= TEAMS_MAX) throw new BatonError('invalid-field', `At most ${TEAMS_MAX} teams`, fieldProblems({ name: { code: 'too-many' } }));
    let id = hexId(6);
    while (this.teams.has(id)) id = hexId(6);
    const team = { id, name };
    this.teams.set(id, team);
    await this.storage.put(`team:${id}`, team);
    this.changed();
    return team;
  }

  async renameTeam(id: string, name: string) {
    const team = this.teams.get(id);
    if (!team) throw new BatonError('not-found', 'No such team');
    team.name = name;
    await this.storage.put(`team:${id}`, team);
    this.changed();
  }

  /** Throws not-found for an unknown team (before the caller changes anything else). */
  requireTeam(id: string): Team {
    const team = this.teams.get(id);
    if (!team) throw new BatonError('not-found', 'No such team');
    return team;
  }

  async deleteTeam(id: string) {
    if (!this.teams.delete(id)) throw new BatonError('not-found', 'No such team');
    await this.storage.delete(`team:${id}`);
    this.changed();
  }
}
