// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { OptionsModel } from '../../../models/options/options-model';
import { InsightsModel } from '../../../models/options/insights-model';
import { InsightsSection } from '../../../ui/options/InsightsSection';
import type { ChartsModule } from '../../../ui/options/InsightsChart';
import type { ChartSpec } from '../../../ui/options/insights-charts';
import { newBusinessHours, type AgentPublic, type Insights } from '../../../protocol';
import { useLocale } from '../../helpers/extension-i18n';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';
import { emptyInsights, makeInsights } from '../../helpers/insights-fixtures';

// Issue 16, the Insights section: what it asks the room for, what it shows for the answer (tiles, each chart's
// figures, the funnel, the agents, the heat map), the empty state, permissions, French, Export CSV.

type Sent = { type: string; ref: string; from?: string; to?: string };
// 29 November 2026, 23:30 UTC: already the 30th in Paris.
const NOW = Date.UTC(2026, 10, 29, 23, 30);

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

/** A chart module that draws nothing but records what it was asked to draw. */
function fakeCharts() {
  const drawn: ChartSpec[] = [];
  const module: ChartsModule = {
    drawChart: (_el, spec) => {
      drawn.push(spec);
      return { resize: () => {}, destroy: () => {} };
    },
  };
  return { drawn, load: () => Promise.resolve(module) };
}

async function mount({ lang = 'en', me = agent({ role: 'admin' }), zone = 'Europe/Paris' }: { lang?: string; me?: AgentPublic; zone?: string | null } = {}) {
  restore = useLocale(lang);
  const room = new MemoryTransport();
  const model = new OptionsModel({
    loadConnection: async () => null,
    connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: NOW + 3_600_000, agent: me } }),
    disconnect: async () => undefined,
    openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
  });
  const charts = fakeCharts();
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<InsightsSection model={model} now={() => NOW} loadCharts={charts.load} />, el));
  await act(async () => {
    await model.connect({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
    room.open();
    await settle();
    room.push(welcome({ me, agents: [me], routing: { hours: zone ? newBusinessHours(zone) : null, defaultMaxChats: 3, teams: [] } }));
    await settle();
  });
  const asked = () => room.ofType<Sent>('insights-get');
  const answer = (insights: Insights) =>
    act(async () => {
      const sent = asked().at(-1);
      if (!sent) throw new Error('the page sent no insights-get');
      room.push({ type: 'insights', ref: sent.ref, insights });
      await settle();
    });
  const section = el.querySelector<HTMLElement>('section#insights')!;
  const radio = (name: string) => {
    const label = [...section.querySelectorAll('label')].find((l) => l.textContent?.trim() === name);
    if (!label) throw new Error(`no choice "${name}"`);
    return label.querySelector('input')!;
  };
  const button = (name: string) => [...section.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
  return { room, model, el, section, asked, answer, radio, button, charts };
}

const rowsOf = (table: Element) => [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent!.trim()));

describe('Insights section', () => {
  it('asks for the last 30 days in the workspace’s zone, says the zone, and shows the figures it gets', async () => {
    const { section, asked, answer, charts } = await mount();
    expect(asked()).toHaveLength(1);
    expect(asked()[0]).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(section.textContent).toContain('Europe/Paris');
    expect(section.textContent).toContain('Loading…');

    const ins = makeInsights({ days: 30, conversations: 3_000, to: '2026-11-30' });
    await answer(ins);
    const tiles = Object.fromEntries([...section.querySelectorAll('.tiles > div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]));
    expect(tiles.Chats).toBe(ins.totals.chats.toLocaleString('en'));
    expect(ins.totals.chats).toBeGreaterThan(2_900);
    expect(tiles.Missed).toBe(ins.totals.missed.toLocaleString('en'));
    expect(section.textContent).toContain('November 1, 2026 to November 30, 2026');

    // Conversations per day: the figures table has every day, each outcome and the total.
    const volume = rowsOf(section.querySelector('#insights-volume-figures')!);
    expect(volume).toHaveLength(30);
    const d0 = ins.days[0]!;
    expect(volume[0]).toEqual(['Sun, Nov 1', String(d0.answered), String(d0.missed), String(d0.offline), String(d0.blocked), (d0.answered + d0.missed + d0.offline).toLocaleString('en')]);
    // The three canvas charts were drawn with the same figures; each has a summary for screen readers.
    expect(charts.drawn.map((s) => s.kind)).toEqual(['stacked-bars', 'lines', 'lines']);
    expect(charts.drawn[0]!.series.at(-1)!.values[0]).toBe(d0.answered);
    const images = [...section.querySelectorAll('.chart[role="img"]')];
    expect(images).toHaveLength(3);
    expect(images[0]!.getAttribute('aria-label')).toContain(`${ins.totals.chats.toLocaleString('en')} conversations over 30 days`);
    expect(images.every((i) => i.hasAttribute('data-drawn'))).toBe(true);

    // Speed figures in words, the funnel's counts and rates, agents, the heat map.
    expect(rowsOf(section.querySelector('#insights-speed-figures')!)[0]![1]).toMatch(/^\d+ s$/);
    const funnel = section.querySelector('.funnel')!.textContent!;
    expect(funnel).toContain(`${ins.totals.leads.toLocaleString('en')} ${Math.round((ins.totals.leads / ins.totals.chats) * 100)}% of chats`);
    expect(section.querySelector('.offline-leads')!.textContent).toContain(`Leads from the offline form: ${ins.totals.offlineLeads}`);
    const agents = rowsOf(section.querySelector('table.per-agent')!);
    expect(agents).toHaveLength(12);
    expect(agents.map((r) => r[0])).toContain('Chloé Dupont');
    const heat = section.querySelector('table.heat')!;
    expect(heat.querySelectorAll('tbody tr')).toHaveLength(7);
    expect(heat.querySelectorAll('tbody td')).toHaveLength(168);
    expect(heat.querySelector('tbody tr td')!.getAttribute('title')).toMatch(/^Monday 00:00: \d+ conversations?$/);
  });

  it('a preset asks again for its days; a custom period is checked before anything is sent', async () => {
    const { asked, radio, section, button, answer } = await mount();
    await answer(makeInsights({ days: 30, conversations: 300, to: '2026-11-30' }));
    await act(async () => {
      radio('Last 7 days').click();
      await settle();
    });
    expect(asked().at(-1)).toMatchObject({ from: '2026-11-24', to: '2026-11-30' });
    await answer(makeInsights({ days: 7, conversations: 70, to: '2026-11-30' }));
    await act(async () => {
      radio('Custom').click();
      await settle();
    });
    const from = section.querySelector<HTMLInputElement>('#insights-from')!;
    const to = section.querySelector<HTMLInputElement>('#insights-to')!;
    expect([from.value, to.value]).toEqual(['2026-11-24', '2026-11-30']);
    await act(async () => {
      from.value = '2026-12-05';
      from.dispatchEvent(new Event('input', { bubbles: true }));
      await settle();
    });
    const before = asked().length;
    await act(async () => {
      button('Show').click();
      await settle();
    });
    expect(asked()).toHaveLength(before);
    expect(section.querySelector('[role="alert"]')!.textContent).toBe('The start date must be on or before the end date.');
    await act(async () => {
      from.value = '2026-10-01';
      from.dispatchEvent(new Event('input', { bubbles: true }));
      await settle();
    });
    await act(async () => {
      button('Show').click();
      await settle();
    });
    expect(asked().at(-1)).toMatchObject({ from: '2026-10-01', to: '2026-11-30' });
    expect(section.querySelector('[role="alert"]')).toBeNull();
  });

  it('no business hours: days in UTC (the 29th, not Paris’s 30th)', async () => {
    const { asked, section } = await mount({ zone: null });
    expect(asked()[0]).toMatchObject({ from: '2026-10-31', to: '2026-11-29' });
    expect(section.textContent).toContain('time zone: UTC');
  });

  it('an empty period says so instead of empty charts, and has nothing to export', async () => {
    const { section, answer, charts, button } = await mount();
    await answer(emptyInsights(30, '2026-11-30'));
    expect(section.querySelector('.empty')!.textContent).toBe('No conversations in this period. The charts fill in as chats come in.');
    expect(section.querySelector('.chart')).toBeNull();
    expect(charts.drawn).toHaveLength(0);
    expect(button('Export CSV').disabled).toBe(true);
  });

  it('an agent without the manage live chat permission is told so and nothing is asked', async () => {
    const { section, asked } = await mount({ me: agent({ role: 'agent', manageLiveChat: false }) });
    expect(section.querySelector('.notice')!.textContent).toContain('manage live chat');
    expect(asked()).toHaveLength(0);
  });

  it('an agent with the permission sees them; a refusal is said in words', async () => {
    const { asked, room, section } = await mount({ me: agent({ role: 'agent', manageLiveChat: true }) });
    expect(asked()).toHaveLength(1);
    await act(async () => {
      room.push({ type: 'error', ref: asked()[0]!.ref, code: 'forbidden', message: 'no' });
      await settle();
    });
    expect(section.querySelector('[role="alert"]')!.textContent).toContain('Not allowed');
  });

  it('Export CSV downloads the figures as one file', async () => {
    const { answer, button, section } = await mount();
    const ins = makeInsights({ days: 30, conversations: 300, to: '2026-11-30' });
    await answer(ins);
    let blob: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:insights';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    await act(async () => {
      button('Export CSV').click();
      await settle();
    });
    expect(clicked).toEqual([`baton-insights-2026-11-01-2026-11-30.csv`]);
    const text = await blob!.text();
    expect(text).toContain('\r\ndays\r\n');
    expect(text).toContain(`\r\n2026-11-01,${ins.days[0]!.answered + ins.days[0]!.missed + ins.days[0]!.offline + ins.days[0]!.blocked},`);
    expect(section.querySelector('[role="status"]')!.textContent).toBe('Saved baton-insights-2026-11-01-2026-11-30.csv.');
  });

  it('redraws the charts with the new colours when the colour scheme flips', async () => {
    const listeners = new Set<() => void>();
    const scheme = { matches: false, addEventListener: (_: string, l: () => void) => listeners.add(l), removeEventListener: (_: string, l: () => void) => listeners.delete(l) };
    vi.spyOn(window, 'matchMedia').mockImplementation(() => scheme as unknown as MediaQueryList);
    const { section, answer, charts } = await mount();
    await answer(makeInsights({ days: 30, conversations: 300, to: '2026-11-30' }));
    const drawnIn = () => [...section.querySelectorAll('.chart')].map((c) => c.getAttribute('data-drawn'));
    expect(drawnIn()).toEqual(['light', 'light', 'light']);
    expect(charts.drawn).toHaveLength(3);
    await act(async () => {
      scheme.matches = true;
      listeners.forEach((l) => l());
      await settle();
    });
    expect(charts.drawn).toHaveLength(6);
    expect(drawnIn()).toEqual(['dark', 'dark', 'dark']);
  });

  it('speaks French', async () => {
    const { section, answer, radio } = await mount({ lang: 'fr' });
    expect(section.querySelector('h2')!.textContent).toBe('Statistiques');
    expect(radio('7 derniers jours')).toBeTruthy();
    const ins = makeInsights({ days: 30, conversations: 3_000, to: '2026-11-30' });
    await answer(ins);
    expect(section.textContent).toContain('Du 1 novembre 2026 au 30 novembre 2026');
    expect(section.querySelector('.chart')!.getAttribute('aria-label')).toContain(`${ins.totals.chats.toLocaleString('fr')} conversations sur 30 jours`);
    expect(section.querySelector('table.heat tbody td')!.getAttribute('title')).toMatch(/^lundi 00:00 : \d+ conversations?$/);
    expect(section.querySelector(".offline-leads")!.textContent).toMatch(/^Prospects du formulaire hors ligne : [\d\u202f]+ \(\d+ % des conversations hors ligne\)$/);
  });
});

describe('InsightsModel', () => {
  it('a newer period wins over an older answer still on the way', async () => {
    const room = new MemoryTransport();
    const client = new WorkspaceClient({ transport: room, token: async () => 't' });
    room.open();
    await settle();
    room.push(welcome({ me: agent({ role: 'admin' }) }));
    await settle();
    const model = new InsightsModel(client, () => NOW);
    const first = model.load({ kind: 'preset', days: 90 });
    const second = model.load({ kind: 'preset', days: 7 });
    const [a, b] = room.ofType<Sent>('insights-get');
    expect([a?.from, b?.from]).toEqual(['2026-09-01', '2026-11-23']);
    room.push({ type: 'insights', ref: b!.ref, insights: makeInsights({ days: 7, conversations: 7, to: '2026-11-29', timeZone: 'UTC' }) });
    room.push({ type: 'insights', ref: a!.ref, insights: makeInsights({ days: 90, conversations: 90, to: '2026-11-29', timeZone: 'UTC' }) });
    await Promise.all([first, second]);
    expect(model.insights.value!.days).toHaveLength(7);
    expect(model.loading.value).toBe(false);
    model.dispose();
  });

  it('a dropped connection or a closed model rejects rather than waits', async () => {
    const room = new MemoryTransport();
    const client = new WorkspaceClient({ transport: room, token: async () => 't' });
    room.open();
    await settle();
    room.push(welcome({ me: agent({ role: 'admin' }) }));
    await settle();
    const model = new InsightsModel(client, () => NOW);
    const dropped = model.load();
    room.drop();
    await expect(dropped).rejects.toMatchObject({ code: 'unavailable' });
    room.open();
    await settle();
    room.push(welcome({ me: agent({ role: 'admin' }) }));
    await settle();
    const closed = model.load();
    model.dispose();
    await expect(closed).rejects.toMatchObject({ code: 'unavailable' });
  });
});
