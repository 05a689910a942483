import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { SavedReplies } from '../../../party/workspace/replies';
import { Limits, ReplyMessages, SAVED_REPLIES_MAX, SavedReplyInput, type SavedReply } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

function replies() {
  const storage = new MemoryStorage();
  let changed = 0;
  const r = new SavedReplies(storage.asStorage(), () => changed++);
  return { storage, r, changed: () => changed };
}
const input = (shortcut: string, text = `text of ${shortcut}`) => v.parse(SavedReplyInput, { shortcut, text });

describe('SavedReplies', () => {
  test('create, update and list by shortcut', async () => {
    const { storage, r, changed } = replies();
    const b = await r.save(input('beta'), 1);
    await r.save(input('alpha'), 2);
    const updated = await r.save({ id: b.id, shortcut: 'beta', text: 'new text' }, 3);
    expect(updated).toEqual({ id: b.id, shortcut: 'beta', text: 'new text', updatedAt: 3 });
    expect(r.list().map((x) => x.shortcut)).toEqual(['alpha', 'beta']);
    expect(storage.data.get(`reply:${b.id}`)).toEqual(updated);
    expect(changed()).toBe(3);
  });

  test('a duplicate shortcut (any case, the schema lowercases) is an invalid-field on reply.shortcut', async () => {
    const { r } = replies();
    const first = await r.save(input('price'));
    const err = await r.save(input('PRICE')).catch((e) => e);
    expect(err.toFrame()).toEqual({
      type: 'error',
      code: 'invalid-field',
      message: ReplyMessages.duplicate,
      problem: { code: 'reply-duplicate' },
      fields: { 'reply.shortcut': ReplyMessages.duplicate },
      problems: { 'reply.shortcut': { code: 'reply-duplicate' } },
    });
    // Another reply renamed onto it is refused too; saving a reply under its own shortcut is fine.
    const other = await r.save(input('other'));
    await expect(r.save({ id: other.id, shortcut: 'price', text: 'x' })).rejects.toMatchObject({ code: 'invalid-field' });
    await expect(r.save({ id: first.id, shortcut: 'price', text: 'changed' })).resolves.toMatchObject({ text: 'changed' });
  });

  test('at most 200: the 201st is refused, an update at the cap is fine', async () => {
    const { r, storage } = replies();
    let last!: SavedReply;
    for (let i = 0; i < SAVED_REPLIES_MAX; i++) last = await r.save(input(`r${i}`));
    const err = await r.save(input('one-more')).catch((e) => e);
    expect(err.toFrame()).toEqual({ type: 'error', code: 'conflict', message: ReplyMessages.full, problem: { code: 'replies-full', params: { max: SAVED_REPLIES_MAX } } });
    expect(storage.keys('reply:')).toHaveLength(200);
    await expect(r.save({ id: last.id, shortcut: last.shortcut, text: 'edited' })).resolves.toMatchObject({ text: 'edited' });
  });

  test('unknown ids: update and delete are not-found', async () => {
    const { r } = replies();
    await expect(r.save({ id: 'nope', shortcut: 'x', text: 'y' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(r.delete('nope')).rejects.toMatchObject({ code: 'not-found' });
    const x = await r.save(input('x'));
    await r.delete(x.id);
    expect(r.list()).toEqual([]);
  });

  test('frames: one page when small; a long list in pages, `more` on all but the last, in order', async () => {
    const { r } = replies();
    await r.save(input('a'));
    expect(r.frames()).toEqual([{ type: 'replies', replies: r.list() }]);
    const big = replies();
    for (let i = 0; i < SAVED_REPLIES_MAX; i++) await big.r.save(input(`r${String(i).padStart(3, '0')}`, 'x'.repeat(Limits.messageChars)));
    const frames = big.r.frames();
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(frames.map((f) => (f as { more?: true }).more)).toEqual([...Array(frames.length - 1).fill(true), undefined]);
    const all = frames.flatMap((f) => (f as { replies: SavedReply[] }).replies);
    expect(all).toEqual(big.r.list());
    for (const f of frames) expect(JSON.stringify(f).length).toBeLessThan(Limits.roomPageChars + Limits.messageChars + 200);
    const reloaded = new SavedReplies(big.storage.asStorage(), () => {});
    await reloaded.load();
    expect(reloaded.list()).toHaveLength(200);
  });
});
