// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { App } from '../../../ui/options/App';
import { textsIn, type Language } from '../../../models/i18n';
import { OptionsModel } from '../../../models/options/options-model';
import { maskSecret, VisitorAdmin } from '../../../models/options/visitor-admin';
import type { AgentPublic, BlockEntry } from '../../../protocol';
import { useLocale } from '../../helpers/extension-i18n';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

// Issue 14, the admin's side in the options page: Identity verification, Typing preview, blocked visitors — the
// model against a room played by the test, and the sections through their labels and buttons.

const [en, fr] = [textsIn('en').options, textsIn('fr').options];
type Sent = { type: string; ref: string; [k: string]: any };
const SECRET = 'a'.repeat(60) + '1b2c';
const NEW_SECRET = 'f'.repeat(60) + '9d8e';
const block = (id: string, visitorName: string, at: number): BlockEntry => ({ id, conversationId: `c-${id}`, visitorName, reason: 'Spam links', by: { id: 'a1', name: 'Ada' }, at });

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

async function connected() {
  const room = new MemoryTransport();
  const client = new WorkspaceClient({ transport: room, token: async () => 't' });
  room.open();
  await settle();
  room.push(welcome({ me: agent({ role: 'admin' }) }));
  await settle();
  /** Answers the last `type` the client sent as the room does: `ok` with its ref, then `frame` (if any). */
  const answer = async (type: string, frame?: Record<string, unknown>) => {
    const sent = room.ofType<Sent>(type).at(-1);
    if (!sent) throw new Error(`nothing sent of type ${type}`);
    room.push({ type: 'ok', ref: sent.ref });
    await settle();
    if (frame) room.push(frame);
    await settle();
  };
  return { room, client, answer };
}

describe('VisitorAdmin (model)', () => {
  it('reads the identity when asked, and resolves only once the frame after the ok has arrived', async () => {
    const { room, client, answer } = await connected();
    const admin = new VisitorAdmin(client);
    let done = false;
    const loading = admin.loadIdentity().then(() => (done = true));
    await settle();
    expect(room.ofType('identity-get')).toHaveLength(1);
    room.push({ type: 'ok', ref: room.ofType<Sent>('identity-get')[0]!.ref });
    await settle();
    expect(done).toBe(false);
    expect(admin.identity.value).toBeNull();
    room.push({ type: 'identity', identity: { secret: SECRET, requireVerification: false } });
    await loading;
    expect(admin.identity.value).toEqual({ secret: SECRET, requireVerification: false });
  });

  it('rotates: resolves with the new secret; another admin’s change reaches the signals too', async () => {
    const { client, answer, room } = await connected();
    const admin = new VisitorAdmin(client);
    const rotating = admin.rotate();
    await settle();
    await answer('identity-rotate', { type: 'identity', identity: { secret: NEW_SECRET, requireVerification: false } });
    expect((await rotating).secret).toBe(NEW_SECRET);
    room.push({ type: 'identity', identity: { secret: NEW_SECRET, requireVerification: true } });
    await settle();
    expect(admin.identity.value?.requireVerification).toBe(true);
  });

  it('a refusal rejects (a non-admin’s forbidden) and changes nothing', async () => {
    const { client, room } = await connected();
    const admin = new VisitorAdmin(client);
    const loading = admin.loadVisitors();
    await settle();
    for (const type of ['visitor-settings-get', 'blocks-get']) room.push({ type: 'error', code: 'forbidden', message: 'Only admins', ref: room.ofType<Sent>(type)[0]!.ref });
    await expect(loading).rejects.toMatchObject({ code: 'forbidden' });
    expect(admin.visitorSettings.value).toBeNull();
    expect(admin.blocks.value).toBeNull();
  });

  it('a connection lost between the ok and its frame rejects instead of waiting forever', async () => {
    const { client, room, answer } = await connected();
    const admin = new VisitorAdmin(client);
    const saving = admin.setTypingPreview(true);
    await settle();
    await answer('visitor-settings-save');
    room.drop();
    await expect(saving).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('lists blocks newest first, and forgets the secret when disposed (the connection closed)', async () => {
    const { client, answer } = await connected();
    const admin = new VisitorAdmin(client);
    const loading = admin.loadIdentity();
    await settle();
    await answer('identity-get', { type: 'identity', identity: { secret: SECRET, requireVerification: false } });
    await loading;
    const blocksLoading = admin.loadVisitors();
    await settle();
    await answer('visitor-settings-get', { type: 'visitor-settings', settings: { typingPreview: false } });
    await answer('blocks-get', { type: 'blocks', blocks: [block('b1', 'Old', 1_700_000_000_000), block('b2', 'New', 1_700_000_100_000)] });
    await blocksLoading;
    expect(admin.blocks.value!.map((b) => b.visitorName)).toEqual(['New', 'Old']);
    admin.dispose();
    expect(admin.identity.value).toBeNull();
  });

  it('masks all but the last four digits', () => {
    expect(maskSecret(SECRET)).toBe('••••••••••••1b2c');
    expect(maskSecret(SECRET)).not.toContain('aaaa');
  });
});

async function mount(lang: Language = 'en', me: AgentPublic = agent({ role: 'admin' })) {
  restore = useLocale(lang);
  const room = new MemoryTransport();
  const model = new OptionsModel({
    loadConnection: async () => null,
    connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: me } }),
    disconnect: async () => undefined,
    openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
  });
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<App model={model} />, el));
  await act(async () => {
    await model.connect({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
    room.open();
    await settle();
    room.push(welcome({ me, agents: [me] }));
    await settle();
  });
  /** Answers the last `type` the page sent: `ok`, then the room's frame. */
  const answer = (type: string, frame?: Record<string, unknown>) =>
    act(async () => {
      const sent = room.ofType<Sent>(type).at(-1);
      if (!sent) throw new Error(`the page sent no ${type}`);
      room.push({ type: 'ok', ref: sent.ref });
      await settle();
      if (frame) room.push(frame);
      await settle();
    });
  const section = (id: string) => el.querySelector<HTMLElement>(`section#${id}`)!;
  const button = (scope: ParentNode, name: string) => {
    const b = [...scope.querySelectorAll('button')].find((x) => x.textContent?.trim() === name);
    if (!b) throw new Error(`no button "${name}"`);
    return b;
  };
  const control = (scope: ParentNode, name: string) => {
    const label = [...scope.querySelectorAll('label')].find((l) => l.textContent?.trim() === name);
    if (!label) throw new Error(`no label "${name}"`);
    return label.querySelector('input')!;
  };
  const click = (b: HTMLElement) => act(async () => {
    b.click();
    await settle();
  });
  return { el, room, model, answer, section, button, control, click };
}

describe('Identity verification section', () => {
  it('reads the secret when it opens, shows it masked until Show, and copies it', async () => {
    const p = await mount();
    const s = p.section('identity');
    expect(s.querySelector('h2')!.textContent).toBe('Identity verification');
    expect(p.room.ofType('identity-get')).toHaveLength(1);
    await p.answer('identity-get', { type: 'identity', identity: { secret: SECRET, requireVerification: false } });
    const code = () => s.querySelector('code.secret')!;
    expect(code().getAttribute('data-shown')).toBe('false');
    expect(code().textContent).not.toContain(SECRET);
    expect(code().textContent).toContain('1b2c');
    await p.click(p.button(s, 'Show'));
    expect(code().textContent).toBe(SECRET);
    await p.click(p.button(s, 'Hide'));
    expect(code().textContent).not.toContain(SECRET);

    const writeText = vi.fn(async (_: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await p.click(p.button(s, 'Copy secret'));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(s.querySelector('[role="status"]')!.textContent).toBe(en.identity.copied);
    // The how-to names the three server-side calls.
    expect(s.textContent).toContain("createHmac('sha256', secret).update(id).digest('hex')");
    expect(s.textContent).toContain("hash_hmac('sha256', $id, $secret)");
    expect(s.textContent).toContain('hmac.new(secret.encode(), id.encode(), hashlib.sha256).hexdigest()');
  });

  it('never logs the secret nor stores it anywhere the page can reach', async () => {
    const logged: unknown[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation((...a: unknown[]) => void logged.push(...a));
    const p = await mount();
    await p.answer('identity-get', { type: 'identity', identity: { secret: SECRET, requireVerification: false } });
    await p.click(p.button(p.section('identity'), 'Show'));
    expect(JSON.stringify(logged.map(String))).not.toContain(SECRET);
    expect(JSON.stringify({ ...localStorage })).not.toContain(SECRET);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(SECRET);
  });

  it('Rotate secret asks first (sites must update their server code), then shows the new secret', async () => {
    const p = await mount();
    const s = p.section('identity');
    await p.answer('identity-get', { type: 'identity', identity: { secret: SECRET, requireVerification: false } });
    await p.click(p.button(s, 'Rotate secret'));
    const dialog = s.querySelector('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain('must update its server code');
    expect(p.room.ofType('identity-rotate')).toHaveLength(0);
    await p.click(p.button(dialog, 'Cancel'));
    expect(s.querySelector('[role="alertdialog"]')).toBeNull();
    await p.click(p.button(s, 'Rotate secret'));
    await p.click(p.button(s.querySelector('[role="alertdialog"]')!, 'Rotate secret'));
    expect(p.room.ofType('identity-rotate')).toHaveLength(1);
    await p.answer('identity-rotate', { type: 'identity', identity: { secret: NEW_SECRET, requireVerification: false } });
    await p.click(p.button(s, 'Show'));
    expect(s.querySelector('code.secret')!.textContent).toBe(NEW_SECRET);
    expect(s.querySelector('[role="status"]')!.textContent).toBe(en.identity.rotated);
  });

  it('Require verification saves at once and follows the room', async () => {
    const p = await mount();
    const s = p.section('identity');
    await p.answer('identity-get', { type: 'identity', identity: { secret: SECRET, requireVerification: false } });
    const sw = p.control(s, 'Require verification');
    expect(sw.getAttribute('role')).toBe('switch');
    expect(sw.checked).toBe(false);
    await p.click(sw);
    expect(p.room.ofType<Sent>('identity-save').at(-1)!.requireVerification).toBe(true);
    await p.answer('identity-save', { type: 'identity', identity: { secret: SECRET, requireVerification: true } });
    expect(sw.checked).toBe(true);
    expect(s.querySelector('[role="status"]')!.textContent).toBe(en.identity.requireOn);
  });

  it('an agent sees a notice and the page asks the room nothing', async () => {
    const p = await mount('en', agent({ role: 'agent' }));
    expect(p.section('identity').querySelector('.notice')!.textContent).toBe(en.identity.adminsOnly);
    expect(p.section('identity').querySelector('code.secret')).toBeNull();
    expect(p.section('visitors').querySelector('.notice')!.textContent).toBe(en.visitors.adminsOnly);
    expect([...p.room.sent].map((f) => (f as Sent).type).filter((t) => /identity|visitor-settings|blocks/.test(t))).toEqual([]);
  });

  it('in French', async () => {
    const p = await mount('fr');
    await p.answer('identity-get', { type: 'identity', identity: { secret: SECRET, requireVerification: false } });
    const s = p.section('identity');
    expect(s.querySelector('h2')!.textContent).toBe('Vérification d’identité');
    p.button(s, fr.identity.show);
    p.button(s, fr.identity.rotate);
    p.control(s, fr.identity.require);
  });
});

describe('Visitors section', () => {
  it('Typing preview is off by default, says visitors are told, and saves at once', async () => {
    const p = await mount();
    const s = p.section('visitors');
    await p.answer('visitor-settings-get', { type: 'visitor-settings', settings: { typingPreview: false } });
    const sw = p.control(s, 'Typing preview');
    expect(sw.checked).toBe(false);
    expect(s.textContent).toContain('Visitors are told that the team may see what they type');
    await p.click(sw);
    expect(p.room.ofType<Sent>('visitor-settings-save').at(-1)!.settings).toEqual({ typingPreview: true });
    await p.answer('visitor-settings-save', { type: 'visitor-settings', settings: { typingPreview: true } });
    expect(sw.checked).toBe(true);
    expect(s.querySelector('[role="status"]')!.textContent).toBe(en.visitors.typingOn);
  });

  it('the switch shows the change while it is saved, and goes back when the room refuses it', async () => {
    const p = await mount();
    const s = p.section('visitors');
    await p.answer('visitor-settings-get', { type: 'visitor-settings', settings: { typingPreview: false } });
    const sw = p.control(s, 'Typing preview');
    await p.click(sw);
    expect(sw.checked).toBe(true);
    await act(async () => {
      p.room.push({ type: 'error', code: 'forbidden', message: 'Only admins', ref: p.room.ofType<Sent>('visitor-settings-save').at(-1)!.ref });
      await settle();
    });
    expect(sw.checked).toBe(false);
    expect(s.querySelector('[role="alert"]')!.textContent).toBe(en.errors.forbidden);
  });

  it('lists blocked visitors (reason, who, when) and unblocks one', async () => {
    const p = await mount();
    const s = p.section('visitors');
    expect(s.textContent).toContain(en.visitors.loading);
    await p.answer('blocks-get', { type: 'blocks', blocks: [block('b1', 'Spammy Sam', 1_700_000_000_000), block('b2', 'Rude Rita', 1_700_000_100_000)] });
    const rows = [...s.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual(['Rude Rita', 'Spammy Sam']);
    expect(rows[1]!.textContent).toContain('Spam links');
    expect(rows[1]!.textContent).toContain('Ada');
    expect(rows[1]!.querySelector('td.time')!.textContent).toBe(new Date(1_700_000_000_000).toLocaleString('en'));
    await p.click(p.button(rows[1]!, 'Unblock Spammy Sam'));
    expect(p.room.ofType<Sent>('unblock').at(-1)!.id).toBe('b1');
    await p.answer('unblock', { type: 'blocks', blocks: [block('b2', 'Rude Rita', 1_700_000_100_000)] });
    expect([...s.querySelectorAll('tbody th')].map((th) => th.textContent)).toEqual(['Rude Rita']);
    expect(s.querySelector('[role="status"]')!.textContent).toBe('Spammy Sam unblocked.');
    await p.click(p.button(s, 'Unblock Rude Rita'));
    await p.answer('unblock', { type: 'blocks', blocks: [] });
    expect(s.textContent).toContain(en.visitors.none);
  });

  it('a refusal is said in words', async () => {
    const p = await mount();
    const s = p.section('visitors');
    await act(async () => {
      p.room.push({ type: 'error', code: 'forbidden', message: 'Only admins', ref: p.room.ofType<Sent>('blocks-get').at(-1)!.ref });
      await settle();
    });
    expect(s.querySelector('[role="alert"]')!.textContent).toBe(en.errors.forbidden);
  });
});
