import { useLayoutEffect, useRef } from 'preact/hooks';
import type { PanelModel } from '../../models/panel-model';
import type { PromptState } from '../../models/notification-permission';
import type { NotifyTestReport } from '../../models/notification-test';
import type { StatusPrefs } from '../../models/status-prefs';
import { texts } from '../../models/i18n';
import { Boundary } from '../../widget/ui/Boundary';
import { ChatView } from './ChatView';
import { ConversationList } from './ConversationList';
import { FolderTabs } from './FolderTabs';
import { focusFirstShown, focusLost } from './focus';
import { Footer, NotifyBanner } from './Footer';
import { SearchField } from './SearchField';

export type AppProps = {
  model: PanelModel;
  focused: boolean;
  prompt: PromptState | null;
  /** Idle detection's setting and state, for the footer's status control and drawer. */
  prefs: StatusPrefs;
  /** Asks for the notifications permission (inside the click); resolves once the browser answered. */
  onAllow: () => Promise<unknown> | void;
  onRefuse: () => void;
  onRevisit: () => void;
  onOpenOptions: () => void;
  /** `Test notifications` (inside the click). */
  onTest: () => Promise<NotifyTestReport>;
};

export function App({ model, focused, prompt, prefs, onAllow, onRefuse, onRevisit, onOpenOptions, onTest }: AppProps) {
  const t = texts().panel;
  const searchInput = useRef<HTMLInputElement>(null);
  // The open chat went away (reassigned to someone else, hidden): the focus it had goes to the list.
  const chatId = model.chat.value?.id ?? null;
  const lastChat = useRef(chatId);
  useLayoutEffect(() => {
    const had = lastChat.current;
    lastChat.current = chatId;
    if (had && !chatId && focusLost()) focusFirstShown(document.querySelector('.list'));
  }, [chatId]);
  if (model.configured.value === null) return null;
  const ws = model.workspace.value;
  if (!model.configured.value || !ws || ws.status.value === 'not-configured') {
    return (
      <main class="connect">
        <h1>{t.notConnectedTitle}</h1>
        <p>{t.notConnectedBody}</p>
        <button type="button" class="btn primary" onClick={onOpenOptions}>
          {t.openOptions}
        </button>
      </main>
    );
  }
  if (ws.status.value === 'unauthorized') {
    // Revoked (or a wrong credential): nothing of the inbox or of an open chat stays on screen as if it worked.
    return (
      <main class="connect" role="alert">
        <h1>{t.accessRefusedTitle}</h1>
        <p>{t.accessRefusedBody}</p>
        <button type="button" class="btn primary" onClick={onOpenOptions}>
          {t.openOptions}
        </button>
      </main>
    );
  }
  const chat = model.chat.value;
  const folder = model.folder.value;
  const folders = model.folders.value;
  const search = model.search.value;
  const searching = search.trim() !== '';
  const items = model.visible.value;
  // `/` in the list or the tabs (which take no text, and use no printable key) jumps to the search.
  const onInboxKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || target.closest('input, textarea, [contenteditable]')) return;
    e.preventDefault();
    searchInput.current?.focus();
    searchInput.current?.select();
  };
  return (
    <div class={`app${chat ? ' has-chat' : ''}`}>
      {ws.status.value === 'connected' && prompt === 'ask' ? <NotifyBanner onAllow={() => void onAllow()} onRefuse={onRefuse} /> : null}
      <main class="layout">
        <h1 class="visually-hidden">{t.panelHeading}</h1>
        <nav class="inbox" aria-label={t.conversations} onKeyDown={onInboxKey}>
          {model.handedOff.value ? <HandedOff {...model.handedOff.value} onDismiss={() => (model.handedOff.value = null)} /> : null}
          <FolderTabs folders={folders} current={folder} onChange={(f) => (model.folder.value = f)} />
          <SearchField
            inputRef={searchInput}
            value={search}
            onInput={(v) => (model.search.value = v)}
            matches={searching ? items.length : null}
            onLeave={() => document.querySelector<HTMLElement>('.list')?.focus()}
          />
          <Boundary text={t.itemBroken}>
            <ConversationList
              items={items}
              selectedId={chat?.id ?? null}
              label={t.folderNames[folder]}
              empty={searching ? null : undefined}
              query={search.trim()}
              onOpen={(id) => model.openChat(id)}
            />
          </Boundary>
        </nav>
        {chat ? (
          <Boundary key={chat.id} text={t.itemBroken}>
            <ChatView
              chat={chat}
              me={ws.me.value}
              agents={ws.agents.value}
              replies={ws.replies.value}
              focused={focused}
              onReassign={(to, name) => model.reassign(to, name)}
              onOpen={(id) => model.openChat(id)}
              onBlock={(reason) => model.blockVisitor(reason)}
              onBack={() => {
                model.closeChat();
                document.querySelector<HTMLElement>('.list')?.focus();
              }}
            />
          </Boundary>
        ) : null}
      </main>
      <Boundary text={t.itemBroken}>
        <Footer ws={ws} prefs={prefs} prompt={prompt} onRevisit={onRevisit} onTest={onTest} onAllow={onAllow} />
      </Boundary>
    </div>
  );
}

/**
 * Where the chat the agent just gave away went, above the list the panel went back to. It takes the focus
 * (the chat that had it is gone), so a screen reader reads it; Tab goes on to the folders and the list.
 */
function HandedOff({ visitor, to, onDismiss }: { visitor: string; to: string | null; onDismiss: () => void }) {
  const t = texts().panel;
  const box = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => box.current?.focus(), [visitor, to]);
  return (
    <p ref={box} class="notice handed-off" role="status" tabIndex={-1}>
      <span>{to === null ? t.handedOffUnassigned(visitor) : t.handedOff(visitor, to)}</span>
      <button
        type="button"
        class="icon-btn"
        aria-label={t.dismiss}
        onClick={() => {
          onDismiss();
          document.querySelector<HTMLElement>('.list')?.focus();
        }}
      >
        ×
      </button>
    </p>
  );
}
