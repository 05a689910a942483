import { useSignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { AgentPublic, SavedReply } from '../../protocol';
import { displayName } from '../../models/inbox';
import type { OpenChat } from '../../models/panel-model';
import { texts } from '../../models/i18n';
import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import { Boundary } from '../../widget/ui/Boundary';
import { DetailsPanel } from './DetailsPanel';
import { focusFirstShown, focusLost } from './focus';
import { Transcript } from './Transcript';
import { givenName } from './TranscriptItem';
import { PreviousConversations } from './PreviousConversations';
import { VisitorInfo } from './VisitorInfo';

type Props = {
  chat: OpenChat;
  me: AgentPublic | null;
  agents: AgentPublic[];
  focused: boolean;
  onBack: () => void;
  /** Reassigns the chat (PanelModel.reassign): given away, it leaves and the list says where it went. */
  onReassign: (to: string | null, name: string | null) => Promise<unknown>;
  replies?: readonly SavedReply[];
  /** Opens another chat in the panel (a previous conversation of this visitor). */
  onOpen?: (id: string) => void;
  /** Blocks this chat's visitor (PanelModel.blockVisitor). */
  onBlock?: (reason: string) => Promise<unknown>;
};

/**
 * Typing preview: what the visitor is typing, under the log, muted. Not live (aria-live off): a screen reader
 * would read every keystroke; "… is typing" above is the polite announcement. Gone when the draft is cleared (sent).
 */
export function VisitorDraft({ text, visitor }: { text: string; visitor: string }) {
  const t = texts().panel;
  if (!text.trim()) return null;
  return (
    <p class="visitor-draft muted" aria-live="off">
      <span class="draft-who">{t.visitorDraft(visitor)}</span> <span class="draft-text">{text}</span>
    </p>
  );
}

/** Chat and details side by side when the panel is wide; a Chat/Details switch when narrow. */
export function ChatView({ chat, me, agents, focused, onBack, onReassign, replies = [], onOpen, onBlock }: Props) {
  const t = texts().panel;
  const pane = useSignal<'chat' | 'details'>('chat');
  const notice = useSignal<string | null>(null);
  const view = chat.client.view.value;
  const entries = chat.client.entries.value;

  // Seen: only when the agent can actually see the chat.
  useEffect(() => {
    if (focused && pane.value === 'chat') chat.client.markSeen();
  }, [focused, entries.length, pane.value, view?.status]);

  // The focus lost when the chat opens (a narrow panel hides the list), after Assign to me (the button goes)
  // or once closed (the Close button goes): the message box or the heading, or after the close the list (or,
  // narrow, the way back to it).
  const section = useRef<HTMLElement>(null);
  const status = view?.status;
  const before = useRef(status);
  useLayoutEffect(() => {
    const was = before.current;
    before.current = status;
    const el = section.current;
    if (!el || !focusLost()) return;
    if (was && (status === 'closed' || status === 'missed')) focusFirstShown(document.querySelector('.list'), el.querySelector('.back'));
    else focusFirstShown(el.querySelector('.composer textarea'), el.querySelector('.chat-title h2'));
  }, [status, view?.assignee?.id]);

  if (!view) {
    return (
      <section class="chat loading" aria-busy="true">
        <p class="muted">{t.connection.connecting}</p>
      </section>
    );
  }
  return (
    <section ref={section} class="chat" aria-label={displayName(view)} onKeyDown={(e) => e.key === 'Escape' && !e.defaultPrevented && onBack()}>
      <Boundary text={t.itemBroken}>
        <ChatHeader chat={chat} view={view} me={me} agents={agents} onBack={onBack} onNotice={(text) => (notice.value = text)} onReassign={onReassign} onBlock={onBlock} />
      </Boundary>
      {notice.value ? (
        <p class="notice" role="alert">
          {notice.value}
          <button type="button" class="icon-btn" aria-label={t.cancel} onClick={() => (notice.value = null)}>
            ×
          </button>
        </p>
      ) : null}
      <div class="panes" role="tablist" aria-label={t.chat}>
        {(['chat', 'details'] as const).map((p) => (
          <button key={p} type="button" role="tab" aria-selected={pane.value === p} class={`pane-tab${pane.value === p ? ' current' : ''}`} onClick={() => (pane.value = p)}>
            {t[p]}
          </button>
        ))}
      </div>
      <div class={`chat-body show-${pane.value}`}>
        <div class="chat-main">
          <Boundary text={t.itemBroken}>
            <Transcript client={chat.client} visitorName={displayName(view)} visitor={givenName(view.answers, chat.client.details.value)} />
          </Boundary>
          <VisitorDraft text={view.status === 'closed' ? '' : chat.client.visitorDraft.value} visitor={givenName(view.answers, chat.client.details.value) ?? displayName(view)} />
          <Boundary text={t.itemBroken}>
            <Composer client={chat.client} mine={view.status === 'active' && !!me && view.assignee?.id === me.id} replies={replies} />
          </Boundary>
        </div>
        <aside class="chat-side">
          <Boundary text={t.itemBroken}>
            <DetailsPanel chat={chat} onNotice={(text) => (notice.value = text)} />
          </Boundary>
          <Boundary text={t.itemBroken}>
            <VisitorInfo context={view.context} answers={view.answers} presence={chat.client.visitorPresence.value} trail={chat.client.trail.value} identity={view.identity} />
          </Boundary>
          {chat.history && onOpen ? (
            <Boundary text={t.itemBroken}>
              <PreviousConversations history={chat.history} onOpen={onOpen} />
            </Boundary>
          ) : null}
        </aside>
      </div>
    </section>
  );
}
