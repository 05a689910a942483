// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanIdentity, JsApi, type ApiEvent } from '../../../widget/js-api';
import { mountWidget as mount, unmountWidgets } from '../../helpers/widget-mount';

afterEach(() => {
  unmountWidgets();
  vi.restoreAllMocks();
});

/** The snippet's line, as a site owner pastes it. */
function snippetWindow() {
  const win: { Baton?: unknown } = {};
  win.Baton = function (...args: unknown[]) {
    const b = win.Baton as { q?: unknown[] };
    (b.q = b.q || []).push(args);
  };
  return win;
}

const target = () => ({ show: vi.fn(), identify: vi.fn() });

describe('the JavaScript API (Baton(…))', () => {
  it('replays the calls the snippet queued before the bundle came, then takes the same global over', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const win = snippetWindow();
    const baton = win.Baton as (...a: unknown[]) => void;
    const seen: unknown[] = [];
    baton('identify', { id: 'u_42', name: 'Ada' });
    baton('on', 'opened', (e: unknown) => seen.push(e));
    baton('open');
    const t = target();
    const api = new JsApi(t);
    api.install(win);
    expect(t.identify).toHaveBeenCalledWith({ id: 'u_42', name: 'Ada' });
    expect(t.show).toHaveBeenCalledWith(true);
    expect(win.Baton).not.toBe(baton);
    (win.Baton as (...a: unknown[]) => void)('close');
    expect(t.show).toHaveBeenLastCalledWith(false);
    api.emit('opened');
    expect(seen).toEqual([{}]);
    expect(Object.keys(win)).toEqual(['Baton']);
  });

  it('defines no global when the site did not write the snippet line', () => {
    const win: { Baton?: unknown } = {};
    new JsApi(target()).install(win);
    expect('Baton' in win).toBe(false);
  });

  it('drops hostile calls with a warning: unknown commands, unknown events, non-functions, junk in the queue', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = target();
    const api = new JsApi(t);
    const win = snippetWindow();
    (win.Baton as { q: unknown[] }).q = [null, 42, ['rm -rf'], ['on', 'toString', () => 0], ['on', 'ready', 'alert(1)'], ['identify', 'me'], ['identify', { evil: 1 }]];
    api.install(win);
    expect(t.identify).not.toHaveBeenCalled();
    expect(t.show).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();
  });

  it('bounds the queue it replays and the handlers per event', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = target();
    const api = new JsApi(t);
    const win = snippetWindow();
    (win.Baton as { q: unknown[] }).q = Array.from({ length: 1_000 }, () => ['open']);
    api.install(win);
    expect(t.show).toHaveBeenCalledTimes(100);
    let calls = 0;
    for (let i = 0; i < 50; i++) api.call(['on', 'ready', () => calls++]);
    api.emit('ready');
    expect(calls).toBe(20);
  });

  it("a handler that throws is the site's problem: the others still run", () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const api = new JsApi(target());
    const got: string[] = [];
    api.call(['on', 'chat-ended', () => { throw new Error('site bug'); }]);
    api.call(['on', 'chat-ended', () => got.push('second')]);
    const off = () => got.push('removed');
    api.call(['on', 'chat-ended', off]);
    api.call(['off', 'chat-ended', off]);
    api.emit('chat-ended');
    expect(got).toEqual(['second']);
    expect(error).toHaveBeenCalled();
  });

  it('identify keeps short safe strings of the known fields only; a hash without an id is dropped', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(cleanIdentity({ id: 42, name: ' Ada ', email: 'ada@example.com', phone: '+33 1 23 45 67 89', company: 'ACME', userHash: 'ab'.repeat(32), role: 'admin' })).toEqual({
      id: '42',
      name: 'Ada',
      email: 'ada@example.com',
      phone: '+33 1 23 45 67 89',
      company: 'ACME',
      userHash: 'ab'.repeat(32),
    });
    expect(cleanIdentity({ name: 'x'.repeat(201), company: 'Evil\u202eCorp', email: { toString: () => 'a@b.c' } })).toBeNull();
    expect(cleanIdentity({ name: 'Ada', userHash: 'ab'.repeat(32) })).toEqual({ name: 'Ada' });
    expect(cleanIdentity(null)).toBeNull();
  });
});

describe('the JavaScript API drives the widget', () => {
  it('tells the site: opened, chat started, message received, chat ended; identify reaches the chat once', async () => {
    const events: [ApiEvent, object | undefined][] = [];
    const ui = await mount({ emit: (event, data) => void events.push([event, data]) });
    ui.model.identify({ id: 'u_42', name: 'Ada' });
    expect(ui.fake.identified).toEqual([]); // no chat yet: kept until one starts
    ui.model.show(true);
    await ui.settle();
    await ui.click(ui.button('Talk to sales'));
    ui.room.setState('active', 'Alice');
    ui.room.agentSays('Hello Ada');
    ui.room.append((seq) => ({ kind: 'event', seq, id: `ev${seq}`, event: 'closed', at: 9 }));
    ui.room.setState('closed', 'Alice');
    await ui.settle();
    expect(events.map(([e]) => e)).toEqual(['opened', 'chat-started', 'message-received', 'chat-ended']);
    expect(events[2]![1]).toMatchObject({ text: 'Hello Ada', author: 'Alice' });
    expect(ui.fake.identified).toEqual([{ conversationId: 'conv1', visitorToken: 'visitor-token', identity: { id: 'u_42', name: 'Ada' } }]);
    // The next page calls identify again with the same identity: the room is not asked twice.
    ui.model.identify({ id: 'u_42', name: 'Ada' });
    await ui.settle();
    expect(ui.fake.identified).toHaveLength(1);
    ui.model.show(false);
    expect(events.at(-1)![0]).toBe('closed');
  });
});
