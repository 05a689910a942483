// Runs in the page (bundled by insights-render.mjs): the real options page Insights section, its model and the
// workspace client over an in-memory socket, timed from the room's `insights` frame arriving to the frame that
// shows every chart drawn.
import '@preact/signals';
import { render } from 'preact';
import { MemoryTransport } from '../../models/memory-transport';
import { WorkspaceClient } from '../../models/workspace-client';
import { OptionsModel } from '../../models/options/options-model';
import { InsightsSection } from '../../ui/options/InsightsSection';
import { loadCharts } from '../../ui/options/InsightsChart';
import { newBusinessHours, PROTOCOL_VERSION, defaultNotificationSettings } from '../../protocol';
import { makeInsights } from '../helpers/insights-fixtures';

const NOW = Date.UTC(2026, 10, 29, 12, 0);
const me = { id: 'a1', name: 'Ada Admin', email: 'ada@example.com', role: 'admin' as const, manageLiveChat: true, online: true, status: 'online' as const, revoked: false };
const root = () => document.getElementById('app')!;

const nextFrame = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    }),
  );
const tick = () => new Promise((r) => setTimeout(r, 0));

/** Resolves when `test` holds, checking after each task (the section renders on its own schedule). */
async function until(test: () => boolean) {
  for (let i = 0; i < 10_000 && !test(); i++) await tick();
  if (!test()) throw new Error('timed out');
}

let model: OptionsModel | null = null;

/**
 * Mounts a fresh section (a new connection, as opening the page does), answers its `insights-get` with `conversations`
 * chats over `days` days, and times: frame received → figures, tables and charts in the DOM (the charts draw in a
 * layout effect, before paint) → the next rendered frame.
 */
async function run(conversations: number, days: number) {
  render(null, root());
  model?.dispose();
  const room = new MemoryTransport();
  model = new OptionsModel({
    loadConnection: async () => null,
    connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: NOW + 3_600_000, agent: me } }),
    disconnect: async () => undefined,
    openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
  });
  render(<InsightsSection model={model} now={() => NOW} />, root());
  await model.connect({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
  room.open();
  await tick();
  room.push({ type: 'welcome', v: PROTOCOL_VERSION, workspaceId: 'acme', me, agents: [me], conversations: [], playbooks: [], settings: defaultNotificationSettings(), replies: [], routing: { hours: newBusinessHours('Europe/Paris'), defaultMaxChats: 3, teams: [] } });
  await until(() => room.ofType('insights-get').length > 0);
  // Warm the chart chunk as an open page would have it after the first period.
  await loadCharts();
  // The user picks `Last 90 days` (or a custom period of `days` days): that request is the one answered.
  const radio = document.querySelector<HTMLInputElement>(`input[name="insights-period"][value="${days}"]`);
  if (radio) {
    radio.click();
    await until(() => room.ofType('insights-get').length > 1);
  }
  const ask = room.ofType<{ ref: string; from: string; to: string }>('insights-get').at(-1)!;
  const insights = makeInsights({ days, conversations, to: ask.to, timeZone: 'Europe/Paris' });
  const frame = JSON.stringify({ type: 'insights', ref: ask.ref, insights });
  await nextFrame();
  const t0 = performance.now();
  room.listeners.forEach((l) => l.message?.(frame));
  await until(() => document.querySelector('#insights-volume-figures') !== null);
  const t1 = performance.now();
  await until(() => document.querySelectorAll('.chart[data-drawn]').length === 3);
  const t2 = await nextFrame();
  return { totalMs: t2 - t0, domMs: t1 - t0, frameChars: frame.length, nodes: root().querySelectorAll('*').length };
}

declare global {
  interface Window {
    bench: { run: typeof run };
  }
}
window.bench = { run };
