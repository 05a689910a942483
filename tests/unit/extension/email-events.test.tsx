// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { EventEntry, MessageEntry } from '../../../protocol';
import { eventText, TranscriptItem } from '../../../ui/sidepanel/TranscriptItem';
import { useLocale } from '../../helpers/extension-i18n';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.innerHTML = '';
});

const ev = (event: EventEntry['event'], email?: EventEntry['email']): EventEntry => ({ kind: 'event', seq: 3, id: 'ev3', event, at: 1_700_000_000_000, ...(email ? { email } : {}) });
const msg = (over: Partial<MessageEntry> = {}): MessageEntry => ({ kind: 'message', seq: 4, id: 'm4', from: 'visitor', text: 'Thanks, that works', at: 1_700_000_000_000, ...over });

async function show(e: EventEntry | MessageEntry): Promise<HTMLLIElement> {
  const el = document.body.appendChild(document.createElement('ol'));
  await act(() => render(<TranscriptItem e={e} seen={false} onRetry={() => {}} />, el));
  return el.querySelector('li')!;
}

describe('side panel: email events in the timeline (issue 15)', () => {
  it('says which email, to whom (masked), and how it went, in English', () => {
    restore = useLocale('en');
    const to = 'v***@example.com';
    expect(eventText(ev('email-queued', { kind: 'unseen', to }))).toBe('Email queued: unseen replies to v***@example.com');
    expect(eventText(ev('email-sent', { kind: 'transcript', to }))).toBe('Email sent: transcript to v***@example.com');
    expect(eventText(ev('email-failed', { kind: 'missed', to, reason: '550 mailbox unavailable' }))).toBe('Email failed: missed-chat notice to v***@example.com (550 mailbox unavailable)');
    expect(eventText(ev('email-failed', { kind: 'missed', to }))).toBe('Email failed: missed-chat notice to v***@example.com');
    expect(eventText(ev('email-uncertain', { kind: 'unseen', to }))).toBe('Email may have been sent: unseen replies to v***@example.com (the connection dropped at the end; it is not sent again)');
    expect(eventText(ev('email-unsubscribed'))).toBe('The visitor unsubscribed from this chat’s emails');
  });

  it('in French', () => {
    restore = useLocale('fr');
    const to = 'v***@example.com';
    expect(eventText(ev('email-sent', { kind: 'unseen', to }))).toBe('E-mail envoyé : réponses non vues à v***@example.com');
    expect(eventText(ev('email-failed', { kind: 'transcript', to, reason: 'refusé' }))).toBe('Échec de l’e-mail : transcription à v***@example.com (refusé)');
    expect(eventText(ev('email-unsubscribed'))).toBe('Le visiteur s’est désabonné des e-mails de cette conversation');
  });

  it('is a timeline line like the CRM events: centred event with its time, no button', async () => {
    restore = useLocale('en');
    const li = await show(ev('email-sent', { kind: 'transcript', to: 'v***@example.com' }));
    expect(li.className).toBe('event');
    expect(li.textContent).toContain('Email sent: transcript to v***@example.com');
    expect(li.querySelector('time')).not.toBeNull();
    expect(li.querySelector('button')).toBeNull();
  });
});

describe('side panel: a visitor message that came by email', () => {
  it('carries a small "by email" mark; other messages do not', async () => {
    restore = useLocale('en');
    const byMail = await show(msg({ via: 'email' }));
    expect(byMail.querySelector('.meta .via-email')?.textContent).toBe(' · ✉ by email');
    expect(byMail.querySelector('.via-email [aria-hidden="true"]')?.textContent).toBe('✉');
    document.body.innerHTML = '';
    expect((await show(msg())).querySelector('.via-email')).toBeNull();
  });

  it('in French', async () => {
    restore = useLocale('fr');
    expect((await show(msg({ via: 'email' }))).querySelector('.via-email')?.textContent).toBe(' · ✉ par e-mail');
  });
});
