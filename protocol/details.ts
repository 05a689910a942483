import * as v from 'valibot';
import type { Card } from './playbook';
import { isSafeName, NAME_CHARS_MESSAGE } from './text-checks';

/** Active ISO 4217 codes (2024). Kept inline: the widget never loads this, the side panel and rooms do. */
const ISO_4217 = new Set(
  ('AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF ' +
    'CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG ' +
    'HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA ' +
    'MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD ' +
    'RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH ' +
    'UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG').split(' '),
);

export const DetailLimits = {
  name: 200,
  email: 254,
  phone: 40,
  orgName: 200,
  address: 500,
  notes: 10_000,
  amount: 1e12,
} as const;

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

// Pragmatic address check: one @, a dotted domain, no spaces. Full RFC 5322 accepts things CRMs refuse.
const EMAIL = /^[^\s@<>()[\]\\,;:".]+(?:\.[^\s@<>()[\]\\,;:".]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;
const PHONE = /^\+?[0-9 ().\-/]{5,40}$/;

/**
 * Every message the details schemas give. English on the wire (rooms and the widget use them as is);
 * the extension translates each one (models/protocol-text.ts), so a new one must be added there too.
 */
export const DetailMessages = {
  invalidEmail: 'Enter a valid email address',
  invalidPhone: 'Enter a valid phone number',
  amountNotNumber: 'Amount must be a number',
  amountNotFinite: 'Amount must be a finite number',
  amountNegative: 'Amount cannot be negative',
  amountTooLarge: 'Amount is too large',
  currency: 'Use an ISO 4217 currency code, e.g. EUR',
  date: 'Enter a real date as YYYY-MM-DD',
} as const;

/** The field names a "too long" message can start with. */
export const DETAIL_LABELS = ['Name', 'Email', 'Organization', 'Address', 'Notes'] as const;
export type DetailLabel = (typeof DETAIL_LABELS)[number];
export const tooLongMessage = (label: DetailLabel, max: number) => `${label} must be at most ${max} characters`;

const text = (max: number, label: DetailLabel) => v.pipe(v.string(), v.trim(), v.maxLength(max, tooLongMessage(label, max)));
/** A person's or organization's name: no control or text-direction characters. */
const nameText = (max: number, label: DetailLabel) => v.pipe(text(max, label), v.check(isSafeName, NAME_CHARS_MESSAGE));

export const Email = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(DetailLimits.email, tooLongMessage('Email', DetailLimits.email)),
  v.check((s) => s === '' || EMAIL.test(s), DetailMessages.invalidEmail),
);
export const Phone = v.pipe(
  v.string(),
  v.maxLength(DetailLimits.phone * 2, DetailMessages.invalidPhone),
  v.trim(),
  v.check((s) => s === '' || (PHONE.test(s) && (s.match(/\d/g)?.length ?? 0) >= 5), DetailMessages.invalidPhone),
);
export const Amount = v.pipe(
  v.number(DetailMessages.amountNotNumber),
  v.check((n) => Number.isFinite(n), DetailMessages.amountNotFinite),
  v.minValue(0, DetailMessages.amountNegative),
  v.maxValue(DetailLimits.amount, DetailMessages.amountTooLarge),
);
export const Currency = v.pipe(
  v.string(),
  v.maxLength(3, DetailMessages.currency),
  v.check((c) => ISO_4217.has(c), DetailMessages.currency),
);
export const CalendarDate = v.pipe(
  v.string(),
  v.maxLength(10, DetailMessages.date),
  v.check((s) => s === '' || isCalendarDate(s), DetailMessages.date),
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
 * Field-by-field messages for a patch, keyed by dotted path (`person.email`).
 * Empty when the patch is valid. Used inline by the side panel and by the room before saving.
 */
export function validateDetailsPatch(patch: unknown): Record<string, string> {
  const result = v.safeParse(DetailsPatch, patch);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.issues) {
    const key = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
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
