import { describe, expect, it } from 'vitest';
import { BatonError } from '../../../protocol';
import { addressHash, Blocks, isBlocked, SHARED_CLIENT_KEY } from '../../../party/workspace/blocks';
import { MemoryStorage } from '../../helpers/memory-storage';

const by = { id: 'a1', name: 'Alice' };
const SECRET = 'unit-test-secret-0123456789-abcdefghijklmnop';

describe('blocking visitors', () => {
  it('the address is kept only as a salted hash, and not at all when no address is known (the shared key)', async () => {
    const a = await addressHash(SECRET, 'addr:203.0.113.7');
    expect(a).toBeDefined();
    expect(a).not.toContain('203.0.113.7');
    expect(await addressHash('another-secret-0123456789-abcdefghijkl', 'addr:203.0.113.7')).not.toBe(a);
    expect(await addressHash(SECRET, SHARED_CLIENT_KEY)).toBeUndefined();
  });

  it('a new chat is blocked by the same visitor id or the same address, never by an unknown address', () => {
    const blocks = [{ id: 'b1', conversationId: 'c', visitorName: 'V', reason: '', by, at: 1, visitorId: 'v'.repeat(16), address: 'hash-1' }];
    expect(isBlocked(blocks, 'v'.repeat(16), undefined)).toBe(true);
    expect(isBlocked(blocks, 'w'.repeat(16), 'hash-1')).toBe(true);
    expect(isBlocked(blocks, 'w'.repeat(16), 'hash-2')).toBe(false);
    expect(isBlocked([{ ...blocks[0]!, address: undefined }], undefined, undefined)).toBe(false);
  });

  it('stored, listed newest first without ids or hashes, once per chat, lifted', async () => {
    const storage = new MemoryStorage();
    const b = new Blocks(storage.asStorage());
    const first = await b.add({ conversationId: 'c1', visitorName: 'V1', reason: 'spam', by, at: 10, visitorId: 'v'.repeat(16) });
    expect(await b.add({ conversationId: 'c1', visitorName: 'V1', reason: 'again', by, at: 11, visitorId: 'v'.repeat(16) })).toEqual(first);
    await b.add({ conversationId: 'c2', visitorName: 'V2', reason: 'abuse', by, at: 20, address: 'hash-2' });
    expect(b.list().map((x) => [x.conversationId, x.reason])).toEqual([
      ['c2', 'abuse'],
      ['c1', 'spam'],
    ]);
    expect(JSON.stringify(b.list())).not.toMatch(/vvvv|hash-2/);
    const again = new Blocks(storage.asStorage());
    await again.load();
    expect(again.blocked('v'.repeat(16), undefined)).toBe(true);
    await again.lift(first.id);
    expect(again.blocked('v'.repeat(16), undefined)).toBe(false);
    await expect(again.lift(first.id)).rejects.toBeInstanceOf(BatonError);
    await expect(b.add({ conversationId: 'c3', visitorName: 'V3', reason: '', by, at: 1 })).rejects.toMatchObject({ code: 'conflict' });
  });
});
