import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { acceptsMessages } from '../../protocol/state-machine';
import type { Strings } from '../i18n';
import { timeline } from '../timeline';
import { backText } from '../hours';
import type { WidgetModel } from '../widget-model';
import { Composer } from './Composer';
import { Boundary } from './Boundary';
import { MessageItem } from './MessageItem';
import { MuteButton } from './MuteButton';
import { Extra, type LoadExtras } from './Extra';

const safeImage = (src?: string) => (src && /^https:\/\/[^\s"'<>\\]+$/i.test(src) ? src : undefined);

/** The chat window: header, the message log (an ARIA live region), then what the visitor can do. */
export function Panel({ model, t, lang, minimize, extras }: { model: WidgetModel; t: Strings; lang: string; minimize: () => void; extras: LoadExtras }) {
  const config = model.config.value!;
  const bot = model.bot.value;
  const chat = model.chat.value;
  const agent = chat?.agent.value ?? null;
  const name = agent ?? config.playbook.botName;
  const items = timeline({
    transcript: bot.transcript,
    handoff: model.handoff.value,
    entries: chat?.entries.value ?? [],
    pending: chat?.pending.value ?? [],
    failed: chat?.failed.value ?? [],
    seenByAgent: chat?.seenByAgent.value ?? 0,
    botName: config.playbook.botName,
    t,
    closed: bot.closed ? { at: bot.closed.at, text: backText(bot.closed.back, model.now(), lang, t) } : null,
    ...(bot.contact.email ? { email: bot.contact.email } : {}),
  });
  const log = useRef<HTMLDivElement>(null);
  const typing = chat?.agentTyping.value ?? false;
  const prompt = bot.prompt;
  const live = prompt.kind === 'live' && chat !== null;
  // The place in line, while nobody has the chat.
  const place = live && (chat.status.value === 'waiting' || chat.status.value === 'unassigned') ? chat.position.value : null;
  const ended = prompt.kind === 'ended' || (live && chat.status.value === 'closed');
  // "Email me this chat": the header's button opens its box (the on-demand chunk) and gets the focus back after.
  // Held as the chat it was opened for, so a new chat starts with the box closed.
  const [mail, setMail] = useState<typeof chat>(null);
  const mailing = !!chat && mail === chat;
  const mailButton = useRef<HTMLButtonElement>(null);
  // "Rate this chat" once the agent closed it, unless rated (kept on screen for its thank-you); a Skip is the chunk's to remember.
  const rating = useRef(false);
  rating.current = ended && chat?.status.value === 'closed' && (!chat.conv.value?.rated || rating.current);
  // Also when what sits below the log changes (choices, the message box, the taller "chat has ended"
  // footer): the log shrinks, and its last line must stay in view above it.
  useLayoutEffect(() => {
    const el = log.current!;
    el.scrollTop = el.scrollHeight;
  }, [items.length, typing, prompt.kind, ended]);
  // Keyboard users: when the visitor opened or used the window on this page, the first choice takes the focus
  // as buttons appear (the window sits before the launcher, so Tab alone would leave the widget); the same
  // after "Start a new chat", whose button disappears when pressed. A window restored on page load stays put.
  const choices = useRef<HTMLDivElement>(null);
  const buttonsKey = prompt.kind === 'buttons' ? prompt.buttons.map((b) => b.id).join(' ') : '';
  useLayoutEffect(() => {
    if (buttonsKey && model.engaged) choices.current?.querySelector('button')?.focus();
  }, [buttonsKey]);
  const avatar = agent ? undefined : safeImage(config.playbook.botAvatar);
  // The chat ended under the visitor's keyboard (the message box went away): "Start a new chat" takes the focus.
  const end = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const a = document.activeElement;
    if (ended && model.engaged && (!a || a === document.body)) end.current?.querySelector('button')?.focus();
  }, [ended]);

  return (
    <section class="panel" role="dialog" aria-label={name} onKeyDown={(e) => e.key === 'Escape' && minimize()}>
      <div class="head">
        {avatar ? <img class="avatar" src={avatar} alt="" /> : <span class="avatar" aria-hidden="true">{name.slice(0, 1).toUpperCase()}</span>}
        {/* The agent's name alone: the playbook's name is the admin's, never shown to a visitor. */}
        <div class="who">
          <b>{name}</b>
        </div>
        {chat && (
          <button type="button" class="min" ref={mailButton} aria-label={t.emailChat} aria-expanded={mailing} onClick={() => setMail(mailing ? null : chat)}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M3 5h18v14H3zm2 2v1l7 5 7-5V7l-7 5z" />
            </svg>
          </button>
        )}
        <MuteButton attention={model.attention} t={t} />
        <button type="button" class="min" aria-label={t.minimize} onClick={minimize}>
          –
        </button>
      </div>
      {chat?.link.value === 'reconnecting' && !ended && (
        <div class="status" role="status">
          {t.reconnecting}
        </div>
      )}
      {live && place !== null && (
        <div class="status" role="status">
          {t.position(place)}
        </div>
      )}
      <div class="log" ref={log} role="log" aria-live="polite" aria-relevant="additions" tabIndex={0}>
        {items.map((item) => (
          <Boundary key={item.key} text={t.broken}>
            <MessageItem item={item} t={t} lang={lang} retry={(id) => chat?.resend(id)} />
          </Boundary>
        ))}
        {typing && !ended && <div class="typing">{t.typing(agent ?? name)}</div>}
      </div>
      {live && chat.preview.value && !ended && <div class="status">{t.preview}</div>}
      {mailing && (
        <Extra load={extras} part="Transcript" props={{ chat, lang, t, close: () => (setMail(null), mailButton.current?.focus()) }} />
      )}
      {ended ? (
        <div class="ended" ref={end}>
          {t.ended}
          {rating.current && (
            <Extra load={extras} part="Rate" props={{ chat: chat!, lang }} />
          )}
          <button type="button" class="new" onClick={() => model.newChat()}>
            {t.newChat}
          </button>
        </div>
      ) : prompt.kind === 'buttons' ? (
        <div class="choices" ref={choices}>
          {prompt.buttons.map((b) => (
            <button type="button" key={b.id} onClick={() => model.choose(b.id)}>
              {b.label}
            </button>
          ))}
        </div>
      ) : prompt.kind === 'retry' ? (
        <div class="ended">
          <span role="alert">{bot.error}</span>
          <button type="button" onClick={() => model.retry()}>
            {t.retry}
          </button>
        </div>
      ) : live ? (
        <Composer mode="chat" t={t} focus={model.engaged} disabled={!acceptsMessages(chat.status.value)} onSubmit={(text) => chat.send(text)} onTyping={(on, text) => chat.setTyping(on, text)} />
      ) : (
        <Composer
          mode={prompt.kind === 'input' ? prompt.field : 'text'}
          required={prompt.kind === 'input' ? prompt.required : true}
          disabled={prompt.kind !== 'input'}
          error={bot.error}
          t={t}
          focus={model.engaged}
          onSubmit={(text) => (model.submit(text), !model.bot.value.error)}
        />
      )}
    </section>
  );
}
