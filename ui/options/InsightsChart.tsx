import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChartSpec, DrawnChart } from './insights-charts';

export type ChartsModule = { drawChart(el: HTMLElement, spec: ChartSpec, width: number): DrawnChart };
export type LoadCharts = () => Promise<ChartsModule>;

let charts: Promise<ChartsModule> | null = null;
/** uPlot and the drawing code, fetched once, when the first chart is shown (a chunk of the options page only). */
export const loadCharts: LoadCharts = () => (charts ??= import('./insights-charts'));

/** Bumps when the colour scheme flips, so charts redraw with the page's new colours. */
function useScheme(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const mq = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const flip = () => setN((x) => x + 1);
    mq.addEventListener('change', flip);
    return () => mq.removeEventListener('change', flip);
  }, []);
  return n;
}

/**
 * One canvas chart. For screen readers it is an image whose name is `summary` (a sentence of its figures); the
 * figures themselves are in the table the section puts beside it. `data-drawn` marks it once drawn, with the scheme
 * (`light` / `dark`) whose colours it used (tests, bench).
 */
export function Chart({ spec, summary, load = loadCharts }: { spec: ChartSpec; summary: string; load?: LoadCharts }) {
  const box = useRef<HTMLDivElement>(null);
  const scheme = useScheme();
  // Before paint: once uPlot is loaded, the figures and their charts show in the same frame (a microtask away).
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    let drawn: DrawnChart | null = null;
    let stopped = false;
    el.removeAttribute('data-drawn');
    load().then(
      (m) => {
        if (stopped) return;
        try {
          drawn = m.drawChart(el, spec, el.clientWidth);
          // Which scheme's colours it was drawn with (tests and the bench wait on it).
          el.setAttribute('data-drawn', globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
        } catch (e) {
          // No canvas (an old or headless engine): the summary and the figures table still say everything.
          console.log(JSON.stringify({ ev: 'insights-chart-failed', error: String((e as Error)?.name ?? e) }));
        }
      },
      () => console.log(JSON.stringify({ ev: 'insights-charts-unloaded' })),
    );
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => drawn?.resize(el.clientWidth));
    resize?.observe(el);
    return () => {
      stopped = true;
      resize?.disconnect();
      drawn?.destroy();
    };
  }, [spec, scheme, load]);
  return <div class="chart" ref={box} role="img" aria-label={summary} />;
}
