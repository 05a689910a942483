import { DetailLimits, isEmail, isPhone, UNSAFE_NAME_CHARS } from '../protocol/text-checks';

/** Control and text-direction characters, which the rooms refuse in answers: dropped, so the chat still starts. */
const UNSAFE = new RegExp(UNSAFE_NAME_CHARS, 'gu');

export type CaptureField = 'text' | 'name' | 'email' | 'phone' | 'company';

/** What the visitor is told about bad input. English by default; the widget passes its translation. */
export type FieldMessages = { required: string; email: string; phone: string; tooLong: (max: number) => string };

export const englishFieldMessages: FieldMessages = {
  required: 'Please fill this in',
  email: 'Enter a valid email address',
  phone: 'Enter a valid phone number',
  tooLong: (max) => `At most ${max} characters`,
};

const MAX: Record<CaptureField, number> = {
  text: 500,
  name: DetailLimits.name,
  email: DetailLimits.email,
  phone: DetailLimits.phone,
  company: DetailLimits.orgName,
};

export type FieldResult = { ok: true; value: string } | { ok: false; error: string };

/**
 * Checks one captured answer with the same rules the details panel and the rooms use (the checks behind
 * protocol/details' Email and Phone, without valibot), so what the bot accepts the CRM accepts too. An empty optional answer is
 * `{ ok: true, value: '' }`. Control and text-direction characters (pasted, or typed to spoof a name) are dropped.
 */
export function validateField(field: CaptureField, raw: string, required: boolean, messages = englishFieldMessages): FieldResult {
  const value = raw.replace(UNSAFE, '').trim();
  if (value === '') return required ? { ok: false, error: messages.required } : { ok: true, value };
  if (value.length > MAX[field]) return { ok: false, error: messages.tooLong(MAX[field]) };
  if (field === 'email' && !isEmail(value)) return { ok: false, error: messages.email };
  if (field === 'phone' && !isPhone(value)) return { ok: false, error: messages.phone };
  return { ok: true, value };
}
