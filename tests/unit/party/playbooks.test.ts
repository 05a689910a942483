import { describe, expect, test } from 'vitest';
import { Playbooks, publicPlaybook } from '../../../party/workspace/playbooks';
import { liveChatTemplate } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

function playbooks() {
  const storage = new MemoryStorage();
  let changed = 0;
  const p = new Playbooks(storage.asStorage(), () => changed++);
  return { storage, p, changed: () => changed };
}

describe('Playbooks', () => {
  test('create starts at revision 1 from the chosen template and is stored', async () => {
    const { storage, p, changed } = playbooks();
    const live = await p.create('Sales', 'live-chat');
    const blank = await p.create('Empty', 'blank');
    expect(live).toMatchObject({ name: 'Sales', revision: 1, installedAt: null });
    expect(live.cards.map((c) => c.type)).toContain('live-chat');
    expect(blank.cards).toEqual([]);
    expect(live.id).not.toBe(blank.id);
    expect(storage.data.get(`pb:${live.id}`)).toEqual(live);
    expect(changed()).toBe(2);
  });

  test('a save names the revision it was edited from: the current one bumps it, an older one is a conflict', async () => {
    const { p, changed } = playbooks();
    const first = await p.create('Sales', 'blank');
    const second = await p.save({ ...first, name: 'Sales 2' }, false, 5_000);
    expect(second).toMatchObject({ revision: 2, name: 'Sales 2', updatedAt: 5_000 });
    const n = changed();
    await expect(p.save({ ...first, name: 'Stale edit' })).rejects.toMatchObject({ code: 'conflict', message: 'Someone else saved this playbook; reload it' });
    expect(p.get(first.id)!.name).toBe('Sales 2');
    expect(changed()).toBe(n);
    await expect(p.save({ ...second, revision: 3 })).rejects.toMatchObject({ code: 'conflict' });
  });

  test('saving an unknown playbook is not-found; creating an existing id is a conflict', async () => {
    const { p } = playbooks();
    await expect(p.save({ ...liveChatTemplate('ghost'), revision: 1 })).rejects.toMatchObject({ code: 'not-found' });
    await p.save(liveChatTemplate('demo'), true);
    await expect(p.save(liveChatTemplate('demo'), true)).rejects.toMatchObject({ code: 'conflict' });
  });

  test('delete removes it from memory and storage; deleting twice is not-found', async () => {
    const { storage, p } = playbooks();
    const pb = await p.create('X', 'blank');
    await p.delete(pb.id);
    expect(p.get(pb.id)).toBeUndefined();
    expect(storage.data.has(`pb:${pb.id}`)).toBe(false);
    await expect(p.delete(pb.id)).rejects.toMatchObject({ code: 'not-found' });
  });

  test('installedAt is set once, on the first load from an allowed site, and kept by later saves', async () => {
    const { storage, p, changed } = playbooks();
    const pb = await p.save(liveChatTemplate('demo'), true);
    await p.markInstalled(pb, 7_000);
    await p.markInstalled(pb, 9_000);
    expect(p.get('demo')!.installedAt).toBe(7_000);
    expect(changed()).toBe(2);
    const saved = await p.save({ ...p.get('demo')!, name: 'Renamed' });
    expect(saved.installedAt).toBe(7_000);
    const reloaded = new Playbooks(storage.asStorage(), () => {});
    await reloaded.load();
    expect(reloaded.list().map((x) => [x.id, x.revision, x.installedAt])).toEqual([['demo', 2, 7_000]]);
  });

  test('the widget\'s view has no allowed origins and no revision', () => {
    const pb = { ...liveChatTemplate('demo'), allowedOrigins: ['https://shop.example'], installedAt: null, updatedAt: 0, botAvatar: 'https://x.example/a.png' };
    expect(publicPlaybook(pb)).toEqual({ id: 'demo', name: 'Live chat', botName: 'Baton bot', botAvatar: 'https://x.example/a.png', color: '#1f6feb', cards: pb.cards });
  });
});
