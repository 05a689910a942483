// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageView } from '../../../protocol/trail';
import { PageBatcher, visitStart, watchHistory } from '../../../widget/trail';
import { MemoryStorage } from '../../helpers/widget-fake-room';

afterEach(() => vi.useRealTimers());

describe('the visit start (landing page, referrer, UTM)', () => {
  it('is the first page after 30 minutes of quiet, kept across the pages of the visit', () => {
    const storage = new MemoryStorage();
    const t0 = Date.UTC(2026, 0, 5, 9);
    const first = visitStart(storage, 'v', t0, 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=spring&other=1', 'https://mail.example/');
    expect(first).toEqual({ landingPage: 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=spring&other=1', referrer: 'https://mail.example/', at: t0, utm: { source: 'news', medium: 'email', campaign: 'spring' } });
    // Another page 20 minutes later: the same visit.
    expect(visitStart(storage, 'v', t0 + 20 * 60_000, 'https://shop.example/pricing', 'https://shop.example/')).toEqual(first);
    // 29 minutes after that page: still; then 31 minutes of quiet: a new visit.
    expect(visitStart(storage, 'v', t0 + 49 * 60_000, 'https://shop.example/docs', '')).toEqual(first);
    const next = visitStart(storage, 'v', t0 + 80 * 60_000, 'https://shop.example/blog', 'https://search.example/');
    expect(next).toEqual({ landingPage: 'https://shop.example/blog', referrer: 'https://search.example/', at: t0 + 80 * 60_000 });
  });

  it('bounds what it keeps', () => {
    const got = visitStart(new MemoryStorage(), 'v', 1, `https://shop.example/?utm_term=${'x'.repeat(500)}&${'y'.repeat(3_000)}`, 'z'.repeat(3_000));
    expect(got.landingPage.length).toBe(2_000);
    expect(got.referrer.length).toBe(2_000);
    expect(got.utm!.term!.length).toBe(200);
  });
});

describe('page views in batches', () => {
  it('gathers views for a second, sends them once connected, the same URL twice in a row once, at most 20 kept', () => {
    vi.useFakeTimers();
    const sent: PageView[][] = [];
    let online = false;
    let now = 100;
    const b = new PageBatcher((pages) => (online ? (sent.push(pages), true) : false), () => now++);
    b.view('https://shop.example/a', 'A');
    b.view('https://shop.example/a', 'A again');
    b.view('https://shop.example/b', '');
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([]); // not connected: kept
    online = true;
    b.flush();
    expect(sent).toEqual([[{ url: 'https://shop.example/a', title: 'A', at: 100 }, { url: 'https://shop.example/b', at: 101 }]]);
    for (let i = 0; i < 30; i++) b.view(`https://shop.example/p${i}`, '');
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toHaveLength(20);
    expect(sent[1]![0]!.url).toBe('https://shop.example/p10');
  });
});

describe('single-page apps', () => {
  it('pushState, replaceState and back/forward are seen', () => {
    const seen: string[] = [];
    watchHistory(() => seen.push(location.pathname));
    history.pushState({}, '', '/one');
    history.replaceState({}, '', '/two');
    dispatchEvent(new PopStateEvent('popstate'));
    expect(seen).toEqual(['/one', '/two', '/two']);
  });
});
