import { describe, expect, it, vi } from 'vitest';
import type { WorkspaceFrame } from '../../../models/workspace-client';
import { currentPage, pagesNewestFirst, utmPairs, VisitorHistory } from '../../../models/visitor-history';
import { RequestError } from '../../../models/room-connection';
import { summary } from '../../helpers/extension-fixtures';

function fakeWorkspace() {
  const listeners = new Set<(f: WorkspaceFrame) => void>();
  let settle: { resolve: (v: unknown) => void; reject: (e: unknown) => void } | null = null;
  const requests: unknown[] = [];
  return {
    requests,
    listeners,
    push: (f: WorkspaceFrame) => listeners.forEach((l) => l(f)),
    answer: () => settle!.resolve({ type: 'ok' }),
    refuse: (e: unknown) => settle!.reject(e),
    onFrame(l: (f: WorkspaceFrame) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    request(frame: unknown) {
      requests.push(frame);
      return new Promise((resolve, reject) => (settle = { resolve, reject })) as never;
    },
  };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('VisitorHistory', () => {
  it('asks once for the chat, keeps the answer for that chat only, never lists the chat itself', async () => {
    const ws = fakeWorkspace();
    const h = new VisitorHistory(ws, 'c2');
    expect(ws.requests).toEqual([{ type: 'history-get', conversationId: 'c2' }]);
    expect(h.state.value).toEqual({ state: 'loading' });
    ws.push({ type: 'history', conversationId: 'other', conversations: [{ conversation: summary({ id: 'x' }), outcome: 'deal' }] });
    expect(h.state.value.state).toBe('loading');
    ws.push({ type: 'history', conversationId: 'c2', conversations: [{ conversation: summary({ id: 'c2' }), outcome: 'open' }, { conversation: summary({ id: 'c1' }), outcome: 'lead' }] });
    ws.answer();
    await flush();
    const s = h.state.value;
    expect(s.state === 'loaded' && s.items.map((i) => [i.conversation.id, i.outcome])).toEqual([['c1', 'lead']]);
    h.dispose();
  });

  it('an ok without history is an empty list; a refusal says why; no answer in time is a failure', async () => {
    vi.useFakeTimers();
    try {
      const a = fakeWorkspace();
      const ha = new VisitorHistory(a, 'c1');
      a.answer();
      await vi.advanceTimersByTimeAsync(0);
      expect(ha.state.value).toEqual({ state: 'loaded', items: [] });

      const b = fakeWorkspace();
      const hb = new VisitorHistory(b, 'c1');
      b.refuse(new RequestError('not-found', 'No such conversation'));
      await vi.advanceTimersByTimeAsync(0);
      expect(hb.state.value.state).toBe('failed');
      expect((hb.state.value as { reason: string }).reason).not.toBe('');

      const c = fakeWorkspace();
      const hc = new VisitorHistory(c, 'c1', 1_000);
      await vi.advanceTimersByTimeAsync(999);
      expect(hc.state.value.state).toBe('loading');
      await vi.advanceTimersByTimeAsync(1);
      expect(hc.state.value).toEqual({ state: 'failed', reason: '' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('disposed, it stops listening and ignores a late answer', async () => {
    const ws = fakeWorkspace();
    const h = new VisitorHistory(ws, 'c1');
    h.dispose();
    expect(ws.listeners.size).toBe(0);
    ws.refuse(new Error('gone'));
    await flush();
    expect(h.state.value).toEqual({ state: 'loading' });
  });
});

describe('trail helpers', () => {
  const trail = [
    { url: 'https://a.example/1', at: 1 },
    { url: 'https://a.example/2', at: 2 },
  ];
  it('the current page is the newest; Pages visited newest first, the trail untouched', () => {
    expect(currentPage(trail)!.url).toBe('https://a.example/2');
    expect(currentPage([])).toBeNull();
    expect(pagesNewestFirst(trail).map((p) => p.at)).toEqual([2, 1]);
    expect(trail.map((p) => p.at)).toEqual([1, 2]);
  });
  it('UTM pairs in the usual order, empty ones left out', () => {
    expect(utmPairs({ campaign: 'spring', source: 'news', medium: ' ' })).toEqual([
      ['utm_source', 'news'],
      ['utm_campaign', 'spring'],
    ]);
    expect(utmPairs(undefined)).toEqual([]);
  });
});
