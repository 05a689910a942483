import { describe, expect, it, test } from 'vitest';
import { agentPublic, conversationHarness } from '../../helpers/memory-conversation';
import { TRAIL_MAX, type PageView } from '../../../protocol';
import { addPages } from '../../../party/conversation/trail';

const o = { origin: 'https://shop.example', since: 1_000, now: 10_000 };
const view = (path: string, at: number, title?: string): PageView => ({ url: `https://shop.example${path}`, at, ...(title ? { title } : {}) });

describe('the page trail (conversation room)', () => {
  it("keeps only the chat's own site, over http(s), without credentials in the URL", () => {
    const got = addPages([], [view('/a', 2_000), { url: 'https://evil.example/a', at: 2_000 }, { url: 'javascript:alert(1)', at: 2_000 }, { url: 'https://user:pw@shop.example/x', at: 2_000 }, { url: 'not a url', at: 2_000 }, { url: 'http://shop.example/plain', at: 2_000 }], o);
    expect(got).toEqual([view('/a', 2_000)]);
  });

  it('clamps times between the previous view (or the chat’s start) and the room’s now, in order', () => {
    const got = addPages([], [view('/early', 0), view('/future', 99_999_999), view('/back', 5_000)], o)!;
    expect(got.map((p) => p.at)).toEqual([1_000, 10_000, 10_000]);
  });

  it('the same page twice in a row once; a trimmed title; nothing new is null', () => {
    const first = addPages([], [view('/a', 2_000, '  Pricing  '), view('/a', 3_000)], o)!;
    expect(first).toEqual([view('/a', 2_000, 'Pricing')]);
    expect(addPages(first, [view('/a', 4_000)], o)).toBeNull();
    expect(addPages(first, [view('/b', 4_000, '   ')], o)).toEqual([...first, view('/b', 4_000)]);
  });

  it(`keeps the newest ${TRAIL_MAX}`, () => {
    let trail: PageView[] = [];
    for (let i = 0; i < TRAIL_MAX + 30; i += 10) trail = addPages(trail, Array.from({ length: 10 }, (_, j) => view(`/p${i + j}`, 2_000 + i + j)), o)!;
    expect(trail).toHaveLength(TRAIL_MAX);
    expect(trail[0]!.url).toBe('https://shop.example/p30');
    expect(trail.at(-1)!.url).toBe(`https://shop.example/p${TRAIL_MAX + 29}`);
  });

  it('a chat whose origin was never kept (created before) gets no trail', () => {
    expect(addPages([], [view('/a', 2_000)], { ...o, origin: undefined })).toBeNull();
  });
});

describe('the page trail in the conversation room', () => {
  test('kept in storage, sent whole to agents (not to the visitor), and no longer grown once the chat is closed', async () => {
    const h = conversationHarness({ agents: [agentPublic('a1', 'Alice')] });
    expect((await h.init({ origin: 'https://shop.example' })).status).toBe(200);
    const visitor = await h.visitor();
    const agent = await h.agent('a1');
    await h.send(visitor, { type: 'pages', pages: [view('/pricing', h.clock.now(), 'Pricing')] });
    expect(h.storage.data.get('trail')).toEqual([view('/pricing', h.clock.now(), 'Pricing')]);
    expect(agent.frames.filter((f) => f.type === 'trail')).toEqual([{ type: 'trail', pages: [view('/pricing', h.clock.now(), 'Pricing')] }]);
    expect(visitor.frames.some((f) => f.type === 'trail')).toBe(false);
    await h.send(agent, { type: 'claim', ref: 'c' });
    await h.send(agent, { type: 'close', ref: 'x' });
    await h.send(visitor, { type: 'pages', pages: [view('/after', h.clock.now())] });
    expect(h.storage.data.get('trail')).toHaveLength(1);
    // A restarted room still has it, and gives it to an agent who opens the chat.
    await h.restart();
    const late = await h.agent('a1');
    expect(late.frames.find((f) => f.type === 'trail')).toEqual({ type: 'trail', pages: [view('/pricing', h.clock.now(), 'Pricing')] });
  });
});
