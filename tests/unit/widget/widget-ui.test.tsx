// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pickLanguage } from '../../../widget/i18n';
import { FakeRoom, MemoryStorage } from '../../helpers/widget-fake-room';
import { mountWidget as mount, unmountWidgets } from '../../helpers/widget-mount';

afterEach(unmountWidgets);

describe('widget UI', () => {
  it('draws the launcher and opens a window with accessible names and an ARIA live log', async () => {
    const ui = await mount();
    expect(ui.byLabel('Open chat')!.getAttribute('aria-expanded')).toBe('false');
    await ui.click(ui.byLabel('Open chat')!);
    expect(ui.byLabel('Minimize chat')).not.toBeNull();
    expect(ui.log().getAttribute('aria-live')).toBe('polite');
    expect(ui.log().querySelector('strong')!.textContent).toBe('there');
    await ui.click(ui.button('Talk to sales'));
    expect(ui.byLabel('Message')!.tagName).toBe('TEXTAREA');
    expect(ui.button('Send')).toBeDefined();
    expect(ui.fake.created[0]!.answers).toEqual({ topic: 'Talk to sales' });
  });

  it('Enter sends in live chat; the agent joins and replaces the bot name', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    await ui.type('Hello from the page');
    expect(ui.room.visitorMessages()).toEqual(['Hello from the page']);
    expect(ui.log().textContent).toContain('Hello from the page');
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'joined', at: 5, agent: { id: '', name: 'Alice' } }));
    ui.room.setState('active', 'Alice');
    await ui.settle();
    expect(ui.log().textContent).toContain('Alice joined the chat');
    expect(ui.container.querySelector('.head b')!.textContent).toBe('Alice');
  });

  it('reassigned: the log says who took over and the header follows; unassigned: the visitor is told to wait', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'joined', at: 5, agent: { id: 'hidden', name: 'Alice' } }));
    ui.room.setState('active', 'Alice');
    await ui.settle();
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'reassigned', at: 6, agent: { id: 'hidden', name: 'Bob' } }));
    ui.room.setState('active', 'Bob');
    await ui.settle();
    expect(ui.log().textContent).toContain("You're now chatting with Bob");
    expect(ui.container.querySelector('.head b')!.textContent).toBe('Bob');
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'unassigned', at: 7 }));
    ui.room.setState('unassigned', null);
    await ui.settle();
    expect(ui.log().textContent).toContain('Waiting for the next available agent…');
    expect(ui.container.querySelector('.head b')!.textContent).not.toBe('Bob');
    expect((ui.byLabel('Message') as HTMLTextAreaElement).disabled).toBe(false);
  });

  it('waiting in line: the visitor sees their place, live, until an agent has the chat', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    ui.room.push({ type: 'queue', position: 2 });
    await ui.settle();
    expect(ui.container.querySelector('[role=status]')!.textContent).toBe('You are number 2 in line');
    ui.room.push({ type: 'queue', position: 1 });
    await ui.settle();
    expect(ui.container.querySelector('[role=status]')!.textContent).toBe('You are number 1 in line');
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'joined', at: 5, agent: { id: 'hidden', name: 'Alice' }, cause: 'routed' }));
    ui.room.setState('active', 'Alice');
    await ui.settle();
    expect(ui.container.querySelector('[role=status]')).toBeNull();
  });

  it('outside business hours: straight to the offline flow, saying when the team is back (French too)', async () => {
    // This mount's clock is Monday 2026-01-05 09:30 UTC; the page's config says closed, back the next day: no request.
    const back = Date.UTC(2026, 0, 6, 8, 0);
    const ui = await mount({ available: false, reason: 'closed', hours: { open: false, back } });
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    const when = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(back);
    expect(ui.log().textContent).toContain(`We're back tomorrow at ${when}.`);
    expect(ui.fake.attempts).toBe(0);
    // The config's `back` has come: the widget asks, and the server's answer decides (still closed here).
    const late = await mount({ available: false, reason: 'closed', hours: { open: false, back: Date.UTC(2026, 0, 5, 9, 0) } });
    await late.click(late.byLabel('Open chat')!);
    await late.click(late.button('Talk to sales'));
    expect(late.fake.attempts).toBe(1);
    expect(late.log().textContent).toContain("We're back today at");
    const fr = await mount({ available: false, reason: 'closed', hours: { open: false }, lang: 'fr' });
    await fr.click(fr.byLabel('Ouvrir le chat')!);
    await fr.click(fr.button('Talk to sales'));
    expect(fr.log().textContent).toContain('Nous sommes fermés pour le moment.');
  });

  it('links web and email addresses in visitor and agent messages, as elements, never parsed HTML', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    await ui.type('My site is https://bakery.example/menu. Mail ada@bakery.example');
    ui.room.agentSays('Pricing: https://shop.example/pricing?plan=city, or <img src=x onerror="alert(1)"> javascript:alert(1) <a href="javascript:alert(2)">x</a>');
    await ui.settle();
    const anchors = [...ui.log().querySelectorAll('.msg:not(.bot) a')].map((a) => [a.getAttribute('href'), a.textContent, a.getAttribute('target'), a.getAttribute('rel')]);
    expect(anchors).toEqual([
      ['https://bakery.example/menu', 'https://bakery.example/menu', '_blank', 'noopener noreferrer'],
      ['mailto:ada@bakery.example', 'ada@bakery.example', '_blank', 'noopener noreferrer'],
      ['https://shop.example/pricing?plan=city', 'https://shop.example/pricing?plan=city', '_blank', 'noopener noreferrer'],
    ]);
    expect(ui.log().querySelectorAll('img, script')).toHaveLength(0);
    const agent = ui.log().querySelector('.msg.agent .bubble')!;
    expect(agent.textContent).toBe('Pricing: https://shop.example/pricing?plan=city, or <img src=x onerror="alert(1)"> javascript:alert(1) <a href="javascript:alert(2)">x</a>');
  });

  it('Shift+Enter does not send', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    const box = ui.byLabel('Message') as HTMLTextAreaElement;
    await act(async () => {
      box.value = 'line one';
      box.dispatchEvent(new Event('input', { bubbles: true }));
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    });
    await ui.settle();
    expect(ui.room.visitorMessages()).toEqual([]);
  });

  it('counts unread agent messages on the launcher while minimized', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    await ui.click(ui.byLabel('Minimize chat')!);
    ui.room.agentSays('Are you there?');
    ui.room.agentSays('Hello?');
    await ui.settle();
    expect(ui.container.querySelector('.badge')!.textContent).toContain('2');
    await ui.click(ui.byLabel('Open chat')!);
    expect(ui.container.querySelector('.badge')).toBeNull();
  });

  it('shows "Reconnecting…" while the socket is down', async () => {
    const ui = await mount();
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    await act(async () => ui.room.drop());
    expect(ui.container.querySelector('[role="status"]')!.textContent).toBe('Reconnecting…');
  });

  it('nobody online: offline flow with a clear message on a bad email', async () => {
    const ui = await mount({ available: false });
    await ui.click(ui.byLabel('Open chat')!);
    await ui.click(ui.button('Talk to sales'));
    expect(ui.log().textContent).toContain("Our team isn't available right now.");
    expect(ui.fake.created).toEqual([]);
    await ui.type('Ada');
    await ui.type('nope');
    expect(ui.container.querySelector('[role="alert"]')!.textContent).toBe('Enter a valid email address');
    expect(ui.byLabel('Message')!.getAttribute('aria-invalid')).toBe('true');
    await ui.type('ada@example.com');
    expect(ui.fake.offline[0]).toMatchObject({ contact: { name: 'Ada', email: 'ada@example.com' }, create: ['lead'], playbookId: 'pb1' });
    expect(ui.button('Start a new chat')).toBeDefined();
  });

  describe('the live chat card asks the server, not the config fetched at page load', () => {
    const ONLINE = 'An agent will be with you in a moment.';
    const OFFLINE = "Our team isn't available right now.";

    it('config said nobody online, an agent is online now: live chat, with the bot transcript and answers', async () => {
      const ui = await mount({ available: false });
      ui.fake.online = true; // an agent came online after the page loaded
      await ui.click(ui.byLabel('Open chat')!);
      await ui.click(ui.button('Talk to sales'));
      expect(ui.fake.created).toHaveLength(1);
      expect(ui.fake.created[0]!.answers).toEqual({ topic: 'Talk to sales' });
      expect(ui.fake.created[0]!.transcript.map((l) => `${l.from}: ${l.text}`)).toEqual([
        'bot: Hi **there**',
        'bot: What can we help you with?',
        'visitor: Talk to sales',
      ]);
      expect(ui.log().textContent).toContain(ONLINE);
      expect(ui.log().textContent).not.toContain(OFFLINE);
      expect(ui.byLabel('Message')!.tagName).toBe('TEXTAREA');
      await ui.type('Hello, anyone?');
      expect(ui.room.visitorMessages()).toEqual(['Hello, anyone?']);
    });

    it('config said online, nobody is now (503 unavailable): the offline flow at once, no error, answers kept', async () => {
      const ui = await mount();
      ui.fake.online = false; // the last agent went offline after the page loaded
      await ui.click(ui.byLabel('Open chat')!);
      await ui.click(ui.button('Talk to sales'));
      expect(ui.fake.attempts).toBe(1);
      expect(ui.fake.created).toEqual([]);
      expect(ui.log().textContent).toContain(OFFLINE);
      expect(ui.log().textContent).not.toContain(ONLINE);
      expect(ui.container.querySelector('[role="alert"]')).toBeNull();
      expect(ui.model.chat.value).toBeNull();
      expect((ui.byLabel('Message') as HTMLInputElement).tagName).toBe('INPUT');
      await ui.type('Ada');
      await ui.type('ada@example.com');
      expect(ui.fake.offline).toHaveLength(1);
      expect(ui.fake.offline[0]).toMatchObject({ contact: { name: 'Ada', email: 'ada@example.com' }, answers: { topic: 'Talk to sales' } });
      expect(ui.fake.offline[0]!.transcript.map((l) => l.text)).toContain('Talk to sales');
    });

    it('config said the origin is not allowed: nothing at all is drawn, one warning for the site owner, no request', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        const ui = await mount({ available: false, reason: 'origin-not-allowed' });
        ui.fake.online = true;
        await ui.settle();
        expect(ui.container.innerHTML).toBe('');
        expect(ui.byLabel('Open chat')).toBeNull();
        ui.model.toggle(true);
        await ui.settle();
        expect(ui.container.innerHTML).toBe('');
        expect(ui.fake.attempts).toBe(0);
        expect(ui.fake.offline).toEqual([]);
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toMatch(/not in the playbook's Allowed sites/);
      } finally {
        warn.mockRestore();
      }
    });
  });

  it('a reload resumes the same window, bot state and chat', async () => {
    const storage = new MemoryStorage();
    const room = new FakeRoom();
    const first = await mount({ storage, room });
    await first.click(first.byLabel('Open chat')!);
    await first.click(first.button('Talk to sales'));
    await first.type('Before reload');
    first.unmount();
    const second = await mount({ storage, room });
    await second.settle();
    expect(second.fake.created).toEqual([]);
    const text = second.log().textContent!;
    expect(text.match(/Before reload/g)).toHaveLength(1);
    expect(text.match(/Talk to sales/g)).toHaveLength(1);
  });

  it('takes the focus when the visitor opens the window, never when a reload restores it open', async () => {
    const storage = new MemoryStorage();
    const room = new FakeRoom();
    const first = await mount({ storage, room });
    await first.click(first.byLabel('Open chat')!);
    await first.click(first.button('Talk to sales'));
    expect(document.activeElement).toBe(first.byLabel('Message'));
    first.unmount();
    const outside = document.body.appendChild(document.createElement('button'));
    outside.focus();
    // What chat.tsx does after a reload or a navigation with the window left open.
    const second = await mount({ storage, room });
    expect(second.model.open.value).toBe(true);
    await act(async () => second.model.toggle(true, false));
    await second.settle();
    await second.settle();
    expect(second.byLabel('Message')).not.toBeNull();
    expect(document.activeElement).toBe(outside);
    expect(second.container.contains(document.activeElement)).toBe(false);
    // Minimized and opened again by the visitor: now the focus may go in.
    await second.click(second.byLabel('Minimize chat')!);
    await second.click(second.byLabel('Open chat')!);
    await second.settle();
    expect(document.activeElement).toBe(second.byLabel('Message'));
    outside.remove();
  });

  it('a window restored mid-form does not take the focus until the visitor answers', async () => {
    const storage = new MemoryStorage();
    const first = await mount({ storage, available: false });
    await first.click(first.byLabel('Open chat')!);
    await first.click(first.button('Talk to sales'));
    expect(first.byLabel('Message')!.tagName).toBe('INPUT');
    first.unmount();
    const outside = document.body.appendChild(document.createElement('button'));
    outside.focus();
    const second = await mount({ storage, available: false });
    await act(async () => second.model.toggle(true, false));
    await second.settle();
    expect(document.activeElement).toBe(outside);
    await second.type('Ada');
    expect((second.byLabel('Message') as HTMLInputElement).type).toBe('email');
    expect(document.activeElement).toBe(second.byLabel('Message'));
    outside.remove();
  });

  it('speaks French from the browser language or data-lang', async () => {
    expect(pickLanguage(undefined, 'fr-CA')).toBe('fr');
    expect(pickLanguage('en', 'fr-FR')).toBe('en');
    expect(pickLanguage('fr', 'en-US')).toBe('fr');
    expect(pickLanguage(undefined, 'de-DE')).toBe('en');
    const ui = await mount({ lang: 'fr' });
    await ui.click(ui.byLabel('Ouvrir le chat')!);
    expect(ui.byLabel('Réduire le chat')).not.toBeNull();
    await ui.click(ui.button('Talk to sales'));
    expect(ui.button('Envoyer')).toBeDefined();
    expect((ui.byLabel('Message') as HTMLTextAreaElement).placeholder).toBe('Écrivez un message…');
  });
});
