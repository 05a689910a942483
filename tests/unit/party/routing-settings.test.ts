import { describe, expect, test } from 'vitest';
import { Agents, statusOf, toPublic } from '../../../party/workspace/agents';
import { RoutingConfig } from '../../../party/workspace/routing-settings';
import { MAX_CHATS, TEAMS_MAX, newBusinessHours } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

describe('RoutingConfig', () => {
  test('starts always open with the default Max chats and no team; every change is stored and announced', async () => {
    const storage = new MemoryStorage();
    let told = 0;
    const c = new RoutingConfig(storage.asStorage(), () => told++);
    await c.load();
    expect(c.view()).toEqual({ hours: null, defaultMaxChats: MAX_CHATS.default, teams: [] });
    await c.saveHours(newBusinessHours('Europe/Paris'));
    await c.saveDefaultMax(5);
    const sales = await c.createTeam('Sales');
    await c.renameTeam(sales.id, 'Sales EU');
    expect(told).toBe(4);
    const again = new RoutingConfig(storage.asStorage(), () => {});
    await again.load();
    expect(again.view()).toEqual({ hours: newBusinessHours('Europe/Paris'), defaultMaxChats: 5, teams: [{ id: sales.id, name: 'Sales EU' }] });
    expect(again.liveTeam(sales.id)).toBe(sales.id);
    await again.deleteTeam(sales.id);
    expect(again.liveTeam(sales.id)).toBeNull();
    expect(again.liveTeam(undefined)).toBeNull();
    await expect(again.renameTeam(sales.id, 'x')).rejects.toMatchObject({ code: 'not-found' });
    await expect(again.deleteTeam(sales.id)).rejects.toMatchObject({ code: 'not-found' });
    expect(() => again.requireTeam(sales.id)).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  test(`at most ${TEAMS_MAX} teams`, async () => {
    const c = new RoutingConfig(new MemoryStorage().asStorage(), () => {});
    for (let i = 0; i < TEAMS_MAX; i++) await c.createTeam(`T${i}`);
    await expect(c.createTeam('One more')).rejects.toMatchObject({ code: 'invalid-field', extra: { problems: { name: { code: 'too-many' } } } });
  });
});

describe('agents: status, Max chats, teams', () => {
  test('status: offline with no socket or revoked, else what the agent chose', () => {
    expect(statusOf({ online: true, revoked: false }, true)).toBe('online');
    expect(statusOf({ online: false, revoked: false }, true)).toBe('away');
    expect(statusOf({ online: true, revoked: false }, false)).toBe('offline');
    expect(statusOf({ online: true, revoked: true }, true)).toBe('offline');
  });

  test('Max chats per agent (null: the workspace\'s again) and team membership, in the public view', async () => {
    const storage = new MemoryStorage();
    const agents = new Agents(storage.asStorage());
    const { agent: root } = await agents.create({ name: 'Root', email: 'root@example.com', role: 'admin', manageLiveChat: true });
    const { agent: ann } = await agents.add({ name: 'Ann', email: 'ann@example.com', role: 'agent', manageLiveChat: false });
    const { agent: ben } = await agents.add({ name: 'Ben', email: 'ben@example.com', role: 'agent', manageLiveChat: false });
    await agents.change(root, ann.id, { maxChats: 7 });
    expect(toPublic(agents.get(ann.id)!, true)).toMatchObject({ maxChats: 7, status: 'away', online: false });
    await agents.change(root, ann.id, { name: 'Anne' });
    expect(agents.get(ann.id)!.maxChats).toBe(7);
    await agents.change(root, ann.id, { maxChats: null });
    expect(toPublic(agents.get(ann.id)!, true).maxChats).toBeUndefined();
    expect((await agents.setMembers('sales', [ann.id, ben.id])).map((a) => a.id).sort()).toEqual([ann.id, ben.id].sort());
    expect((await agents.setMembers('sales', [ben.id])).map((a) => a.id)).toEqual([ann.id]);
    expect(toPublic(agents.get(ann.id)!, true).teams).toBeUndefined();
    expect(toPublic(agents.get(ben.id)!, true).teams).toEqual(['sales']);
    // Stored: a restart keeps them.
    const again = new Agents(storage.asStorage());
    await again.load();
    expect(again.get(ben.id)!.teams).toEqual(['sales']);
    // An unknown or revoked agent is refused before anything changes.
    await agents.change(root, ann.id, 'revoke');
    await expect(agents.setMembers('sales', [ben.id, ann.id])).rejects.toMatchObject({ code: 'not-found' });
    await expect(agents.setMembers('sales', ['0123456789abcdef'])).rejects.toMatchObject({ code: 'not-found' });
    expect(agents.get(ben.id)!.teams).toEqual(['sales']);
  });
});
