import * as v from 'valibot';
import type { Card } from './playbook';
import { issueProblems, says, type DetailLabel, type Problem } from './problems';
import { DetailLimits, isEmail, isPhone, isSafeName } from './text-checks';

export { DetailLimits } from './text-checks';

/** Active ISO 4217 codes (2024). Kept inline: the widget never loads this, the side panel and rooms do. */
const ISO_4217 = new Set(
  ('AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF ' +
    'CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG ' +
    'HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA ' +
    'MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD ' +
    'RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH ' +
    'UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG').split(' '),
);

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** "<Field> must be at most N characters", naming the field. */
const tooLong = (field: DetailLabel, max: number) => says({ code: 'too-long', params: { field, max } });

const text = (max: number, label: DetailLabel) => v.pipe(v.string(), v.trim(), v.maxLength(max, tooLong(label, max)));
/** A person's or organization's name: no control or text-direction characters. */
const nameText = (max: number, label: DetailLabel) => v.pipe(text(max, label), v.check(isSafeName, says({ code: 'name-chars' })));

export const Email = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(DetailLimits.email, tooLong('Email', DetailLimits.email)),
  v.check((s) => s === '' || isEmail(s), says({ code: 'invalid-email' })),
);
export const Phone = v.pipe(
  v.string(),
  v.maxLength(DetailLimits.phone * 2, says({ code: 'invalid-phone' })),
  v.trim(),
  v.check((s) => s === '' || isPhone(s), says({ code: 'invalid-phone' })),
);
export const Amount = v.pipe(
  v.number(says({ code: 'amount-not-number' })),
  v.check((n) => Number.isFinite(n), says({ code: 'amount-not-finite' })),
  v.minValue(0, says({ code: 'amount-negative' })),
  v.maxValue(DetailLimits.amount, says({ code: 'amount-too-large' })),
);
export const Currency = v.pipe(
  v.string(),
  v.maxLength(3, says({ code: 'currency' })),
  v.check((c) => ISO_4217.has(c), says({ code: 'currency' })),
);
export const CalendarDate = v.pipe(
  v.string(),
  v.maxLength(10, says({ code: 'date' })),
  v.check((s) => s === '' || isCalendarDate(s), says({ code: 'date' })),
);

/** What the agent collects in the details panel. Every field present; empty string means "not set". */
export const Details = v.strictObject({
  value: v.strictObject({ amount: v.nullable(Amount), currency: Currency }),
  expectedCloseDate: CalendarDate,
  person: v.strictObject({ name: nameText(DetailLimits.name, 'Name'), email: Email, phone: Phone }),
  organization: v.strictObject({ name: nameText(DetailLimits.orgName, 'Organization'), address: text(DetailLimits.address, 'Address') }),
  notes: text(DetailLimits.notes, 'Notes'),
});
export type Details = v.InferOutput<typeof Details>;

/** A change to some of the details; nested groups may be partial. */
export const DetailsPatch = v.strictObject({
  value: v.optional(v.strictObject({ amount: v.optional(v.nullable(Amount)), currency: v.optional(Currency) })),
  expectedCloseDate: v.optional(CalendarDate),
  person: v.optional(
    v.strictObject({
      name: v.optional(nameText(DetailLimits.name, 'Name')),
      email: v.optional(Email),
      phone: v.optional(Phone),
    }),
  ),
  organization: v.optional(
    v.strictObject({
      name: v.optional(nameText(DetailLimits.orgName, 'Organization')),
      address: v.optional(text(DetailLimits.address, 'Address')),
    }),
  ),
  notes: v.optional(text(DetailLimits.notes, 'Notes')),
});
export type DetailsPatch = v.InferOutput<typeof DetailsPatch>;

export function emptyDetails(currency = 'EUR'): Details {
  return {
    value: { amount: null, currency },
    expectedCloseDate: '',
    person: { name: '', email: '', phone: '' },
    organization: { name: '', address: '' },
    notes: '',
  };
}

export function applyDetailsPatch(details: Details, patch: DetailsPatch): Details {
  return {
    value: { ...details.value, ...patch.value },
    expectedCloseDate: patch.expectedCloseDate ?? details.expectedCloseDate,
    person: { ...details.person, ...patch.person },
    organization: { ...details.organization, ...patch.organization },
    notes: patch.notes ?? details.notes,
  };
}

/**
 * Field-by-field problems for a patch, keyed by dotted path (`person.email`; '' for the patch as a whole).
 * Empty when the patch is valid. Used inline by the side panel.
 */
export function detailsPatchProblems(patch: unknown): Record<string, Problem> {
  const result = v.safeParse(DetailsPatch, patch);
  return result.success ? {} : issueProblems(result.issues).problems;
}

/** The same in English (for API consumers and tests). */
export function validateDetailsPatch(patch: unknown): Record<string, string> {
  const result = v.safeParse(DetailsPatch, patch);
  return result.success ? {} : issueProblems(result.issues).fields;
}

export type CapturedContact = { name?: string; email?: string; phone?: string; company?: string };

/**
 * What the bot's capture cards collected, by meaning: the first non-empty answer of each name / email /
 * phone / company card (answers are keyed by each card's `saveAs`, which the admin chooses).
 */
export function capturedContact(cards: readonly Card[], answers: Readonly<Record<string, string>>): CapturedContact {
  const out: CapturedContact = {};
  for (const c of cards) {
    if (c.type !== 'capture' || c.field === 'text' || out[c.field]) continue;
    const value = answers[c.saveAs]?.trim();
    if (value) out[c.field] = value;
  }
  return out;
}

/**
 * The details panel as it starts: what the visitor gave the bot, each field kept only if it is valid
 * on its own (a malformed email is left for the agent to ask again rather than refused as a whole).
 */
export function detailsFromCapture(contact: CapturedContact, currency = 'EUR'): Details {
  let details = emptyDetails(currency);
  const candidates: DetailsPatch[] = [
    { person: { name: contact.name ?? '' } },
    { person: { email: contact.email ?? '' } },
    { person: { phone: contact.phone ?? '' } },
    { organization: { name: contact.company ?? '' } },
  ];
  for (const patch of candidates) {
    const ok = v.safeParse(DetailsPatch, patch);
    if (ok.success) details = applyDetailsPatch(details, ok.output);
  }
  return details;
}
