// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { MessageEntry } from '../../../protocol';
import { eventText, givenName, TranscriptItem } from '../../../ui/sidepanel/TranscriptItem';
import { useLocale } from '../../helpers/extension-i18n';

const message = (from: MessageEntry['from'], text: string): MessageEntry => ({ kind: 'message', seq: 1, id: 'm1', from, text, at: 1_700_000_000_000 });

async function show(from: MessageEntry['from'], text: string): Promise<HTMLElement> {
  const el = document.body.appendChild(document.createElement('ol'));
  await act(() => render(<TranscriptItem e={message(from, text)} seen={false} onRetry={() => {}} />, el));
  return el.querySelector('li')!;
}

const ALLOWED_TAGS = new Set(['LI', 'SPAN', 'TIME', 'DIV', 'P', 'UL', 'STRONG', 'EM', 'A', 'IMG', 'BR']);
const ALLOWED_ATTRS: Record<string, string[]> = { A: ['href', 'target', 'rel'], IMG: ['src', 'alt'], TIME: ['datetime'] };

/** Nothing executable: only known tags, only known attributes (no on*, no style), only safe URLs. */
function assertInert(root: Element) {
  for (const el of root.querySelectorAll('*')) {
    expect(ALLOWED_TAGS.has(el.tagName), `unexpected <${el.tagName}>`).toBe(true);
    for (const attr of el.getAttributeNames()) {
      if (attr === 'class') continue;
      expect(ALLOWED_ATTRS[el.tagName] ?? [], `unexpected ${attr} on <${el.tagName}>`).toContain(attr);
    }
    const href = el.getAttribute('href');
    if (href !== null) {
      expect(href).toMatch(/^(https?:\/\/|mailto:|tel:)/i);
      expect(el.getAttribute('target')).toBe('_blank');
      expect(el.getAttribute('rel')).toBe('noopener noreferrer');
    }
    const src = el.getAttribute('src');
    if (src !== null) expect(src).toMatch(/^https?:\/\//i);
  }
}

let restore: () => void;
beforeAll(() => (restore = useLocale('en')));
afterAll(() => restore());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('side panel transcript: bot messages', () => {
  it('renders the playbook Markdown as elements, not as raw ** and ![…](…)', async () => {
    const li = await show('bot', "We're **online**! ![Team](https://cdn.example.com/team.png)\n\nSee [pricing](https://example.com/pricing) or:\n- *call* us\n- [mail](mailto:sales@example.com)");
    const rich = li.querySelector('.rich')!;
    expect(rich.textContent).not.toContain('**');
    expect(rich.textContent).not.toContain('](');
    expect(rich.querySelector('strong')!.textContent).toBe('online');
    expect(rich.querySelector('em')!.textContent).toBe('call');
    const img = rich.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('https://cdn.example.com/team.png');
    expect(img.getAttribute('alt')).toBe('Team');
    const links = [...rich.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['https://example.com/pricing', 'pricing'],
      ['mailto:sales@example.com', 'mail'],
    ]);
    expect(rich.querySelectorAll('li')).toHaveLength(2);
    assertInert(li);
  });

  const XSS = [
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](jav\tascript:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](vbscript:msgbox(1))',
    '[x](https://ok.example/" onmouseover="alert(1))',
    '![x](javascript:alert(1))',
    '![x](data:image/svg+xml,<svg onload=alert(1)>)',
    '![x" onerror="alert(1)](https://ok.example/a.png)',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '**<svg onload=alert(1)>**',
    '[<img src=x onerror=alert(1)>](https://ok.example/)',
    '[mail](mailto:a@b.co?body=<script>)',
  ];

  it.each(XSS)('keeps %j inert', async (src) => {
    const li = await show('bot', src);
    assertInert(li);
    // Raw markup stays visible text rather than disappearing or becoming elements.
    if (src.startsWith('<')) expect(li.querySelector('.rich')!.textContent).toBe(src);
  });

  it('never makes a link or image out of an unsafe target: the label stays as text', async () => {
    const li = await show('bot', 'Go [here](javascript:alert(1)) ![pic](http:/x) now');
    expect(li.querySelector('a')).toBeNull();
    expect(li.querySelector('img')).toBeNull();
    expect(li.querySelector('.rich')!.textContent).toBe('Go here pic now');
  });
});

describe('side panel transcript: visitor and agent messages', () => {
  it('show Markdown and markup as the text that was typed', async () => {
    for (const from of ['visitor', 'agent'] as const) {
      const li = await show(from, '**hi** <img src=x onerror=alert(1)> [x](https://e.com)');
      expect(li.querySelector('p')!.textContent).toBe('**hi** <img src=x onerror=alert(1)> [x](https://e.com)');
      expect(li.querySelector('strong, img')).toBeNull();
      assertInert(li);
      document.body.innerHTML = '';
    }
  });

  it('make http(s) URLs and email addresses clickable, safely, without trailing punctuation', async () => {
    for (const from of ['visitor', 'agent'] as const) {
      const li = await show(from, 'Order at https://shop.example/p?id=3). Or mail vera@lyon.example, not javascript:alert(1) nor www.x.example');
      const p = li.querySelector('p')!;
      expect(p.textContent).toBe('Order at https://shop.example/p?id=3). Or mail vera@lyon.example, not javascript:alert(1) nor www.x.example');
      expect([...p.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
        ['https://shop.example/p?id=3', 'https://shop.example/p?id=3'],
        ['mailto:vera@lyon.example', 'vera@lyon.example'],
      ]);
      assertInert(li);
      document.body.innerHTML = '';
    }
  });
});

describe('side panel transcript: record events', () => {
  const created = (record: { kind: 'lead' | 'deal'; id: string; title: string; url?: string }) => ({
    kind: 'event' as const,
    seq: 2,
    id: 'ev2',
    event: record.kind === 'lead' ? ('lead-created' as const) : ('deal-created' as const),
    at: 1_700_000_000_000,
    record,
  });
  const mountEvent = async (e: ReturnType<typeof created>) => {
    const el = document.body.appendChild(document.createElement('ol'));
    await act(() => render(<TranscriptItem e={e} seen={false} onRetry={() => {}} />, el));
    return el.querySelector('li')!;
  };

  it('a built-in lead links to the options page, Records section, that record', async () => {
    const a = (await mountEvent(created({ kind: 'lead', id: 'lea_Ab3-_x9QzK0w', title: 'Vera – sofa' }))).querySelector('a')!;
    expect(a.textContent).toBe('Vera – sofa');
    expect(a.getAttribute('href')).toMatch(/^chrome-extension:\/\/[^/]+\/options\.html#records\/lea_Ab3-_x9QzK0w$/);
    expect(a.getAttribute('target')).toBe('_blank');
  });

  it('a Pipedrive deal keeps its own link', async () => {
    const a = (await mountEvent(created({ kind: 'deal', id: '42', title: 'Sofa deal', url: 'https://acme.pipedrive.com/deal/42' }))).querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://acme.pipedrive.com/deal/42');
  });
});

describe('side panel transcript: said once, by name (issue 12)', () => {
  const lead = (title: string, url?: string) => ({
    kind: 'event' as const,
    seq: 2,
    id: 'ev2',
    event: 'lead-created' as const,
    at: 1_700_000_000_000,
    record: { kind: 'lead' as const, id: '7', title, ...(url ? { url } : {}) },
  });

  it('"Lead created: <title>" names the record once, the title itself being the link', async () => {
    const el = document.body.appendChild(document.createElement('ol'));
    await act(() => render(<TranscriptItem e={lead('Jane Doe (Doe Bakery) lead', 'https://acme.pipedrive.com/leads/inbox/7')} seen={false} onRetry={() => {}} />, el));
    const li = el.querySelector('li')!;
    const text = li.textContent!.replace(li.querySelector('time')!.textContent!, '').trim();
    expect(text).toBe('Lead created: Jane Doe (Doe Bakery) lead');
    const links = [...li.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([['Jane Doe (Doe Bakery) lead', 'https://acme.pipedrive.com/leads/inbox/7']]);
    assertInert(li);
  });

  it("the visitor's lines carry the name they gave, and \"Visitor\" only when it is unknown", async () => {
    const who = async (visitor: string | null) => {
      const el = document.body.appendChild(document.createElement('ol'));
      await act(() => render(<TranscriptItem e={message('visitor', 'Do you ship to Lyon?')} seen={false} visitor={visitor} onRetry={() => {}} />, el));
      return el.querySelector('.who')!.textContent;
    };
    expect(await who('Jane Doe')).toBe('Jane Doe');
    expect(await who(null)).toBe('Visitor');
  });

  it('the name given: to the bot first, else in the details; none when both are blank', () => {
    const details = (name: string) => ({ value: { amount: null, currency: 'EUR' }, expectedCloseDate: '', person: { name, email: '', phone: '' }, organization: { name: '', address: '' }, notes: '' });
    expect(givenName({ name: ' Jane Doe ' }, details('Jane D.'))).toBe('Jane Doe');
    expect(givenName({ topic: 'sales' }, details('Jane D.'))).toBe('Jane D.');
    expect(givenName({ name: '  ' }, details(''))).toBeNull();
    expect(givenName({}, null)).toBeNull();
  });

  it("a visitor's rating shows in the timeline with its score and comment (issue 16)", () => {
    const rated = (rating: { score: number; comment?: string }) => eventText({ kind: 'event', seq: 9, id: 'ev9', event: 'rated', at: 1_700_000_000_000, rating });
    // The side panel's wording (branch ins-ui; the line itself also draws the stars and the comment, tested below).
    expect(rated({ score: 4, comment: 'Quick and kind' })).toBe('The visitor rated the chat 4 out of 5. Comment: Quick and kind');
    expect(rated({ score: 2 })).toBe('The visitor rated the chat 2 out of 5');
  });
});

describe('side panel transcript: the visitor’s rating (issue 16)', () => {
  const rated = (score: 1 | 2 | 3 | 4 | 5, comment?: string) => ({
    kind: 'event' as const,
    seq: 9,
    id: 'ev9',
    event: 'rated' as const,
    at: 1_700_000_000_000,
    rating: { score, ...(comment !== undefined ? { comment } : {}) },
  });
  const mount = async (e: ReturnType<typeof rated>) => {
    const el = document.body.appendChild(document.createElement('ol'));
    await act(() => render(<TranscriptItem e={e} seen={false} onRetry={() => {}} />, el));
    return el.querySelector('li')!;
  };

  it('shows the stars (hidden from screen readers), the score in words and the comment as plain text', async () => {
    const li = await mount(rated(4, 'Quick and **kind** https://evil.example <img src=x onerror=alert(1)>'));
    expect(li.querySelector('.stars')!.textContent).toBe('★★★★☆');
    expect(li.querySelector('.stars')!.getAttribute('aria-hidden')).toBe('true');
    expect(li.textContent).toContain('The visitor rated the chat 4 out of 5');
    const comment = li.querySelector('.rating-comment')!;
    expect(comment.textContent).toBe('Quick and **kind** https://evil.example <img src=x onerror=alert(1)>');
    expect(li.querySelectorAll('a, img')).toHaveLength(0);
  });

  it('without a comment: the stars and the words only; the live region says the comment when there is one', async () => {
    const li = await mount(rated(1));
    expect(li.querySelector('.stars')!.textContent).toBe('★☆☆☆☆');
    expect(li.querySelector('.rating-comment')).toBeNull();
    expect(eventText(rated(2))).toBe('The visitor rated the chat 2 out of 5');
    expect(eventText(rated(5, 'Great'))).toBe('The visitor rated the chat 5 out of 5. Comment: Great');
  });

  it('speaks French', async () => {
    const back = useLocale('fr');
    try {
      const li = await mount(rated(3, 'Bien'));
      expect(li.textContent).toContain('Le visiteur a noté la conversation 3 sur 5');
      expect(eventText(rated(3, 'Bien'))).toBe('Le visiteur a noté la conversation 3 sur 5. Commentaire : Bien');
    } finally {
      back();
    }
  });
});
