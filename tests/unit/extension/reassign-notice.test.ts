import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyDetails, type ConversationView } from '../../../protocol';
import { MemoryTransport } from '../../../models/memory-transport';
import { PanelModel } from '../../../models/panel-model';
import { saveConnection } from '../../../models/session';
import type { RoomAddress } from '../../../models/transport';
import { settle, summary, welcome } from '../../helpers/extension-fixtures';

const me = { id: 'a1', name: 'Ada' };
const view = (id: string): ConversationView => ({
  ...summary({ id, status: 'active', assignee: me, visitorName: 'Vera Martin' }),
  workspaceId: 'acme',
  context: { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 'Firefox' },
  answers: {},
  waitUntil: null,
  lastSeq: 0,
  seen: { visitor: 0, agent: 0 },
});

/** A side panel (in memory) with chat c1 open, mine, its socket welcomed. */
async function panelWithChat() {
  const sockets: { address: RoomAddress; t: MemoryTransport }[] = [];
  const model = new PanelModel({
    session: { token: async () => 'tok', invalidate: async () => {} },
    makeTransport: (address) => {
      const t = new MemoryTransport();
      sockets.push({ address, t });
      return t;
    },
  });
  await model.start();
  const ws = sockets[0]!.t;
  ws.open();
  await settle();
  ws.push(welcome({ conversations: [summary({ id: 'c1', status: 'active', assignee: me, visitorName: 'Vera Martin' }), summary({ id: 'c2' })] }));
  model.openChat('c1');
  const room = sockets.at(-1)!.t;
  room.open();
  await settle();
  room.push({ type: 'welcome', role: 'agent', v: 1, conversation: view('c1'), entries: [], details: emptyDetails() });
  await settle();
  const asked = () => room.ofType<{ ref: string; to: string | null }>('reassign').at(-1)!;
  return { model, ws, room, asked };
}

describe('Reassign: the panel says where the chat went and goes back to the list (issue 12)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await saveConnection({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
  });

  it('the list drops the chat before the room answers (as the room does it): closed, and handed off to Bob', async () => {
    const { model, ws, asked } = await panelWithChat();
    const done = model.reassign('a2', 'Bob');
    await settle();
    expect(asked().to).toBe('a2');
    // The room reports to the workspace before it answers: the list drops the chat, whose socket then closes.
    ws.push({ type: 'conversation-removed', id: 'c1' });
    await settle();
    await expect(done).resolves.toBeUndefined();
    expect(model.chat.value).toBeNull();
    expect(model.handedOff.value).toEqual({ visitor: 'Vera Martin', to: 'Bob' });
    // Opening another chat puts the notice away.
    model.openChat('c2');
    expect(model.handedOff.value).toBeNull();
  });

  it('the room answers first (Unassigned, which stays in the list): closed, and said to be in Unassigned', async () => {
    const { model, room, asked } = await panelWithChat();
    const done = model.reassign(null, null);
    await settle();
    room.push({ type: 'ok', ref: asked().ref });
    await done;
    expect(model.chat.value).toBeNull();
    expect(model.handedOff.value).toEqual({ visitor: 'Vera Martin', to: null });
  });

  it('refused: the chat stays open, the caller gets the refusal, no notice', async () => {
    const { model, room, asked } = await panelWithChat();
    const done = model.reassign('a2', 'Bob');
    await settle();
    room.push({ type: 'error', ref: asked().ref, code: 'forbidden', message: 'Only the assignee or an admin can reassign' });
    await expect(done).rejects.toMatchObject({ code: 'forbidden' });
    expect(model.chat.value?.id).toBe('c1');
    expect(model.handedOff.value).toBeNull();
  });

  it('taken by me: it stays open, no notice', async () => {
    const { model, room, asked } = await panelWithChat();
    const done = model.reassign('a1', 'Ada');
    await settle();
    room.push({ type: 'ok', ref: asked().ref });
    await done;
    expect(model.chat.value?.id).toBe('c1');
    expect(model.handedOff.value).toBeNull();
  });
});
