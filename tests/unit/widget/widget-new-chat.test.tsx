// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mountWidget as mount, unmountWidgets } from '../../helpers/widget-mount';

afterEach(unmountWidgets);

describe('"Start a new chat" after the agent closed the chat', () => {
  it('runs the bot again, then a second conversation with a new id; the first one is no longer shown', async () => {
    const ui = await mount();
    const sockets: string[] = [];
    const socketUrl = ui.fake.api.socketUrl;
    ui.fake.api.socketUrl = (id) => (sockets.push(id), socketUrl(id));
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    await ui.type('First chat, first message');
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'joined', at: 5, agent: { id: '', name: 'Alice' } }));
    ui.room.setState('active', 'Alice');
    ui.room.agentSays('Reply in the first chat');
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'closed', at: 9 }));
    ui.room.setState('closed', 'Alice');
    await ui.settle();
    expect(ui.log().textContent).toContain('The agent closed the chat');
    expect(ui.byLabel('Message')).toBeNull();
    expect(sockets).toEqual(['conv1']);

    // The next conversation the server creates has another id (the fake room starts empty, as a new room does).
    ui.fake.api.createConversation = async (req) => {
      ui.fake.created.push(req);
      return { conversationId: 'conv2', visitorToken: 'visitor-token', waitUntil: 0 };
    };
    Object.assign(ui.room, { entries: [], status: 'waiting', agentName: null });

    await ui.click(ui.button('Start a new chat'));
    // The bot greets again, from the start; nothing of the first chat is left, on screen or in storage.
    expect(ui.log().querySelector('strong')!.textContent).toBe('there');
    expect(ui.button('Talk to sales')).toBeDefined();
    expect(ui.log().textContent).not.toContain('First chat, first message');
    expect(ui.log().textContent).not.toContain('Reply in the first chat');
    expect(ui.log().textContent).not.toContain('The agent closed the chat');
    expect(ui.container.querySelector('.head b')!.textContent).not.toBe('Alice');
    expect(ui.model.chat.value).toBeNull();
    expect(ui.storage.getItem('baton:ws:pb1:chat')).toBeNull();

    await ui.click(ui.button('Talk to sales'));
    expect(ui.fake.created).toHaveLength(2);
    expect(ui.fake.created[1]!.transcript.map((l) => `${l.from}: ${l.text}`)).toEqual(['bot: Hi **there**', 'bot: What can we help you with?', 'visitor: Talk to sales']);
    expect(sockets).toEqual(['conv1', 'conv2']);
    expect(ui.model.chat.value!.outbox.data.conversationId).toBe('conv2');
    expect(ui.byLabel('Message')!.tagName).toBe('TEXTAREA');
    await ui.type('Second chat, first message');
    expect(ui.room.visitorMessages()).toEqual(['Second chat, first message']);
    const text = ui.log().textContent!;
    expect(text).toContain('Second chat, first message');
    expect(text).not.toContain('First chat, first message');
    expect(text.match(/Talk to sales/g)).toHaveLength(1);
  });
});
