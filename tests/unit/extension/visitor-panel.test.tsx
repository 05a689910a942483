// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyDetails, type ConversationSummary, type ConversationView, type PageView } from '../../../protocol';
import { MemoryTransport } from '../../../models/memory-transport';
import { shortTime } from '../../../models/i18n';
import { PanelModel } from '../../../models/panel-model';
import { saveConnection } from '../../../models/session';
import { StatusPrefs } from '../../../models/status-prefs';
import { App } from '../../../ui/sidepanel/App';
import { whenStarted } from '../../../ui/sidepanel/PreviousConversations';
import { settle, summary, welcome } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

const me = { id: 'a1', name: 'Ada' };
const at = (h: number, m: number) => new Date(2030, 0, 2, h, m).getTime();
const vera = summary({ id: 'v2', visitorName: 'Vera Visitor', status: 'active', assignee: me });
const older = summary({ id: 'v1', visitorName: 'Vera Visitor', status: 'closed', closedAt: at(9, 30), createdAt: at(9, 0), lastMessage: { from: 'visitor', text: 'Do you ship to Lyon?', at: at(9, 1) } });
const conversations = [vera, older];
const viewOf = (c: ConversationSummary, over: Partial<ConversationView> = {}): ConversationView => ({
  ...c,
  workspaceId: 'acme',
  context: { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 'Firefox' },
  answers: {},
  waitUntil: null,
  lastSeq: 0,
  seen: { visitor: 0, agent: 0 },
  ...over,
});

let restore: () => void = () => {};

async function openVera(view: ConversationView = viewOf(vera), lang: 'en' | 'fr' = 'en') {
  restore = useLocale(lang);
  const sockets: MemoryTransport[] = [];
  const model = new PanelModel({
    session: { token: async () => 'tok', invalidate: async () => {} },
    makeTransport: () => {
      const t = new MemoryTransport();
      sockets.push(t);
      return t;
    },
  });
  await model.start();
  const ws = sockets[0]!;
  ws.open();
  await settle();
  ws.push(welcome({ conversations }));
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<App model={model} focused={true} prompt={null} prefs={new StatusPrefs()} onTest={() => new Promise(() => {})} onAllow={() => {}} onRefuse={() => {}} onRevisit={() => {}} onOpenOptions={() => {}} />, el));
  await act(() => model.openChat(view.id));
  const chat = sockets.at(-1)!;
  chat.open();
  await settle();
  await act(() => chat.push({ type: 'welcome', role: 'agent', v: 3, conversation: view, entries: [], details: emptyDetails() }));
  return { model, el, ws, chat };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await saveConnection({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
});
afterEach(() => {
  render(null, document.body.firstElementChild!);
  document.body.innerHTML = '';
  restore();
});

describe('side panel: who the visitor is', () => {
  it('a verified visitor has the Verified badge by the name, named for what it means; no claim is shown', async () => {
    const { el } = await openVera(viewOf({ ...vera, verified: true }, { identity: { verified: true, id: 'u_42', name: 'Vera Visitor', email: 'vera@lyon.example' } }));
    const badge = el.querySelector('.chat-title h2 .badge.verified')!;
    expect(badge.textContent).toContain('Verified');
    expect(badge.getAttribute('aria-label')).toBe('Verified: the site vouched for this identity');
    expect(el.querySelector('.claim')).toBeNull();
  });

  it('an unverified identify is shown as what the visitor says, apart from the details, with no badge', async () => {
    const { el } = await openVera(viewOf(vera, { identity: { verified: false, id: 'u_42', name: 'Vera V.', email: 'vera@lyon.example' } }));
    expect(el.querySelector('.badge.verified')).toBeNull();
    const heading = [...el.querySelectorAll('h4')].find((h) => h.textContent === 'Visitor says (not verified)')!;
    const claim = el.querySelector(`dl[aria-labelledby="${heading.id}"]`)!;
    expect([...claim.querySelectorAll('dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`)).toEqual(['Name: Vera V.', 'Email: vera@lyon.example', 'User id: u_42']);
    // Kept apart: the details panel's fields are not filled by a claim.
    expect(el.querySelector<HTMLInputElement>('.details input[type=email], .details input[name=email]')?.value ?? '').toBe('');
  });
});

describe('side panel: where the visitor went', () => {
  const trail: PageView[] = [
    { url: 'https://shop.example/', title: 'Home', at: at(10, 0) },
    { url: 'https://shop.example/pricing', title: 'Pricing', at: at(10, 2) },
    { url: 'https://shop.example/checkout', at: at(10, 5) },
  ];

  it('shows the current page (the newest of the trail, a link) and Pages visited newest first with times', async () => {
    const { el, chat } = await openVera(viewOf(vera, { context: { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 'Firefox', visit: { landingPage: 'https://shop.example/?utm_source=news', referrer: 'https://search.example/', at: at(9, 58), utm: { source: 'news', campaign: 'spring' } } } }));
    // Before any trail: the page the chat started on.
    expect(el.querySelector('.visitor dl dt')!.textContent).toBe('Page');
    await act(() => chat.push({ type: 'trail', pages: trail }));
    expect(el.querySelector('.visitor dl dt')!.textContent).toBe('Current page');
    const current = el.querySelector<HTMLAnchorElement>('.current-page a')!;
    expect([current.getAttribute('href'), current.textContent, current.getAttribute('rel')]).toEqual(['https://shop.example/checkout', 'https://shop.example/checkout', 'noopener noreferrer']);
    const pages = el.querySelector('details.pages-visited')!;
    expect(pages.querySelector('summary')!.textContent).toBe('Pages visited (3)');
    expect([...pages.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      `${shortTime(at(10, 5))} https://shop.example/checkout`,
      `${shortTime(at(10, 2))} Pricing`,
      `${shortTime(at(10, 0))} Home`,
    ]);
    const heading = [...el.querySelectorAll('h4')].find((h) => h.textContent === 'Visit start')!;
    const visit = el.querySelector(`dl[aria-labelledby="${heading.id}"]`)!;
    expect([...visit.querySelectorAll('dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`)).toEqual([
      'Landing page: https://shop.example/?utm_source=news',
      'Referrer: https://search.example/',
      `Started: ${shortTime(at(9, 58))}`,
      'utm_source: news',
      'utm_campaign: spring',
    ]);
  });

  it('a page URL that is not http(s) is never a link', async () => {
    const { el, chat } = await openVera();
    await act(() => chat.push({ type: 'trail', pages: [{ url: 'javascript:alert(1)', title: 'x', at: at(10, 0) }] }));
    expect(el.querySelector('.current-page')!.textContent).toBe('javascript:alert(1)');
    expect(el.querySelector('.current-page a')).toBeNull();
  });

  it('is translated', async () => {
    const { el, chat } = await openVera(viewOf(vera), 'fr');
    await act(() => chat.push({ type: 'trail', pages: trail }));
    expect(el.querySelector('.visitor dl dt')!.textContent).toBe('Page actuelle');
    expect(el.querySelector('details.pages-visited summary')!.textContent).toBe('Pages visitées (3)');
  });
});

describe('side panel: Previous conversations', () => {
  it('asks history-get for the open chat and lists the answer with date and outcome; a click opens that chat', async () => {
    const { el, ws, model } = await openVera();
    const asked = ws.ofType<{ ref: string; conversationId: string }>('history-get');
    expect(asked.map((f) => f.conversationId)).toEqual(['v2']);
    const section = el.querySelector('section.previous')!;
    expect(section.getAttribute('aria-busy')).toBe('true');
    await act(async () => {
      ws.push({ type: 'history', conversationId: 'v2', conversations: [{ conversation: older, outcome: 'lead' }] });
      ws.push({ type: 'ok', ref: asked[0]!.ref });
      await settle();
    });
    const items = [...section.querySelectorAll('li')];
    expect(items.map((li) => li.textContent)).toEqual([`${whenStarted(at(9, 0))} LeadDo you ship to Lyon?`]);
    expect(whenStarted(at(9, 0))).toMatch(/2030/);
    const open = items[0]!.querySelector('button')!;
    expect(open.getAttribute('aria-label')).toBe(`Open the conversation of ${whenStarted(at(9, 0))} (Lead)`);
    await act(() => open.click());
    expect(model.chat.value?.id).toBe('v1');
  });

  it('says "—" when there are none', async () => {
    const { el, ws } = await openVera();
    const ref = ws.ofType<{ ref: string }>('history-get')[0]!.ref;
    await act(async () => {
      ws.push({ type: 'history', conversationId: 'v2', conversations: [] });
      ws.push({ type: 'ok', ref });
      await settle();
    });
    expect(el.querySelector('section.previous p')!.textContent).toBe('—');
  });

  it('ignores the history of another chat', async () => {
    const { el, ws } = await openVera();
    await act(() => ws.push({ type: 'history', conversationId: 'zz9', conversations: [{ conversation: older, outcome: 'deal' }] }));
    expect(el.querySelector('section.previous li')).toBeNull();
    expect(el.querySelector('section.previous p')!.textContent).toBe('Loading…');
  });
});

describe('side panel: typing preview', () => {
  it('shows the draft under the log as it is typed, muted and not live, gone when cleared (sent)', async () => {
    const { el, chat } = await openVera(viewOf(vera, { answers: { name: 'Vera' } }));
    expect(el.querySelector('.visitor-draft')).toBeNull();
    await act(() => chat.push({ type: 'draft', text: 'Do you del', at: at(10, 0) }));
    const draft = el.querySelector('.visitor-draft')!;
    expect(draft.textContent).toBe('Vera is typing: Do you del');
    expect(draft.getAttribute('aria-live')).toBe('off');
    // Under the log, above the composer.
    expect(draft.parentElement!.classList.contains('chat-main')).toBe(true);
    expect(draft.compareDocumentPosition(el.querySelector('.transcript')!) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
    expect(draft.compareDocumentPosition(el.querySelector('.composer')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await act(() => chat.push({ type: 'draft', text: 'Do you deliver?', at: at(10, 0) }));
    expect(el.querySelector('.visitor-draft')!.textContent).toBe('Vera is typing: Do you deliver?');
    await act(() => chat.push({ type: 'draft', text: '', at: at(10, 1) }));
    expect(el.querySelector('.visitor-draft')).toBeNull();
  });

  it('a closed chat shows no draft left over', async () => {
    const { el, chat } = await openVera();
    await act(() => chat.push({ type: 'draft', text: 'Half a sentence', at: at(10, 0) }));
    expect(el.querySelector('.visitor-draft')).not.toBeNull();
    await act(() => chat.push({ type: 'state', role: 'agent', conversation: viewOf({ ...vera, status: 'closed', closedAt: at(10, 2) }) }));
    expect(el.querySelector('.visitor-draft')).toBeNull();
  });
});

describe('side panel: Block visitor', () => {
  const menuItem = (el: HTMLElement, label: string) => [...el.querySelectorAll<HTMLElement>('[role=menuitem]')].find((b) => b.textContent === label)!;

  it('asks for a reason in a modal dialog (focused), sends block, then says so; Close conversation stays', async () => {
    const { el, ws } = await openVera();
    const menu = el.querySelector<HTMLButtonElement>('button[aria-label="Visitor actions"]')!;
    await act(() => menu.click());
    await act(() => menuItem(el, 'Block visitor').click());
    const dialog = el.querySelector('dialog')!;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.querySelector('h2')!.textContent).toBe('Block this visitor?');
    const reason = dialog.querySelector('textarea')!;
    expect(document.activeElement).toBe(reason);
    expect(dialog.querySelector(`label[for="${reason.id}"]`)!.textContent).toBe('Reason');
    await act(() => {
      reason.value = 'Spam links';
      reason.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click());
    const sent = ws.ofType<{ ref: string; conversationId: string; reason: string }>('block');
    expect(sent.map((f) => [f.conversationId, f.reason])).toEqual([['v2', 'Spam links']]);
    expect(el.querySelector('dialog')).not.toBeNull();
    await act(async () => {
      ws.push({ type: 'ok', ref: sent[0]!.ref, id: 'b1' });
      await settle();
    });
    expect(el.querySelector('dialog')).toBeNull();
    expect(el.querySelector('.notice[role=alert]')!.textContent).toContain('Vera Visitor is blocked: new chats from them are refused. You can close this chat now.');
    expect([...el.querySelectorAll('button')].some((b) => b.textContent === 'Close conversation')).toBe(true);
  });

  it('a refusal is said in the dialog, which stays; Escape cancels without leaving the chat', async () => {
    const { el, ws, model } = await openVera();
    await act(() => el.querySelector<HTMLButtonElement>('button[aria-label="Visitor actions"]')!.click());
    await act(() => menuItem(el, 'Block visitor').click());
    await act(() => el.querySelector<HTMLButtonElement>('dialog button[type=submit]')!.click());
    const ref = ws.ofType<{ ref: string }>('block')[0]!.ref;
    await act(async () => {
      ws.push({ type: 'error', ref, code: 'forbidden', message: 'You may not do that' });
      await settle();
    });
    expect(el.querySelector('dialog [role=alert]')!.textContent).not.toBe('');
    await act(() => void el.querySelector('dialog')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })));
    expect(el.querySelector('dialog')).toBeNull();
    expect(model.chat.value?.id).toBe('v2');
  });

  it('is translated', async () => {
    const { el } = await openVera(viewOf(vera), 'fr');
    await act(() => el.querySelector<HTMLButtonElement>('button[aria-label="Actions sur le visiteur"]')!.click());
    expect(menuItem(el, 'Bloquer le visiteur')).toBeDefined();
  });
});
