// Types for sidepanel-render.mjs, so tests/bench/main.ts can import it.
type Percentiles = { p50: number; p95: number };

export type SidepanelRenderResult = {
  /** Folders from the 10,000-chat index + first render + the next frame, in ms. */
  inbox: Percentiles & { conversations: number; runs: number; goalMs: number; foldersMs: number; renderMs: number; rowsInDom: number };
  /** Inbox search: filterConversations over the whole index (fresh, then cached folds) and keystroke to next frame, in ms. */
  search: { conversations: number; runs: number; coldMs: number; warmMs: number; keystroke: Percentiles; keystrokes: number };
  /** A chat's welcome (with `messages` entries) through ConversationClient until the frame that shows its newest line, in ms. */
  chat: Percentiles & {
    messages: number;
    runs: number;
    goalMs: number;
    firstFrame: Percentiles;
    decodeMs: number;
    renderMs: number;
    framesToNewest: number;
    itemsInDom: number;
    frameChars: number;
    scrollBack: { steps: number; rendered: number; jumps: number };
  };
  /** The workspace welcome carrying the whole index: its size, its decode time, and whether WorkspaceClient takes it. */
  workspaceWelcome: { decodeMs: number; frameChars: number; limit: number; acceptedByWorkspaceClient: boolean };
};

export function sidepanelRender(options?: { conversations?: number; messages?: number; runs?: number; log?: (line: string) => void }): Promise<SidepanelRenderResult>;
