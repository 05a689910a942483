import { BatonError, BLOCKS_MAX, type AgentRef, type BlockEntry } from '../../protocol';
import { hmac, randomId } from '../auth';
import type { Storage } from '../ports';

/** A block as stored: what admins see, and what it matches (the visitor's id, their address's hash). */
export type StoredBlock = BlockEntry & { visitorId?: string; address?: string };

/** The client key when the deployment names no address header (workspace/room.ts): every client shares it. */
export const SHARED_CLIENT_KEY = 'shared';

/**
 * The salted hash of a client address key (the rate limiter's key): the server secret is the salt, so it can't
 * be reversed by a table. Undefined when no address is known (the shared key): blocking it would block everyone.
 */
export const addressHash = async (secret: string, clientKey: string) => (clientKey === SHARED_CLIENT_KEY ? undefined : hmac(secret, `address:${clientKey}`));

/** Whether a new chat comes from a blocked visitor: the same anonymous visitor id, or the same address. */
export function isBlocked(blocks: Iterable<StoredBlock>, visitorId: string | undefined, address: string | undefined): boolean {
  for (const b of blocks) if ((visitorId !== undefined && b.visitorId === visitorId) || (address !== undefined && b.address === address)) return true;
  return false;
}

/** The workspace's blocks, stored under `block:<id>`. */
export class Blocks {
  private blocks = new Map<string, StoredBlock>();

  constructor(private storage: Storage) {}

  async load() {
    for (const [, b] of await this.storage.list<StoredBlock>({ prefix: 'block:' })) this.blocks.set(b.id, b);
  }

  blocked(visitorId: string | undefined, address: string | undefined) {
    return isBlocked(this.blocks.values(), visitorId, address);
  }

  /** Admins' view, newest first: never the visitor's id or address hash. */
  list(): BlockEntry[] {
    return [...this.blocks.values()].sort((a, b) => b.at - a.at).map(({ visitorId: _v, address: _a, ...entry }) => entry);
  }

  async add(o: { conversationId: string; visitorName: string; reason: string; by: AgentRef; at: number; visitorId?: string; address?: string }): Promise<StoredBlock> {
    if (o.visitorId === undefined && o.address === undefined) throw new BatonError('conflict', 'Nothing identifies this visitor (a chat from before blocks were possible)');
    // Blocking the same chat's visitor twice is one block.
    const same = [...this.blocks.values()].find((b) => b.conversationId === o.conversationId);
    if (same) return same;
    if (this.blocks.size >= BLOCKS_MAX) throw BatonError.of('conflict', { code: 'too-many' });
    const block: StoredBlock = { id: randomId(12), ...o };
    await this.storage.put(`block:${block.id}`, block);
    this.blocks.set(block.id, block);
    return block;
  }

  /** Deletes every block that matches (a visitor's erasure); answers how many. */
  async drop(match: (b: StoredBlock) => boolean): Promise<number> {
    const ids = [...this.blocks.values()].filter(match).map((b) => b.id);
    for (const id of ids) this.blocks.delete(id);
    if (ids.length) await this.storage.delete(ids.map((id) => `block:${id}`));
    return ids.length;
  }

  async lift(id: string) {
    if (!this.blocks.has(id)) throw new BatonError('not-found', 'No such block');
    await this.storage.delete(`block:${id}`);
    this.blocks.delete(id);
  }
}
