import { describe, expect, it } from 'vitest';
import { backText } from '../../../widget/hours';
import { strings } from '../../../widget/i18n';

/*
 * "We're back Monday at 09:00" in the visitor's own zone and language. The team: Paris, back Monday
 * 2026-03-30 at 09:00 — the first Monday of summer time there (clocks went forward on Sunday the 29th).
 */
const BACK = Date.parse('2026-03-30T07:00:00Z');
const FRIDAY_EVENING = Date.parse('2026-03-27T17:30:00Z');
const en = strings('en');
const fr = strings('fr');

describe('backText', () => {
  it("says the day and time in the visitor's zone, across the team's daylight-saving change", () => {
    expect(backText(BACK, FRIDAY_EVENING, 'en', en, 'Europe/Paris')).toBe("We're back Monday at 09:00.");
    // New York changed two weeks earlier: 07:00Z is 03:00 there.
    expect(backText(BACK, FRIDAY_EVENING, 'en', en, 'America/New_York')).toBe("We're back Monday at 03:00.");
    // Tokyo: already 16:00 on Monday.
    expect(backText(BACK, FRIDAY_EVENING, 'en', en, 'Asia/Tokyo')).toBe("We're back Monday at 16:00.");
  });

  it('in French', () => {
    expect(backText(BACK, FRIDAY_EVENING, 'fr', fr, 'Europe/Paris')).toBe('Nous serons de retour lundi à 09:00.');
  });

  it('today, tomorrow, and a date past a week (by the visitor\'s calendar, not UTC\'s)', () => {
    expect(backText(BACK, Date.parse('2026-03-30T05:00:00Z'), 'en', en, 'Europe/Paris')).toBe("We're back today at 09:00.");
    expect(backText(BACK, Date.parse('2026-03-29T20:00:00Z'), 'en', en, 'Europe/Paris')).toBe("We're back tomorrow at 09:00.");
    // 22:30Z on Sunday is already Monday in Paris: "today".
    expect(backText(BACK, Date.parse('2026-03-29T22:30:00Z'), 'en', en, 'Europe/Paris')).toBe("We're back today at 09:00.");
    expect(backText(BACK, Date.parse('2026-03-20T12:00:00Z'), 'fr', fr, 'Europe/Paris')).toBe('Nous serons de retour lundi 30 mars à 09:00.');
    expect(backText(BACK, Date.parse('2026-03-20T12:00:00Z'), 'en', en, 'Europe/Paris')).toBe("We're back Monday, March 30 at 09:00.");
  });

  it('closed with no opening within two weeks', () => {
    expect(backText(null, FRIDAY_EVENING, 'en', en)).toBe("We're closed right now.");
    expect(backText(null, FRIDAY_EVENING, 'fr', fr)).toBe('Nous sommes fermés pour le moment.');
  });
});
