import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { DataAdmin } from '../../../models/options/data-admin';
import { CONVERSATION_CSV_COLUMNS, ExportWriter, conversationCsvRows, exportFilename, type ExportedConversation } from '../../../protocol';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

type Sent = { type: string; ref: string; [k: string]: any };

async function connected() {
  const room = new MemoryTransport();
  const client = new WorkspaceClient({ transport: room, token: async () => 't' });
  room.open();
  await settle();
  room.push(welcome({ me: agent({ role: 'admin' }) }));
  return { room, client, data: new DataAdmin(client, 'ws1', () => Date.UTC(2026, 10, 30)) };
}

const T = Date.UTC(2026, 10, 1);
function conv(id: string, texts: string[]): ExportedConversation {
  return {
    conversation: { id, playbookId: 'demo', status: 'closed', assignee: { id: 'a1', name: 'Ada' }, visitorName: 'Vera', lastMessage: null, unread: 0, createdAt: T, lastActivityAt: T, closedAt: T + 1000, workspaceId: 'ws1', context: { pageUrl: 'https://x.test/', referrer: '', language: 'en', userAgent: 't' }, answers: {}, waitUntil: null, lastSeq: texts.length + 1, seen: { visitor: 0, agent: 0 } },
    details: { person: { name: 'Vera', email: 'vera@example.com', phone: '' }, organization: { name: '', address: '' }, value: { amount: null, currency: 'EUR' }, expectedCloseDate: '', notes: '' },
    entries: [{ kind: 'event', seq: 1, id: 'created', event: 'created', at: T }, ...texts.map((text, i) => ({ kind: 'message' as const, seq: i + 2, id: `m${i}`, from: 'visitor' as const, text, at: T + i }))],
    trail: [],
  } as ExportedConversation;
}

describe('the export file', () => {
  it('JSON: valid, every conversation whole, in the order the pages came', () => {
    const w = new ExportWriter('json', { workspaceId: 'ws1', exportedAt: T });
    w.add([conv('ws1.a', ['hi'])]);
    w.add([conv('ws1.b', ['yo']), conv('ws1.c', [])]);
    const file = JSON.parse(w.finish());
    expect(file).toMatchObject({ format: 'baton-conversations', version: 1, workspaceId: 'ws1' });
    expect(file.conversations.map((c: ExportedConversation) => c.conversation.id)).toEqual(['ws1.a', 'ws1.b', 'ws1.c']);
    expect(file.conversations[0]).toEqual(conv('ws1.a', ['hi']));
  });
  it('CSV: a header, one row per entry; a cell a spreadsheet would run as a formula stays text', () => {
    const rows = conversationCsvRows(conv('ws1.a', ['=HYPERLINK("http://evil.test")', 'line1\nline2']));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(rows[2]).toContain('"line1\nline2"');
    const w = new ExportWriter('csv', { workspaceId: 'ws1', exportedAt: T });
    w.add([conv('ws1.a', ['hi'])]);
    expect(w.finish().split('\r\n')[0]).toBe(CONVERSATION_CSV_COLUMNS.join(','));
  });
  it('names the file after the workspace (or the one conversation) and the day', () => {
    expect(exportFilename('ws/1', 'csv', T)).toBe('baton-conversations-ws_1-2026-11-01.csv');
    expect(exportFilename('ws1', 'json', T, 'ws1.abc')).toBe('baton-conversation-ws1_abc-2026-11-01.json');
  });
});

describe('DataAdmin', () => {
  it('asks page after page from the cursor until the room says it was the last, and counts as it goes', async () => {
    const { room, data } = await connected();
    const file = data.exportFile('json');
    const first = room.last<Sent>();
    expect(first).toMatchObject({ type: 'conversations-export' });
    expect(first.cursor).toBeUndefined();
    room.push({ type: 'conversations-export', ref: first.ref, conversations: [conv('ws1.a', ['hi'])], cursor: 'k1', total: 2 });
    await settle();
    expect(data.progress.value).toEqual({ done: 1, total: 2 });
    const second = room.last<Sent>();
    expect(second.cursor).toBe('k1');
    room.push({ type: 'conversations-export', ref: second.ref, conversations: [conv('ws1.b', ['yo'])], cursor: null, total: 2 });
    const out = await file;
    expect(out).toMatchObject({ filename: 'baton-conversations-ws1-2026-11-30.json', count: 2, type: 'application/json' });
    expect(JSON.parse(out.content).conversations).toHaveLength(2);
    expect(data.progress.value).toBeNull();
  });
  it('a refusal on any page rejects the export, typed; retention and the deletion log follow the room’s frames', async () => {
    const { room, data } = await connected();
    const file = data.exportFile('csv');
    room.push({ type: 'error', ref: room.last<Sent>().ref, code: 'forbidden', message: 'Only admins' });
    await expect(file).rejects.toMatchObject({ code: 'forbidden' });
    room.push({ type: 'retention', retention: { days: 30, lastRunAt: null, lastDeleted: 0, running: false } });
    expect(data.retention.value?.days).toBe(30);
    const erasure = { id: 'e1', at: T, by: { id: 'a1', name: 'Ada' }, subject: 'x'.repeat(43), conversations: 1, records: 0, intents: 0, blocks: 0, failed: 0 };
    const erased = data.erase('vera@example.com');
    expect(room.last<Sent>()).toMatchObject({ type: 'visitor-erase', query: 'vera@example.com' });
    room.push({ type: 'visitor-erased', ref: room.last<Sent>().ref, erasure });
    expect(await erased).toEqual(erasure);
  });
});

describe('a chat exported from the side panel', () => {
  it('is what its agent holds, in the options page export’s format', async () => {
    const { chatExportFile } = await import('../../../models/chat-export');
    const c = conv('ws1.a', ['hi', 'there']);
    const file = chatExportFile({ view: c.conversation, entries: c.entries, details: c.details, trail: c.trail }, 'json', T);
    expect(file.filename).toBe('baton-conversation-ws1_a-2026-11-01.json');
    expect(JSON.parse(file.content).conversations).toEqual([c]);
    const csv = chatExportFile({ view: c.conversation, entries: c.entries, details: null, trail: [] }, 'csv', T);
    expect(csv.content.trim().split('\r\n')).toHaveLength(1 + c.entries.length);
  });
});
