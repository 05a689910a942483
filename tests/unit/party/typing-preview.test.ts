import { describe, expect, test } from 'vitest';
import { agentPublic, conversationHarness } from '../../helpers/memory-conversation';

const SECRET_DRAFT = 'my card number is 4242 draft';

async function chat(typingPreview: boolean) {
  const h = conversationHarness({ agents: [agentPublic('a1', 'Alice')] });
  expect((await h.init(typingPreview ? { typingPreview: true } : {})).status).toBe(200);
  const visitor = await h.visitor();
  const agent = await h.agent('a1');
  return { h, visitor, agent };
}

const drafts = (frames: { type: string }[]) => frames.filter((f) => f.type === 'draft');

describe('typing preview (conversation room)', () => {
  test("on: the visitor's draft goes to the agents only, and is never stored; sending clears it", async () => {
    const { h, visitor, agent } = await chat(true);
    expect((visitor.frames.find((f) => f.type === 'welcome') as unknown as { conversation: { typingPreview?: true } }).conversation.typingPreview).toBe(true);
    await h.send(visitor, { type: 'draft', text: SECRET_DRAFT });
    expect(drafts(agent.frames)).toEqual([{ type: 'draft', text: SECRET_DRAFT, at: h.clock.now() }]);
    expect(drafts(visitor.frames)).toEqual([]);
    for (const [key, value] of h.storage.data) expect(`${key} ${JSON.stringify(value)}`).not.toContain('4242');
    await h.send(visitor, { type: 'send', id: 'msg-00000001', text: 'Hello' });
    expect(drafts(agent.frames).at(-1)).toMatchObject({ text: '' });
    // An agent's draft frame is not forwarded anywhere.
    await h.send(agent, { type: 'draft', text: 'agent draft' });
    expect(drafts(visitor.frames)).toEqual([]);
  });

  test('off (the default): drafts are dropped and the widget is not told to warn', async () => {
    const { h, visitor, agent } = await chat(false);
    expect((visitor.frames.find((f) => f.type === 'welcome') as unknown as { conversation: { typingPreview?: true } }).conversation.typingPreview).toBeUndefined();
    await h.send(visitor, { type: 'draft', text: SECRET_DRAFT });
    expect(drafts(agent.frames)).toEqual([]);
  });
});
