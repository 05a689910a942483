import { BatonError, blankPlaybook, liveChatTemplate, type Playbook, type PlaybookInput } from '../../protocol';
import { hexId } from '../auth';
import type { Storage } from '../ports';

/** What the widget may read of a playbook: no allowed origins, no revisions. */
export function publicPlaybook(p: Playbook) {
  return { id: p.id, name: p.name, botName: p.botName, ...(p.botAvatar ? { botAvatar: p.botAvatar } : {}), color: p.color, cards: p.cards };
}

/**
 * The workspace's playbooks, each with a revision: a save names the revision it was edited from, and one
 * made from an older revision is refused (someone else saved meanwhile). `changed` is told after each change.
 */
export class Playbooks {
  private byId = new Map<string, Playbook>();

  constructor(
    private storage: Pick<Storage, 'put' | 'delete' | 'list'>,
    private changed: () => void,
  ) {}

  async load() {
    for (const [k, p] of await this.storage.list<Playbook>({ prefix: 'pb:' })) this.byId.set(k.slice(3), p);
  }
  get(id: string) {
    return this.byId.get(id);
  }
  list(): Playbook[] {
    return [...this.byId.values()];
  }

  async create(name: string, template: 'live-chat' | 'blank' | undefined): Promise<Playbook> {
    let id = hexId(6);
    while (this.byId.has(id)) id = hexId(6);
    return this.save(template === 'live-chat' ? liveChatTemplate(id, name) : blankPlaybook(id, name), true);
  }

  async save(input: PlaybookInput, fresh = false, now = Date.now()): Promise<Playbook> {
    const existing = this.byId.get(input.id);
    if (fresh && existing) throw new BatonError('conflict', 'A playbook with this id exists');
    if (!fresh && !existing) throw new BatonError('not-found', 'No such playbook');
    if (existing && existing.revision !== input.revision) throw new BatonError('conflict', 'Someone else saved this playbook; reload it');
    const p: Playbook = { ...input, revision: fresh ? 1 : input.revision + 1, installedAt: existing?.installedAt ?? null, updatedAt: now };
    this.byId.set(p.id, p);
    await this.storage.put(`pb:${p.id}`, p);
    this.changed();
    return p;
  }

  async delete(id: string) {
    if (!this.byId.delete(id)) throw new BatonError('not-found', 'No such playbook');
    await this.storage.delete(`pb:${id}`);
    this.changed();
  }

  /** The snippet loaded on an allowed site for the first time: the options page shows it as installed. */
  async markInstalled(p: Playbook, now = Date.now()) {
    if (p.installedAt !== null) return;
    p.installedAt = now;
    await this.storage.put(`pb:${p.id}`, p);
    this.changed();
  }
}
