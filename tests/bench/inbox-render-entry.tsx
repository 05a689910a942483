import { render } from 'preact';
import type { ConversationSummary } from '../../protocol';
import { buildFolders } from '../../models/inbox';
import { ConversationList } from '../../ui/sidepanel/ConversationList';
import { FolderTabs } from '../../ui/sidepanel/FolderTabs';

/** Renders an inbox of `n` conversations the way the side panel does; reports timings to the page. */
(window as unknown as { runBench: (n: number) => Promise<Record<string, number>> }).runBench = async (n: number) => {
  const me = { id: 'a1', name: 'Ada' };
  const now = Date.now();
  const all: ConversationSummary[] = Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    playbookId: 'p',
    status: i % 3 === 0 ? 'waiting' : i % 3 === 1 ? 'active' : 'closed',
    assignee: i % 3 === 1 ? me : null,
    visitorName: i % 5 ? `Visitor ${i}` : '',
    lastMessage: { from: 'visitor', text: `Message number ${i} about pricing and delivery`, at: now - i * 1000 },
    unread: i % 4,
    createdAt: now - i * 2000,
    lastActivityAt: now - ((i * 7919) % n) * 1000,
    closedAt: i % 3 === 2 ? now - i * 500 : null,
  }));
  const map = new Map(all.map((c) => [c.id, c]));
  const t0 = performance.now();
  const folders = buildFolders(map.values(), me.id);
  const t1 = performance.now();
  const root = document.getElementById('app')!;
  render(
    <div style="display:flex;flex-direction:column;height:760px;width:420px">
      <FolderTabs folders={folders} current="unassigned" onChange={() => {}} />
      <ConversationList items={[...folders.unassigned, ...folders.mine, ...folders.closed]} selectedId={null} onOpen={() => {}} label="All" />
    </div>,
    root,
  );
  const t2 = performance.now();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const t3 = performance.now();
  const list = root.querySelector('.list') as HTMLElement;
  const scrolls: number[] = [];
  for (let i = 1; i <= 20; i++) {
    const s = performance.now();
    list.scrollTop = (i * list.scrollHeight) / 21;
    list.dispatchEvent(new Event('scroll'));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    scrolls.push(performance.now() - s);
  }
  return {
    conversations: n,
    foldersMs: t1 - t0,
    renderMs: t2 - t1,
    firstPaintMs: t3 - t0,
    rowsInDom: root.querySelectorAll('[role=option]').length,
    scrollFrameMedianMs: scrolls.sort((a, b) => a - b)[10]!,
  };
};
