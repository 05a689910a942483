import { effect, signal } from '@preact/signals';
import type { WidgetConfig } from '../protocol/http';
import type { HoursAnswer } from '../protocol/routing';
import { Attention } from './attention';
import { ChatModel } from './chat-model';
import { BotInterpreter, initialBotState, type BotEffects, type BotState } from './interpreter';
import type { Strings } from './i18n';
import { Outbox, type KeyValue } from './outbox';
import type { Transport } from './socket';
import type { WidgetApi } from './api';
import type { VisitorContext } from '../protocol/model';
import type { Identity } from '../protocol/identity';
import type { ApiEvent } from './js-api';
import { PageBatcher } from './trail';

export type WidgetDeps = {
  api: WidgetApi;
  playbookId: string;
  storage: KeyValue;
  /** localStorage key prefix for this workspace and playbook. */
  key: string;
  strings: Strings;
  connect: (url: string) => Transport;
  context: () => VisitorContext;
  newId: () => string;
  now?: () => number;
  /** This browser's anonymous id for the workspace (previous conversations, blocks). */
  visitorId?: string;
  /** The page the visitor is on (tests give one; absent: no trail). */
  page?: () => { href: string; title: string };
  /** Tells the site's `Baton('on', …)` handlers (js-api.ts). */
  emit?: (event: ApiEvent, data?: object) => void;
};

/** Saved beside the chat's outbox so a reload resumes the bot exactly where it was. */
type Saved = { bot: BotState; handoff: number | null; open?: boolean };

/**
 * The whole widget: the bot (interpreter), then the live chat (chat model) once the live chat card
 * hands over, both persisted. `handoff` is where in the bot transcript the live part is shown.
 */
export class WidgetModel {
  readonly config = signal<WidgetConfig | null>(null);
  readonly unavailable = signal(false);
  /** This site is not among the playbook's Allowed sites: the widget shows nothing at all. */
  readonly off = signal(false);
  readonly bot = signal<BotState>(initialBotState());
  readonly handoff = signal<number | null>(null);
  readonly chat = signal<ChatModel | null>(null);
  readonly open = signal(false);
  /**
   * The visitor opened or used the window on this page (click, key): only then may it take the
   * keyboard focus. A window restored open on a reload or navigation leaves the focus with the page.
   */
  engaged = false;
  /** Chime, mute and the title's unread count. */
  readonly attention: Attention;
  private interpreter: BotInterpreter | null = null;
  /** What the site said with `Baton('identify', …)` on this page: sent to the chat once one exists. */
  private identity: Identity | null = null;
  /** Page views of an open chat, batched for the room (trail.ts). */
  private pages = new PageBatcher((pages) => this.chat.value?.pages(pages) ?? false, () => this.now());
  private disposers: (() => void)[] = [];

  constructor(private readonly deps: WidgetDeps) {
    this.attention = new Attention(deps.storage);
  }

  /** The widget's clock (tests set it). */
  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private get chatKey() {
    return `${this.deps.key}:chat`;
  }

  async init(): Promise<void> {
    let config: WidgetConfig;
    try {
      config = await this.deps.api.config(this.deps.playbookId);
    } catch {
      this.unavailable.value = true;
      return;
    }
    if (config.reason === 'origin-not-allowed') {
      // Baton runs only on the playbook's Allowed sites: no button, no bot, no form that could lose a contact.
      this.off.value = true;
      console.warn(`Baton: this site (${location.origin}) is not in the playbook's Allowed sites, so the chat button is not shown. Add it in Baton's options, Playbooks › Allowed sites.`);
      return;
    }
    this.config.value = config;
    let saved: Saved | null = null;
    try {
      saved = JSON.parse(this.deps.storage.getItem(this.deps.key) ?? 'null') as Saved | null;
    } catch {
      saved = null;
    }
    this.reset(saved);
    // The window stays open across reloads and page navigations, as the visitor left it.
    if (saved?.open) this.open.value = true;
    const box = Outbox.load(this.deps.storage, this.chatKey);
    if (box) this.attach(box);
    if (saved) void this.interpreter!.resume();
  }

  /** Opens or closes the window; the first opening starts the bot. `byVisitor` false: restored, not clicked. */
  toggle(open = !this.open.value, byVisitor = true): void {
    if (byVisitor) this.engaged = open;
    if (open !== this.open.value) this.emit(open ? 'opened' : 'closed');
    this.open.value = open;
    this.save();
    const s = this.bot.value;
    if (open && this.interpreter && s.pc === 0 && s.transcript.length === 0 && s.prompt.kind === 'busy') void this.interpreter.start();
  }

  /** `Baton('open')` / `Baton('close')`: as the launcher does, but the focus stays with the page. */
  show(open: boolean): void {
    if (this.config.value) this.toggle(open, false);
  }

  /** `Baton('identify', …)`: kept for this page; sent to the chat's room now if a chat is on, else when one starts. */
  identify(identity: Identity): void {
    this.identity = identity;
    this.sendIdentity();
  }

  private sendIdentity(): void {
    const box = this.chat.value?.outbox.data;
    if (!box || !this.identity) return;
    // Once per chat and identity: every page of the site calls identify, the room needs it once.
    const key = `${this.deps.key}:id`;
    const sent = JSON.stringify([box.conversationId, this.identity]);
    if (this.deps.storage.getItem(key) === sent) return;
    this.deps.api.identify({ conversationId: box.conversationId, visitorToken: box.token, identity: this.identity }).then(
      () => this.deps.storage.setItem(key, sent),
      (e: { body?: { message?: string } }) => console.warn(`Baton: identify refused: ${e.body?.message ?? e}`),
    );
  }

  /** The visitor is on a page (loaded, or a single-page app's History API change): reported while a chat is open. */
  pageView(url: string, title: string): void {
    const chat = this.chat.value;
    if (chat && chat.status.value !== 'closed') this.pages.view(url, title);
  }

  private emit(event: ApiEvent, data?: object): void {
    this.deps.emit?.(event, data);
  }

  choose = (id: string) => this.act()?.choose(id);
  submit = (text: string) => this.act()?.submit(text);
  retry = () => this.act()?.retry();

  private act() {
    this.engaged = true;
    return this.interpreter;
  }

  /** Forgets the finished chat and runs the playbook again. */
  newChat(): void {
    this.engaged = true;
    this.chat.value?.stop();
    this.chat.value?.outbox.clear();
    this.chat.value = null;
    this.deps.storage.removeItem(this.deps.key);
    this.reset(null);
    void this.interpreter!.start();
  }

  private reset(saved: Saved | null): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    const config = this.config.value!;
    this.bot.value = saved?.bot ?? initialBotState();
    this.handoff.value = saved?.handoff ?? null;
    const onChange = (bot: BotState) => {
      this.bot.value = bot;
      if (bot.prompt.kind === 'live' && this.handoff.value === null) this.handoff.value = bot.transcript.length;
      this.save();
    };
    // "Nobody online" or "closed" at page load may be wrong by the live chat card: the server's answer then decides.
    const tryLive = config.available || config.reason === 'nobody-online' || config.reason === 'closed';
    this.interpreter = new BotInterpreter(config.playbook, tryLive, this.effects(), this.bot.value, onChange, this.deps.strings);
  }

  private save(): void {
    if (!this.interpreter && this.bot.value.transcript.length === 0) return;
    try {
      const saved: Saved = { bot: this.bot.value, handoff: this.handoff.value, open: this.open.value };
      this.deps.storage.setItem(this.deps.key, JSON.stringify(saved));
    } catch {
      // Storage blocked: the chat works for this page view only.
    }
  }

  private effects(): BotEffects {
    const { api, playbookId, context, newId, now = Date.now, visitorId } = this.deps;
    return {
      now,
      newId,
      startLiveChat: async ({ transcript, answers }) => {
        try {
          const res = await api.createConversation({ playbookId, transcript, answers, context: context(), ...(visitorId ? { visitorId } : {}) });
          this.attach(Outbox.create(this.deps.storage, this.chatKey, res.conversationId, res.visitorToken));
          this.emit('chat-started');
          return true;
        } catch (e) {
          // Refused (503 `unavailable`: nobody online now, or outside business hours), rate-limited or a network
          // failure: the offline flow, at once and with no error. The visitor has typed nothing besides the bot's
          // answers, which the offline form sends with a "Try again" on failure; a chat stuck on retries would hold them.
          const hours = (e as { body?: { hours?: HoursAnswer } }).body?.hours;
          return hours?.open === false ? { back: hours.back ?? null } : false;
        }
      },
      closed: () => {
        const h = this.config.value?.hours;
        return h?.open === false && (h.back === undefined || this.now() < h.back) ? { back: h.back ?? null } : null;
      },
      submitOffline: async (req) => {
        // The missed chat this follows, with its token as proof: its agents then see the contact.
        const chat = this.chat.value?.outbox.data;
        await api.offline({ ...req, playbookId, context: context(), ...(chat ? { conversationId: chat.conversationId, visitorToken: chat.token } : {}) });
      },
    };
  }

  private attach(box: Outbox): void {
    const { api, connect, newId, now } = this.deps;
    const chat = new ChatModel(box, () => connect(api.socketUrl(box.data.conversationId)), newId, now);
    this.chat.value = chat;
    chat.onArrive = (fresh) => {
      const said = fresh.filter((e) => e.kind === 'message' && e.from === 'agent');
      if (said.length) this.attention.arrive(said.length, !this.open.value);
      for (const m of said) if (m.kind === 'message') this.emit('message-received', { text: m.text, author: m.authorName ?? null, at: m.at });
      if (fresh.some((e) => e.kind === 'event' && e.event === 'closed')) this.emit('chat-ended');
    };
    chat.start();
    this.sendIdentity();
    const { href, title } = this.deps.page?.() ?? { href: '', title: '' };
    if (href) this.pageView(href, title);
    this.disposers.push(
      effect(() => {
        // Open in a background tab is not seen: no "Seen" for the agent until the visitor comes back.
        chat.visible.value = this.open.value && !this.attention.hidden.value;
        chat.markSeen();
      }),
      effect(() => {
        // Views gathered while connecting (or reconnecting) go once the room has welcomed us.
        if (chat.link.value === 'online') this.pages.flush();
      }),
      effect(() => {
        // Nobody claimed in time: the bot carries on with the offline flow.
        if (chat.status.value === 'missed' && this.bot.value.prompt.kind === 'live') void this.interpreter?.liveChatMissed();
        // Only after a miss is a chat someone has not in live chat: an agent took it for follow-up.
        if (chat.status.value === 'active') this.interpreter?.liveChatTaken();
      }),
    );
  }
}
