// Runs in the page (bundled by sidepanel-render.mjs): the real side panel components and models,
// laid out as App lays them out, timed from "data in hand" to the frame that shows it.
import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import { decode, Limits, WorkspaceServerMessage, PROTOCOL_VERSION, defaultNotificationSettings } from '../../protocol';
import { ConversationClient } from '../../models/conversation-client';
import { DetailsDraft } from '../../models/details-draft';
import { buildFolders, type Folders } from '../../models/inbox';
import { filterConversations } from '../../models/inbox-search';
import { MemoryTransport } from '../../models/memory-transport';
import type { OpenChat } from '../../models/panel-model';
import { WorkspaceClient } from '../../models/workspace-client';
import { ChatView } from '../../ui/sidepanel/ChatView';
import { ConversationList } from '../../ui/sidepanel/ConversationList';
import { FolderTabs } from '../../ui/sidepanel/FolderTabs';
import { SearchField } from '../../ui/sidepanel/SearchField';
import { chatWelcome, ME, summaries } from './sidepanel-render-fixtures';

const root = () => document.getElementById('app')!;
const agent = { ...ME, email: 'ada@example.com', role: 'admin' as const, manageLiveChat: true, online: true, status: 'online' as const, revoked: false };

/**
 * Resolves after the next frame has been rendered: the rAF callback runs just before the frame's
 * style, layout and paint, and a message posted from it is handled right after them.
 */
const nextFrame = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    }),
  );
const settle = async () => {
  await new Promise((r) => setTimeout(r, 0));
  await nextFrame();
};

function Panel({ folders, chat }: { folders: Folders; chat?: OpenChat }) {
  return (
    <div class={`app${chat ? ' has-chat' : ''}`}>
      <div class="layout">
        <nav class="inbox" aria-label="Conversations">
          <FolderTabs folders={folders} current="unassigned" onChange={() => {}} />
          <ConversationList items={folders.unassigned} selectedId={chat?.id ?? null} label="Unassigned" onOpen={() => {}} />
        </nav>
        {chat ? <ChatView key={chat.id} chat={chat} me={agent} agents={[agent]} focused={true} onBack={() => {}} onReassign={async () => {}} /> : null}
      </div>
    </div>
  );
}

/** (1) The index is in memory (the workspace client's Map): folders, first render, next frame. */
async function inbox(n: number) {
  render(null, root());
  const index = new Map(summaries(n).map((c) => [c.id, c]));
  await settle();
  const t0 = performance.now();
  const folders = buildFolders(index.values(), ME.id);
  const t1 = performance.now();
  render(<Panel folders={folders} />, root());
  const t2 = performance.now();
  const t3 = await nextFrame();
  const rows = root().querySelectorAll('[role=option]').length;
  if (rows === 0 || folders.unassigned.length + folders.mine.length + folders.closed.length !== n) throw new Error('inbox did not render');
  return { foldersMs: t1 - t0, renderMs: t2 - t1, totalMs: t3 - t0, rows };
}

const query = signal('');
function SearchPanel({ folders }: { folders: Folders }) {
  const items = filterConversations(folders.unassigned, query.value);
  const searching = query.value.trim() !== '';
  return (
    <div class="app">
      <div class="layout">
        <nav class="inbox" aria-label="Conversations">
          <FolderTabs folders={folders} current="unassigned" onChange={() => {}} />
          <SearchField value={query.value} onInput={(v) => (query.value = v)} matches={searching ? items.length : null} onLeave={() => {}} />
          <ConversationList items={items} selectedId={null} label="Unassigned" empty={searching ? null : undefined} query={query.value.trim()} onOpen={() => {}} />
        </nav>
      </div>
    </div>
  );
}

/**
 * (1b) Search: filterConversations over the whole n-chat index, first with fresh summaries (each one folded:
 * the first keystroke after a welcome) then again (folded keys cached), and in the panel, each keystroke of
 * `typed` set on the search signal until the next rendered frame (the Unassigned folder: a third of n).
 */
async function search(n: number, typed: string[]) {
  render(null, root());
  query.value = '';
  const all = summaries(n);
  const t0 = performance.now();
  const cold = filterConversations(all, typed[0]!).length;
  const t1 = performance.now();
  filterConversations(all, typed[1] ?? typed[0]!);
  const t2 = performance.now();
  if (cold === 0) throw new Error('search matched nothing');
  const folders = buildFolders(all, ME.id);
  render(<SearchPanel folders={folders} />, root());
  await settle();
  const keystrokes: number[] = [];
  for (const q of [...typed, '']) {
    const k0 = performance.now();
    query.value = q;
    keystrokes.push((await nextFrame()) - k0);
  }
  const rows = root().querySelectorAll('[role=option]').length;
  if (rows === 0) throw new Error('search did not restore the list');
  return { coldMs: t1 - t0, warmMs: t2 - t1, matches: cold, keystrokes };
}

/** (2) A chat panel open and waiting for its room; the welcome with `n` entries arrives on the socket. */
async function chat(n: number, small: number, opts: { scrollBack?: boolean } = {}) {
  render(null, root());
  const transport = new MemoryTransport();
  const client = new ConversationClient({ transport, token: async () => 'token' });
  const draft = new DetailsDraft(`c${n}`, (patch) => client.updateDetails(patch));
  const stopLoad = effect(() => {
    const details = client.details.value;
    if (details) draft.load(details);
  });
  const open: OpenChat = { id: `c${n}`, client, draft, dispose: () => (stopLoad(), draft.dispose(), client.close()) };
  render(<Panel folders={buildFolders(summaries(small).values(), ME.id)} chat={open} />, root());
  transport.open();
  const raw = chatWelcome(open.id, n);
  await settle();
  if (transport.ofType('hello').length !== 1) throw new Error('no hello sent');

  const t0 = performance.now();
  transport.listeners.forEach((l) => l.message?.(raw)); // what the socket does with the frame's text
  const t1 = performance.now();
  await null; // Preact renders signal updates in a microtask queued before this one
  const t2 = performance.now();
  const t3 = await nextFrame();
  const list = root().querySelector<HTMLElement>('.transcript');
  // In view = the newest entry's bottom edge inside the transcript's box.
  const atEnd = () => {
    const newest = list?.querySelectorAll('li.msg, li.event');
    const last = newest?.[newest.length - 1];
    return !!list && !!last && last.getBoundingClientRect().bottom <= list.getBoundingClientRect().bottom + 1;
  };
  // The newest line is what the agent needs to see: wait (a few frames at most) until it is in view.
  let t4 = t3;
  for (let i = 0; i < 10 && !atEnd(); i++) {
    await new Promise((r) => setTimeout(r, 0));
    t4 = await nextFrame();
  }
  const items = root().querySelectorAll('.transcript > li.msg, .transcript > li.event').length;
  if (client.entries.value.length !== n || !atEnd()) throw new Error(`chat did not render: ${client.entries.value.length} entries held, at end ${atEnd()} (${list?.scrollTop}+${list?.clientHeight} of ${list?.scrollHeight}, doc ${document.scrollingElement?.scrollTop})`);
  const scrolledBack = opts.scrollBack && list ? await scrollBack(list) : null;
  open.dispose();
  return { scrolledBack, decodeMs: t1 - t0, renderMs: t2 - t1, firstFrameMs: t3 - t0, totalMs: t4 - t0, framesToEnd: t4 === t3 ? 1 : 2, items, frameChars: raw.length };
}

/** Scrolls to the top until every entry is rendered; checks the line in view never moves when older ones join. */
async function scrollBack(list: HTMLElement) {
  const count = () => list.querySelectorAll('li.msg, li.event').length;
  let steps = 0;
  let jumps = 0;
  for (let before = -1; count() !== before && steps < 100; steps++) {
    before = count();
    const anchor = list.querySelector('li.msg, li.event')!;
    list.scrollTop = 0;
    const top = anchor.getBoundingClientRect().top; // scroll events come later, with the next frame
    await nextFrame();
    await nextFrame();
    if (count() !== before && Math.abs(anchor.getBoundingClientRect().top - top) > 1) jumps++;
  }
  return { steps, rendered: count(), jumps };
}

/** Informational: the workspace welcome that carries the index, as the real client receives it. */
async function workspaceWelcome(n: number) {
  const frame = { type: 'welcome', v: PROTOCOL_VERSION, workspaceId: 'w', me: agent, agents: [agent], conversations: summaries(n), playbooks: [], settings: defaultNotificationSettings(), replies: [] };
  const raw = JSON.stringify(frame);
  const t0 = performance.now();
  const decoded = decode(WorkspaceServerMessage, raw, Number.POSITIVE_INFINITY);
  const decodeMs = performance.now() - t0;
  if (!decoded.ok) throw new Error(`workspace welcome invalid: ${decoded.error.message}`);
  const transport = new MemoryTransport();
  const ws = new WorkspaceClient({ transport, token: async () => 'token' });
  transport.open();
  await settle();
  transport.listeners.forEach((l) => l.message?.(raw));
  const accepted = ws.conversations.value.size === n;
  ws.close();
  return { decodeMs, frameChars: raw.length, limit: Limits.frameChars, acceptedByWorkspaceClient: accepted };
}

(window as unknown as Record<string, unknown>).bench = { inbox, search, chat, workspaceWelcome };
