import type { TestProject } from 'vitest/node';
import { startServer, type TestServer } from './server';

/**
 * One `partykit dev` with the default settings per test project, shared by the files that need nothing else
 * (`sharedServer()` in server.ts): each of them works in workspaces of its own, so they can't see each other.
 * Files that restart the server, read its logs or change its vars still start their own.
 */
export async function setup(project: TestProject) {
  let server: TestServer | null = await startServer();
  project.provide('sharedServer', { url: server.url, wsUrl: server.wsUrl, host: server.host, port: server.port, persistDir: server.persistDir });
  return async () => {
    await server?.stop();
    server = null;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedServer: { url: string; wsUrl: string; host: string; port: number; persistDir: string };
  }
}
