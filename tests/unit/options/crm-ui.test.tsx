// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { App } from '../../../ui/options/App';
import { textsIn, type Language } from '../../../models/i18n';
import { useLocale } from '../../helpers/extension-i18n';

const [en, fr] = [textsIn('en').options, textsIn('fr').options];
let restore: (() => void) | undefined;
import { OptionsModel } from '../../../models/options/options-model';
import type { IntentView } from '../../../protocol';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

type Sent = { type: string; ref: string; [k: string]: any };
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

async function mount(lang: Language = 'en', me = agent({ role: 'admin' })) {
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
  });
  /** Answers the last frame of `type` the page sent, as the room would. */
  const answer = (type: string, frame: Record<string, unknown>) =>
    act(async () => {
      const sent = room.ofType<Sent>(type).at(-1);
      if (!sent) throw new Error(`the page sent no ${type}`);
      room.push({ ...frame, ref: sent.ref });
      await settle();
    });
  return { el, room, answer, section: (id: string) => el.querySelector<HTMLElement>(`section#${id}`)! };
}

const field = (scope: ParentNode, text: string) => {
  const label = [...scope.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  if (!label) throw new Error(`no label "${text}"`);
  return scope.querySelector(`[id="${label.htmlFor}"]`) as HTMLInputElement;
};
const button = (scope: ParentNode, name: string) => {
  const b = [...scope.querySelectorAll('button')].find((x) => x.textContent?.trim() === name);
  if (!b) throw new Error(`no button "${name}"`);
  return b;
};
const radio = (scope: ParentNode, name: string) => [...scope.querySelectorAll('label')].find((l) => l.textContent?.startsWith(name))!.querySelector('input')!;
const type = (input: HTMLInputElement, value: string) =>
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
const failed: IntentView = {
  id: 'conv:c1:lead',
  source: 'conversation',
  item: 'lead',
  title: 'Vera lead',
  target: 'pipedrive',
  status: 'failed',
  attempts: 1,
  nextAt: null,
  lastError: 'Pipedrive refused: title is required',
  done: [],
  result: null,
  createdAt: 1_700_000_000_002,
  updatedAt: 1_700_000_000_002,
};

describe('CRM section', () => {
  it('never shows a stored token: the field stays empty and a note says one is saved', async () => {
    const { answer, section } = await mount();
    await answer('crm-get', { type: 'crm-settings', settings: { kind: 'pipedrive', domain: 'acme', tokenSet: true } });
    const s = section('crm');
    expect(radio(s, 'Pipedrive').checked).toBe(true);
    expect(field(s, 'Company domain').value).toBe('acme');
    const token = field(s, 'API token');
    expect(token.type).toBe('password');
    expect(token.value).toBe('');
    expect(s.textContent).toContain('A token is saved');
  });

  it('shows the connection test result and the server’s field errors next to the fields', async () => {
    const { room, answer, section } = await mount();
    await answer('crm-get', { type: 'crm-settings', settings: { kind: 'builtin' } });
    const s = section('crm');
    expect([...s.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Test connection'); // nothing to test for the built-in store
    await act(() => radio(s, 'Pipedrive').click());
    await type(field(s, 'Company domain'), 'acme');
    await act(() => button(s, 'Save').click());
    expect(s.textContent).toContain('Paste the API token from Pipedrive');
    expect(room.ofType('crm-save')).toEqual([]);

    await type(field(s, 'API token'), 'pd0123456789abcdef0123');
    await act(() => button(s, 'Test connection').click());
    expect(room.ofType<Sent>('crm-test').at(-1)?.settings).toEqual({ kind: 'pipedrive', domain: 'acme', apiToken: 'pd0123456789abcdef0123' });
    await answer('crm-test', { type: 'crm-test-result', ok: true, message: 'Connected to acme.pipedrive.com as Fake Owner' });
    expect(s.querySelector('.test-result')?.textContent).toBe('Connection OK: Connected to acme.pipedrive.com as Fake Owner');

    await act(() => button(s, 'Save').click());
    await answer('crm-save', { type: 'error', code: 'invalid-field', message: 'Bad domain', fields: { domain: 'Unknown company' } });
    const domain = field(s, 'Company domain');
    expect(domain.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(domain.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toBe('Unknown company');
  });

  it('clears the typed secret once saved and says a secret is stored', async () => {
    const { room, answer, section } = await mount();
    await answer('crm-get', { type: 'crm-settings', settings: { kind: 'builtin' } });
    const s = section('crm');
    await act(() => radio(s, 'Webhook').click());
    expect(s.textContent).toContain('HMAC-SHA256');
    await type(field(s, 'Webhook URL'), 'https://crm.example.com/in');
    await act(() => button(s, 'Generate a secret').click());
    const secret = field(s, 'Signing secret').value;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await act(() => button(s, 'Save').click());
    expect(room.ofType<Sent>('crm-save').at(-1)?.settings).toEqual({ kind: 'webhook', url: 'https://crm.example.com/in', secret });
    await answer('crm-save', { type: 'ok' });
    await act(async () => room.push({ type: 'crm-settings', settings: { kind: 'webhook', url: 'https://crm.example.com/in', secretSet: true } }));
    expect(field(s, 'Signing secret').value).toBe('');
    expect(s.textContent).toContain('A secret is saved');
    expect(s.querySelector('[role="status"]:not(.test-result)')?.textContent).toBe('CRM settings saved.');
  });

  it('is for admins only: an agent sees a notice and asks nothing', async () => {
    const { room, section } = await mount('en', agent({ role: 'agent', manageLiveChat: true }));
    expect(section('crm').textContent).toContain('Only admins manage the CRM.');
    expect(section('records').textContent).toContain('Only admins manage the CRM.');
    expect(room.sent.filter((f) => /crm|records/.test((f as Sent).type))).toEqual([]);
  });
});

describe('Records section', () => {
  it('lists records, loads more, retries a failed create and downloads the export', async () => {
    const { room, answer, section } = await mount('fr');
    const s = section('records');
    await answer('records-list', { type: 'records', records: [{ kind: 'person', id: 'per_1', title: 'Vera', createdAt: 1_700_000_000_005, data: { email: 'vera@example.com' } }], more: true, cursor: 'rec:000000000000005:per_1' });
    await answer('crm-intents-get', { type: 'crm-intents', intents: [failed] });
    expect([...s.querySelectorAll('tbody tr')].map((r) => r.textContent)).toEqual([expect.stringContaining('PersonneVeravera@example.com')]);

    await act(() => button(s, 'Charger plus').click());
    expect(room.ofType<Sent>('records-list').at(-1)).toMatchObject({ cursor: 'rec:000000000000005:per_1' });
    await answer('records-list', { type: 'records', records: [{ kind: 'lead', id: 'lea_0', title: 'Old lead', createdAt: 1_700_000_000_001, data: {} }], more: false });
    expect(s.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(() => button(s, 'Charger plus')).toThrow();

    const item = s.querySelector('li[data-status="failed"]')!;
    expect(item.textContent).toContain('Pipedrive refused: title is required');
    await act(() => button(item, 'Réessayer').click());
    expect(room.ofType<Sent>('crm-retry').at(-1)).toMatchObject({ id: 'conv:c1:lead' });
    await answer('crm-retry', { type: 'ok' });
    await act(async () => room.push({ type: 'crm-intent', intent: { ...failed, status: 'created', result: { kind: 'lead', id: 'u1', title: 'Vera lead', url: 'https://acme.pipedrive.com/leads/inbox/u1' } } }));
    const done = s.querySelector('li[data-status="created"]')!;
    expect(done.querySelector('a')?.getAttribute('href')).toBe('https://acme.pipedrive.com/leads/inbox/u1');
    expect(done.querySelector('button')).toBeNull();

    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (blobs.push(b as Blob), 'blob:x'));
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    await act(() => button(s, 'Exporter en CSV').click());
    await answer('records-export', { type: 'records-export', format: 'csv', filename: 'baton-records-acme.csv', content: 'kind,id\r\nperson,per_1\r\n' });
    expect(clicked).toEqual(['baton-records-acme.csv']);
    expect(await blobs[0]!.text()).toBe('kind,id\r\nperson,per_1\r\n');
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    expect(s.textContent).toContain('baton-records-acme.csv téléchargé.');
  });
});

describe('Records section opened from a side panel link (#records/<id>)', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));
  const rec = (id: string, title: string, createdAt: number) => ({ kind: 'lead', id, title, createdAt: 1_700_000_000_000 + createdAt, data: {} });

  it('marks and focuses the linked row; not on the first page: says so and offers Load more', async () => {
    history.replaceState(null, '', '#records/lea_AAAAAAAAAAAA');
    const { room, answer, section } = await mount();
    const s = section('records');
    await answer('records-list', { type: 'records', records: [rec('lea_BBBBBBBBBBBB', 'Newer', 9)], more: true, cursor: 'rec:000000000000009:lea_BBBBBBBBBBBB' });
    const notice = s.querySelector('p.notice[role="status"]')!;
    expect(notice.textContent).toContain('The linked record is not among the records loaded yet.');
    expect([...s.querySelectorAll('button')].filter((b) => b.textContent === 'Load more')).toHaveLength(1);
    expect(s.querySelector('tr[aria-current]')).toBeNull();

    await act(() => button(notice, 'Load more').click());
    expect(room.ofType<Sent>('records-list').at(-1)).toMatchObject({ cursor: 'rec:000000000000009:lea_BBBBBBBBBBBB' });
    await answer('records-list', { type: 'records', records: [rec('lea_AAAAAAAAAAAA', 'Vera – sofa', 5)], more: false });
    const row = s.querySelector<HTMLElement>('tr[aria-current="true"]')!;
    expect(row.dataset.id).toBe('lea_AAAAAAAAAAAA');
    expect(row.classList.contains('highlight')).toBe(true);
    expect(document.activeElement).toBe(row);
    expect(s.querySelector('p.notice')).toBeNull();
    expect(s.querySelectorAll('tr.highlight')).toHaveLength(1);
  });

  it('says when the record is not in the store at all (French); another hash unmarks', async () => {
    history.replaceState(null, '', '#records/lea_ZZZZZZZZZZZZ');
    const { answer, section } = await mount('fr');
    const s = section('records');
    await answer('records-list', { type: 'records', records: [rec('lea_BBBBBBBBBBBB', 'Newer', 9)], more: false });
    expect(s.querySelector('p.notice')!.textContent).toBe('La fiche liée n’est pas dans le stockage intégré.');
    await act(() => {
      history.replaceState(null, '', '#records/lea_BBBBBBBBBBBB');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(s.querySelector<HTMLElement>('tr[aria-current="true"]')!.dataset.id).toBe('lea_BBBBBBBBBBBB');
    expect(s.querySelector('p.notice')).toBeNull();
  });

  it('without a record hash, nothing is marked', async () => {
    const { answer, section } = await mount();
    await answer('records-list', { type: 'records', records: [rec('lea_BBBBBBBBBBBB', 'Newer', 9)], more: true, cursor: 'c' });
    expect(section('records').querySelector('tr[aria-current], p.notice')).toBeNull();
  });
});
