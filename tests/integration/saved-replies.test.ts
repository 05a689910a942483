import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, addAgent, setupWorkspace, type Frame } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const shortcuts = (list: Frame[]) => list.map((r) => r.shortcut);
/** The `replies` frame received after index `from`. */
const repliesAfter = (c: Client, from: number) => c.next((f) => f.type === 'replies', 10_000, from);

test('saved replies: create, update and delete reach a second agent; the welcome carries them', async () => {
  const { ws, adminToken } = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', ws);
  const first = await admin.open(adminToken);
  expect(first.replies).toEqual([]);
  const bob = await addAgent(server, ws, admin, 'Bob Plain');
  const bobWs = new Client(server, 'workspace', ws);
  await bobWs.open(bob.token);

  let mark = bobWs.frames.length;
  const created = await admin.request({ type: 'reply-save', reply: { shortcut: 'Price', text: 'Our plans start at 49 €/month.' } });
  expect(created.type).toBe('ok');
  const id = created.id as string;
  expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  let seen = await repliesAfter(bobWs, mark);
  expect(seen.replies).toEqual([{ id, shortcut: 'price', text: 'Our plans start at 49 €/month.', updatedAt: expect.any(Number) }]);

  mark = bobWs.frames.length;
  expect((await admin.request({ type: 'reply-save', reply: { shortcut: 'hello', text: 'Hi! How can I help?' } })).type).toBe('ok');
  seen = await repliesAfter(bobWs, mark);
  expect(shortcuts(seen.replies)).toEqual(['hello', 'price']); // by shortcut

  mark = bobWs.frames.length;
  expect((await admin.request({ type: 'reply-save', reply: { id, shortcut: 'pricing', text: 'From 49 €/month, billed yearly.' } })).id).toBe(id);
  seen = await repliesAfter(bobWs, mark);
  expect(seen.replies.find((r: Frame) => r.id === id)).toMatchObject({ shortcut: 'pricing', text: 'From 49 €/month, billed yearly.' });
  expect(seen.replies).toHaveLength(2);

  // A new socket gets the list in its welcome.
  const late = new Client(server, 'workspace', ws);
  expect(shortcuts((await late.open(bob.token)).replies)).toEqual(['hello', 'pricing']);

  mark = bobWs.frames.length;
  expect((await admin.request({ type: 'reply-delete', id })).type).toBe('ok');
  seen = await repliesAfter(bobWs, mark);
  expect(shortcuts(seen.replies)).toEqual(['hello']);
  expect((await admin.request({ type: 'reply-delete', id })).code).toBe('not-found');
  expect((await admin.request({ type: 'reply-save', reply: { id: 'nope', shortcut: 'x', text: 'y' } })).code).toBe('not-found');
  for (const c of [admin, bobWs, late]) c.close();
});

test('a plain agent may not save or delete (forbidden, list unchanged); manageLiveChat agents may', async () => {
  const { ws, adminToken } = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', ws);
  await admin.open(adminToken);
  const { id } = await admin.request({ type: 'reply-save', reply: { shortcut: 'hi', text: 'Hello!' } });
  const plain = await addAgent(server, ws, admin, 'Pat Plain');
  const lead = await addAgent(server, ws, admin, 'Lee Lead', { manageLiveChat: true });
  const p = new Client(server, 'workspace', ws);
  await p.open(plain.token);
  const mark = admin.frames.length;
  for (const frame of [
    { type: 'reply-save', reply: { shortcut: 'sneaky', text: 'Nope' } },
    { type: 'reply-save', reply: { id, shortcut: 'hi', text: 'Changed' } },
    { type: 'reply-delete', id },
  ]) {
    const refused = await p.request(frame);
    expect(refused).toMatchObject({ type: 'error', code: 'forbidden' });
  }
  expect(admin.frames.slice(mark).some((f) => f.type === 'replies')).toBe(false);
  const again = new Client(server, 'workspace', ws);
  expect((await again.open(plain.token)).replies).toEqual([{ id, shortcut: 'hi', text: 'Hello!', updatedAt: expect.any(Number) }]);

  const l = new Client(server, 'workspace', ws);
  await l.open(lead.token);
  expect((await l.request({ type: 'reply-save', reply: { id, shortcut: 'hi', text: 'Hello there!' } })).type).toBe('ok');
  expect((await l.request({ type: 'reply-delete', id })).type).toBe('ok');
  for (const c of [admin, p, again, l]) c.close();
});

test('duplicate shortcuts (any case) and bad input are refused with typed errors; nothing changes', async () => {
  const { ws, adminToken } = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', ws);
  await admin.open(adminToken);
  const { id } = await admin.request({ type: 'reply-save', reply: { shortcut: 'price', text: 'A' } });
  const other = await admin.request({ type: 'reply-save', reply: { shortcut: 'demo', text: 'B' } });
  const mark = admin.frames.length;

  const dup = await admin.request({ type: 'reply-save', reply: { shortcut: 'PRICE', text: 'C' } });
  expect(dup).toMatchObject({
    type: 'error',
    code: 'invalid-field',
    problem: { code: 'reply-duplicate' },
    fields: { 'reply.shortcut': 'Another saved reply uses this shortcut' },
    problems: { 'reply.shortcut': { code: 'reply-duplicate' } },
  });
  // Renaming another reply onto a used shortcut is a duplicate too; keeping one's own is not.
  expect((await admin.request({ type: 'reply-save', reply: { id: other.id, shortcut: 'price', text: 'B' } })).code).toBe('invalid-field');
  expect((await admin.request({ type: 'reply-save', reply: { id, shortcut: 'price', text: 'A2' } })).type).toBe('ok');

  const bad = [
    [{ shortcut: 'has space', text: 'x' }, 'reply.shortcut'],
    [{ shortcut: '', text: 'x' }, 'reply.shortcut'],
    [{ shortcut: 'a'.repeat(33), text: 'x' }, 'reply.shortcut'],
    [{ shortcut: 'émoji', text: 'x' }, 'reply.shortcut'],
    [{ shortcut: 'ok', text: '   ' }, 'reply.text'],
    [{ shortcut: 'ok', text: 'x'.repeat(4_001) }, 'reply.text'],
  ] as const;
  for (const [reply, field] of bad) {
    const refused = await admin.request({ type: 'reply-save', reply });
    expect(refused.code, JSON.stringify(reply).slice(0, 60)).toBe('invalid-field');
    expect(Object.keys(refused.fields)).toContain(field);
  }
  expect((await admin.request({ type: 'reply-save', reply: { shortcut: 'ok', text: 'x', extra: 1 } })).code).toBe('invalid-frame');
  expect((await admin.request({ type: 'reply-save' })).code).toBe('invalid-frame');
  expect((await admin.request({ type: 'reply-delete', id: '../x' })).code).toBe('invalid-frame');
  // 32 characters and 4,000 characters are fine.
  expect((await admin.request({ type: 'reply-save', reply: { shortcut: 'a'.repeat(32), text: 'x'.repeat(4_000) } })).type).toBe('ok');

  const listed = admin.frames.slice(mark).filter((f) => f.type === 'replies').at(-1)!;
  expect(shortcuts(listed.replies)).toEqual(['a'.repeat(32), 'demo', 'price']);
  admin.close();
});

/** The whole list a client holds after a welcome and the `replies` pages that follow it. */
function assembled(c: Client, welcome: Frame, from: number): Frame[] {
  const list = [...welcome.replies];
  if (!welcome.repliesMore) return list;
  for (const f of c.frames.slice(from)) {
    if (f.type !== 'replies') continue;
    list.push(...f.replies);
    if (!f.more) break;
  }
  return list;
}

test('the 201st saved reply is refused; a long list comes in pages; replies survive a server restart', async () => {
  const { ws, adminToken } = await setupWorkspace(server);
  const text = (n: number) => (n < 130 ? `Reply ${n}` : `Reply ${n} `.padEnd(4_000, 'é'));
  // Several sockets: each connection has its own rate limit (30 burst). 130 short replies, then 70 of 4,000
  // characters (~290,000 characters in all: more than one page) from fewer sockets, as every change is broadcast.
  const save = (sockets: Client[], from: number, each: number) =>
    Promise.all(
      sockets.map(async (s, i) => {
        for (let j = 0; j < each; j++) {
          const n = from + i * each + j;
          const answer = await s.request({ type: 'reply-save', reply: { shortcut: `r${String(n).padStart(3, '0')}`, text: text(n) } });
          expect(answer).toMatchObject({ type: 'ok' });
        }
      }),
    );
  const short = Array.from({ length: 5 }, () => new Client(server, 'workspace', ws));
  await Promise.all(short.map((s) => s.open(adminToken)));
  await save(short, 0, 26);
  for (const s of short) s.close();
  // Each socket stays within its burst of 30 frames (a refusal for rate names its frame, so it would fail here).
  const long = Array.from({ length: 3 }, () => new Client(server, 'workspace', ws));
  await Promise.all(long.map((s) => s.open(adminToken)));
  await save(long.slice(0, 2), 130, 25);
  await save([long[2]!], 180, 20);
  const full = await long[2]!.request({ type: 'reply-save', reply: { shortcut: 'one-more', text: 'Too many' } });
  expect(full).toMatchObject({ type: 'error', code: 'conflict' });
  expect(full.message).toContain('200');
  // The last change reached the third socket as pages: each but the last has `more`, none is oversized.
  const lastList = (c: Client) => {
    let list: Frame[] = [];
    let continuing = false;
    for (const f of c.frames.filter((x) => x.type === 'replies')) {
      list = continuing ? [...list, ...f.replies] : [...f.replies];
      continuing = !!f.more;
    }
    return list;
  };
  await expect.poll(() => lastList(long[2]!).length).toBe(200);
  for (const f of long[2]!.frames.filter((x) => x.type === 'replies')) expect(JSON.stringify(f).length).toBeLessThan(270_000);
  for (const s of long) s.close();

  await server.restart();
  const after = new Client(server, 'workspace', ws);
  const w = await after.open(adminToken);
  expect(w.repliesMore).toBe(true);
  await after.next((f) => f.type === 'replies' && !f.more);
  for (const f of after.frames.filter((x) => x.type === 'replies')) expect(JSON.stringify(f).length).toBeLessThan(270_000);
  const list = assembled(after, w, 0);
  expect(list.map((r) => r.shortcut)).toEqual(Array.from({ length: 200 }, (_, n) => `r${String(n).padStart(3, '0')}`));
  expect(list.map((r) => r.text)).toEqual(Array.from({ length: 200 }, (_, n) => text(n)));
  // Still full after the restart; a delete makes room.
  expect((await after.request({ type: 'reply-save', reply: { shortcut: 'one-more', text: 'x' } })).code).toBe('conflict');
  expect((await after.request({ type: 'reply-delete', id: list[0]!.id })).type).toBe('ok');
  expect((await after.request({ type: 'reply-save', reply: { shortcut: 'one-more', text: 'x' } })).type).toBe('ok');
  after.close();
});
