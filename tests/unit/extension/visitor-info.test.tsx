// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Answers, VisitorContext } from '../../../protocol';
import { answerLabel, VisitorInfo } from '../../../ui/sidepanel/VisitorInfo';
import { useLocale } from '../../helpers/extension-i18n';

const context: VisitorContext = { pageUrl: 'https://shop.example/', referrer: '', language: 'fr-FR', userAgent: 'Firefox/128', timezone: 'Europe/Paris' };

async function mount(answers: Answers | undefined, lang: 'en' | 'fr' = 'en') {
  const restore = useLocale(lang);
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<VisitorInfo context={context} answers={answers} />, el));
  restore();
  return el;
}

/** The Answers list as [label, value] pairs, found by its accessible name. */
function answersList(el: HTMLElement, name: string) {
  const heading = [...el.querySelectorAll('h4')].find((h) => h.textContent === name);
  if (!heading) return null;
  const dl = el.querySelector(`dl[aria-labelledby="${heading.id}"]`)!;
  return [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, (dt.nextElementSibling as HTMLElement).textContent]);
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('visitor block: answers', () => {
  it('shows what the visitor answered the bot, keys made readable, in order', async () => {
    const el = await mount({ topic: 'sales', company_size: '11-50', name: 'Vera Visitor' });
    expect(answersList(el, 'Answers')).toEqual([
      ['Topic', 'sales'],
      ['Company size', '11-50'],
      ['Name', 'Vera Visitor'],
    ]);
    // The page, language… are still there, above.
    expect(el.querySelector('dl dt')!.textContent).toBe('Page');
  });

  it('is translated', async () => {
    const el = await mount({ topic: 'ventes' }, 'fr');
    expect(answersList(el, 'Réponses')).toEqual([['Topic', 'ventes']]);
  });

  it('is left out when there are no answers (or only empty ones)', async () => {
    for (const answers of [undefined, {}, { topic: '  ' }] as (Answers | undefined)[]) {
      const el = await mount(answers);
      expect(el.querySelector('h4')).toBeNull();
      document.body.innerHTML = '';
    }
  });

  it('makes an email or URL answer clickable and keeps markup as text', async () => {
    const el = await mount({ email: 'vera@lyon.example', site: 'https://lyon.example', note: '<img src=x onerror=alert(1)> **hi**' });
    const links = [...el.querySelectorAll('.answers a')].map((a) => [a.getAttribute('href'), a.getAttribute('rel')]);
    expect(links).toEqual([
      ['mailto:vera@lyon.example', 'noopener noreferrer'],
      ['https://lyon.example', 'noopener noreferrer'],
    ]);
    expect(el.querySelector('.answers img, .answers strong')).toBeNull();
    expect(answersList(el, 'Answers')!.at(-1)).toEqual(['Note', '<img src=x onerror=alert(1)> **hi**']);
  });

  it('answerLabel turns field keys into words', () => {
    expect(answerLabel('company_size')).toBe('Company size');
    expect(answerLabel('email')).toBe('Email');
    expect(answerLabel('q1__budget_')).toBe('Q1 budget');
  });
});

describe('visitor presence', () => {
  async function mountPresence(presence: Parameters<typeof VisitorInfo>[0]['presence'], lang: 'en' | 'fr' = 'en') {
    const restore = useLocale(lang);
    const el = document.body.appendChild(document.createElement('div'));
    await act(() => render(<VisitorInfo context={context} presence={presence} />, el));
    restore();
    return el.querySelector('[role="status"]')?.textContent ?? null;
  }

  it('says whether the visitor is on the site, and since when they left', async () => {
    expect(await mountPresence({ visitor: 'here', since: 1 })).toBe('On the site now');
    const left = new Date().setHours(14, 2, 0, 0); // today: shown as a time
    expect(await mountPresence({ visitor: 'away', since: left })).toMatch(/^Left the site at (14|0?2).02/);
    expect(await mountPresence({ visitor: 'away', since: null })).toBe('Left the site');
    expect(await mountPresence({ visitor: 'here', since: 1 }, 'fr')).toBe('Sur le site en ce moment');
  });

  it('shows nothing before the room has said', async () => {
    expect(await mountPresence(null)).toBeNull();
  });
});
