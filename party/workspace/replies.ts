import { BatonError, fieldProblems, SAVED_REPLIES_MAX, pages, sortReplies, type SavedReply, type SavedReplyInput, type WorkspaceServerMessage } from '../../protocol';
import { hexId } from '../auth';
import type { Storage } from '../ports';

/** Another reply has this shortcut: the refusal, and the problem of the form's shortcut field. */
const DUPLICATE = { code: 'reply-duplicate' } as const;

/**
 * Saved replies: up to SAVED_REPLIES_MAX per workspace, shortcuts unique regardless of case (the schema
 * lowercases them), sent to agents in pages (200 replies of 4,000 characters would be ~800 KB).
 */
export class SavedReplies {
  private byId = new Map<string, SavedReply>();

  constructor(
    private storage: Pick<Storage, 'put' | 'delete' | 'list'>,
    private changed: () => void,
  ) {}

  async load() {
    for (const [k, r] of await this.storage.list<SavedReply>({ prefix: 'reply:' })) this.byId.set(k.slice(6), r);
  }

  list(): SavedReply[] {
    return sortReplies(this.byId.values());
  }

  /** The list in `replies` frames of at most a page each; `more` on all but the last. */
  frames(list = pages(this.list())): WorkspaceServerMessage[] {
    return list.map((page, i) => ({ type: 'replies', replies: page, ...(i < list.length - 1 ? { more: true as const } : {}) }));
  }

  /** Create (no id) or update. Checks and the in-memory change happen before the only await. */
  async save(input: SavedReplyInput, now = Date.now()): Promise<SavedReply> {
    const existing = input.id === undefined ? undefined : this.byId.get(input.id);
    if (input.id !== undefined && !existing) throw new BatonError('not-found', 'No such saved reply');
    if ([...this.byId.values()].some((r) => r.id !== input.id && r.shortcut === input.shortcut)) {
      throw BatonError.of('invalid-field', DUPLICATE, fieldProblems({ 'reply.shortcut': DUPLICATE }));
    }
    if (!existing && this.byId.size >= SAVED_REPLIES_MAX) throw BatonError.of('conflict', { code: 'replies-full', params: { max: SAVED_REPLIES_MAX } });
    let id = existing?.id ?? hexId(6);
    while (!existing && this.byId.has(id)) id = hexId(6);
    const reply: SavedReply = { id, shortcut: input.shortcut, text: input.text, updatedAt: now };
    this.byId.set(id, reply);
    await this.storage.put(`reply:${id}`, reply);
    this.changed();
    return reply;
  }

  async delete(id: string) {
    if (!this.byId.delete(id)) throw new BatonError('not-found', 'No such saved reply');
    await this.storage.delete(`reply:${id}`);
    this.changed();
  }
}
