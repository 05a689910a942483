/** Types for demo-site.mjs (plain JS so `node scripts/…` runs it without a build). */
export type DemoSite = { url: string; close: () => Promise<void> };
export function serveDemoSite(options: { port?: number; host?: string; serverUrl: string; workspace: string; playbook: string; identitySecret?: () => Promise<string | undefined> }): Promise<DemoSite>;
export const DEMO_USER_ID: string;
export function userHashOf(secret: string, userId: string): string;
export function strictCsp(serverUrl: string): string;
