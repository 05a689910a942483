/** Types for demo-site.mjs (plain JS so `node scripts/…` runs it without a build). */
export type DemoSite = { url: string; close: () => Promise<void> };
export function serveDemoSite(options: { port?: number; host?: string; serverUrl: string; workspace: string; playbook: string }): Promise<DemoSite>;
export function strictCsp(serverUrl: string): string;
