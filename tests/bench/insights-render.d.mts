// Types for insights-render.mjs, so tests/bench/main.ts can import it.
export type InsightsRenderResult = { conversations: number; days: number; runs: number; p50: number; p95: number; domP50: number; goalMs: number };
export function insightsRender(options?: { conversations?: number; days?: number; runs?: number; log?: (line: string) => void; shots?: string }): Promise<InsightsRenderResult>;
