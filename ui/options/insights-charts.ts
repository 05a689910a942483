import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDuration } from '../../models/options/insights';

/*
 * The Insights section's charts, drawn with uPlot (a canvas chart library, ~51 KB minified, ~22 KB gzip). This
 * module is loaded on demand by the section (a chunk of the options page only; the side panel and the widget never
 * load it). Colours come from the page's CSS custom properties at draw time, so light and dark both read right; the
 * section redraws when the colour scheme changes.
 */

export type ChartSeries = {
  label: string;
  values: (number | null)[];
  /** A CSS custom property holding the colour (`--c-answered`). */
  colour: string;
  dash?: boolean;
};
export type ChartSpec = {
  kind: 'stacked-bars' | 'lines';
  /** Days as UTC midnights, in seconds. */
  x: number[];
  /** For stacked bars: running totals, top of the stack first (each bar is drawn from 0, later ones over it). */
  series: ChartSeries[];
  y: 'count' | 'duration' | 'rating';
  /** Language tag the axis dates are written in. */
  lang: string;
};
export type DrawnChart = { resize(width: number): void; destroy(): void };

const HEIGHT = 220;
/** Y-axis steps uPlot may choose from: whole counts, round durations (seconds), half stars. */
const STEPS = {
  count: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000, 20_000, 50_000, 100_000],
  duration: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400],
  rating: [0.5, 1],
};

/** Whether a series has a value with no value either side: a line cannot show it, a point must. */
const hasLoneValues = (values: (number | null)[]) => values.some((v, i) => v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null);

function colours(el: Element) {
  const css = getComputedStyle(el);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: read('--fg', '#1b1f24'), muted: read('--muted', '#57606a'), line: read('--line', '#d0d7de'), read };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dayLabel(lang: string, seconds: number): string {
  let f = dateFormats.get(lang);
  if (!f) dateFormats.set(lang, (f = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', day: 'numeric', month: 'short' })));
  return f.format(seconds * 1000);
}

/** Draws `spec` into `el` at `width` pixels; the caller destroys it (and redraws for a new scheme or figures). */
export function drawChart(el: HTMLElement, spec: ChartSpec, width: number): DrawnChart {
  const c = colours(el);
  const numbers = new Intl.NumberFormat(spec.lang, { maximumFractionDigits: spec.y === 'rating' ? 1 : 0 });
  const yValues = (_u: uPlot, splits: number[]) => splits.map((v) => (spec.y === 'duration' ? formatDuration(v * 1000) : numbers.format(v)));
  const axis = { stroke: c.muted, grid: { stroke: c.line, width: 1 }, ticks: { stroke: c.line, width: 1 }, font: '12px system-ui, sans-serif' };
  const bars = spec.kind === 'stacked-bars' ? uPlot.paths.bars!({ size: [0.75, 24], align: 0 }) : undefined;
  const options: uPlot.Options = {
    width: Math.max(200, width),
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: spec.kind === 'lines' } },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    scales: {
      x: { time: true, ...(spec.kind === 'stacked-bars' ? { range: (_u, min, max) => [min - 43_200, max + 43_200] as uPlot.Range.MinMax } : {}) },
      y: spec.y === 'rating' ? { range: [1, 5] as uPlot.Range.MinMax } : { range: (_u, _min, max) => [0, Math.max(spec.y === 'duration' ? 60 : 1, max * 1.1)] as uPlot.Range.MinMax },
    },
    axes: [
      { ...axis, values: (_u, splits) => splits.map((s) => dayLabel(spec.lang, s)) },
      { ...axis, values: yValues, incrs: STEPS[spec.y], size: spec.y === 'duration' ? 78 : 48 },
    ],
    series: [
      {},
      ...spec.series.map((s) => {
        const colour = c.read(s.colour, c.fg);
        return spec.kind === 'stacked-bars'
          ? { label: s.label, stroke: colour, fill: colour, width: 0, paths: bars, points: { show: false } }
          : { label: s.label, stroke: colour, width: 2, spanGaps: false, ...(s.dash ? { dash: [6, 4] } : {}), points: { show: spec.x.length <= 31 || hasLoneValues(s.values), size: 6, fill: colour } };
      }),
    ],
  };
  const data = [spec.x, ...spec.series.map((s) => s.values)] as uPlot.AlignedData;
  const chart = new uPlot(options, data, el);
  return {
    resize: (w) => chart.setSize({ width: Math.max(200, w), height: HEIGHT }),
    destroy: () => chart.destroy(),
  };
}
