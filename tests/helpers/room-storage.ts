import type { TestServer } from './server';

/** Tests only (BATON_TEST_STORAGE=1): everything a room stores, and its alarm (party/test-storage.ts). */
export async function roomStorage(server: TestServer, party: 'workspace' | 'conversation', id: string): Promise<{ storage: Record<string, unknown>; alarm: number | null }> {
  const res = await fetch(`${server.url}/parties/${party}/${encodeURIComponent(id)}/__test-storage`);
  if (!res.ok) throw new Error(`storage dump of ${party}/${id}: ${res.status}`);
  return res.json();
}

/** Tests only: replaces a room's storage (the room reads it at its next start: restart the server). */
export async function loadRoomStorage(server: TestServer, party: 'workspace' | 'conversation', id: string, dump: { storage: Record<string, unknown>; alarm?: number | null }) {
  const res = await fetch(`${server.url}/parties/${party}/${encodeURIComponent(id)}/__test-storage`, { method: 'PUT', body: JSON.stringify(dump) });
  if (!res.ok) throw new Error(`storage load of ${party}/${id}: ${res.status}`);
}

/** Tests only (BATON_TEST_CLOCK=1): the workspace room's clock runs this far ahead (kept across restarts). */
export async function setWorkspaceClock(server: TestServer, ws: string, offsetMs: number) {
  const res = await fetch(`${server.url}/parties/workspace/${encodeURIComponent(ws)}/__test-clock`, { method: 'PUT', body: JSON.stringify({ offsetMs }) });
  if (!res.ok) throw new Error(`test clock of ${ws}: ${res.status}`);
}
