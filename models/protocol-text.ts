import { browser } from 'wxt/browser';
import {
  atMostMessage,
  BoundMessages,
  DETAIL_LABELS,
  DetailMessages,
  PlaybookMessages,
  ReplyMessages,
  tooLongMessage,
  unsafeImageMessage,
  unsafeLinkMessage,
  type DetailLabel,
  type ErrorCode,
  type ErrorFrame,
} from '../protocol';
import { RequestError } from './room-connection';

/*
 * One path from the protocol's English messages to the extension's language. Rooms and the widget
 * keep speaking English (protocol/details.ts, protocol/playbook.ts, protocol/richtext.ts); the side
 * panel and the options page show each message through this table, whose text is in
 * `_locales/<lang>/messages.json` like the rest of the extension's UI. The tables are typed against
 * the protocol's constants, so a new message does not compile until it has a key here; the unit test
 * `protocol-text.test.ts` checks that every key has an English and a French entry.
 * Anything not in the tables (a server's free-form text, valibot's defaults) is shown as given.
 */

/** A key of `_locales/en/messages.json` (WXT types getMessage from it): a typo or a missing entry does not compile. */
type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

/** Each fixed details message → its key. */
export const DETAIL_MESSAGE_KEYS = {
  invalidEmail: 'pmInvalidEmail',
  invalidPhone: 'pmInvalidPhone',
  amountNotNumber: 'pmAmountNotNumber',
  amountNotFinite: 'pmAmountNotFinite',
  amountNegative: 'pmAmountNegative',
  amountTooLarge: 'pmAmountTooLarge',
  currency: 'pmCurrency',
  date: 'pmDate',
} as const satisfies Record<keyof typeof DetailMessages, MessageKey>;

/** Each fixed playbook message → its key. */
export const PLAYBOOK_MESSAGE_KEYS = {
  id: 'pmId',
  waitTime: 'pmWaitTime',
  required: 'pmRequired',
  answerKey: 'pmAnswerKey',
  reserved: 'pmReserved',
  addButton: 'pmAddButton',
  chooseItem: 'pmChooseItem',
  origin: 'pmOrigin',
  avatar: 'pmAvatar',
  colour: 'pmColour',
  uniqueIds: 'pmUniqueIds',
  oneLiveChat: 'pmOneLiveChat',
} as const satisfies Record<keyof typeof PlaybookMessages, MessageKey>;

/** Each fixed saved-reply message → its key. */
export const REPLY_MESSAGE_KEYS = {
  shortcut: 'pmReplyShortcut',
  duplicate: 'pmReplyDuplicate',
  full: 'pmReplyFull',
} as const satisfies Record<keyof typeof ReplyMessages, MessageKey>;

/** Each fixed bounds message (numbers, dates, names, empty messages) → its key. */
export const BOUND_MESSAGE_KEYS = {
  finite: 'pmFinite',
  integer: 'pmInteger',
  range: 'pmRange',
  time: 'pmTime',
  nameChars: 'pmNameChars',
  empty: 'pmMessageEmpty',
  invisible: 'pmMessageInvisible',
  tooMany: 'pmTooMany',
} as const satisfies Record<keyof typeof BoundMessages, MessageKey>;

/** The field names inside "<Field> must be at most N characters". */
export const DETAIL_LABEL_KEYS = {
  Name: 'pmLabelName',
  Email: 'pmLabelEmail',
  Organization: 'pmLabelOrganization',
  Address: 'pmLabelAddress',
  Notes: 'pmLabelNotes',
} as const satisfies Record<DetailLabel, MessageKey>;

const AT_MOST_KEYS = { characters: 'pmAtMostCharacters', buttons: 'pmAtMostButtons', cards: 'pmAtMostCards' } as const satisfies Record<
  Parameters<typeof atMostMessage>[1],
  MessageKey
>;

/**
 * A refusal's code → its key. The English entries repeat the room's own words ($1: they are English
 * and more precise than a summary); other languages say what the code means.
 */
export const REFUSAL_KEYS = {
  'bad-json': 'refusedBadJson',
  'binary-frame': 'refusedBinaryFrame',
  'frame-too-large': 'refusedFrameTooLarge',
  'invalid-frame': 'refusedInvalidFrame',
  'unknown-type': 'refusedUnknownType',
  'version-mismatch': 'refusedVersionMismatch',
  unauthorized: 'refusedUnauthorized',
  forbidden: 'refusedForbidden',
  'not-found': 'refusedNotFound',
  'rate-limited': 'refusedRateLimited',
  'already-claimed': 'refusedAlreadyClaimed',
  'invalid-transition': 'refusedInvalidTransition',
  'conversation-closed': 'refusedConversationClosed',
  'conversation-full': 'refusedConversationFull',
  'invalid-field': 'refusedInvalidField',
  conflict: 'refusedConflict',
  unavailable: 'refusedUnavailable',
  internal: 'refusedInternal',
} as const satisfies Record<ErrorCode, MessageKey>;

/** `already-claimed` naming who won (the side panel's existing text). */
export const CLAIMED_BY_KEY: MessageKey = 'claimedBy';

type Rule = { pattern: RegExp; key: MessageKey; subs: (groups: string[]) => string[] };

const HOLE = '\u0001';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A matcher built from the protocol's own template (called with holes), so the two cannot drift. */
const shape = (template: string) => new RegExp(`^${template.split(HOLE).map(escape).join('(.*?)')}$`, 's');
const n = HOLE as unknown as number;

const EXACT = new Map<string, MessageKey>([
  ...Object.entries(DETAIL_MESSAGE_KEYS).map(([name, key]) => [DetailMessages[name as keyof typeof DetailMessages], key] as const),
  ...Object.entries(PLAYBOOK_MESSAGE_KEYS).map(([name, key]) => [PlaybookMessages[name as keyof typeof PlaybookMessages], key] as const),
  ...Object.entries(REPLY_MESSAGE_KEYS).map(([name, key]) => [ReplyMessages[name as keyof typeof ReplyMessages], key] as const),
  ...Object.entries(BOUND_MESSAGE_KEYS).map(([name, key]) => [BoundMessages[name as keyof typeof BoundMessages], key] as const),
]);

const RULES: Rule[] = [
  ...DETAIL_LABELS.map((label) => ({
    pattern: shape(tooLongMessage(label, n)),
    key: 'pmTooLong' as const,
    subs: ([max]: string[]) => [lookup(DETAIL_LABEL_KEYS[label]) || label, max!],
  })),
  ...Object.entries(AT_MOST_KEYS).map(([what, key]) => ({
    pattern: shape(atMostMessage(n, what as keyof typeof AT_MOST_KEYS)),
    key,
    subs: (groups: string[]) => groups,
  })),
  { pattern: shape(unsafeImageMessage(HOLE)), key: 'pmUnsafeImage', subs: (groups) => groups },
  { pattern: shape(unsafeLinkMessage(HOLE)), key: 'pmUnsafeLink', subs: (groups) => groups },
];

/** The catalogue's text for a key, or '' (no entry, or no i18n API, as in unit tests without a locale). */
function lookup(key: MessageKey, substitutions?: string[]): string {
  try {
    return browser?.i18n?.getMessage?.(key, substitutions) || '';
  } catch {
    return '';
  }
}

/** A protocol validation message in the extension's language; anything unknown comes back as given. */
export function protocolText(message: string): string {
  const key = EXACT.get(message);
  if (key) return lookup(key) || message;
  for (const rule of RULES) {
    const m = rule.pattern.exec(message);
    if (m) return lookup(rule.key, rule.subs(m.slice(1))) || message;
  }
  return message;
}

/** Translates every message of a field map (`{ 'person.email': … }`). */
export function protocolFields<K extends string>(fields: Readonly<Partial<Record<K, string>>>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [k, message] of Object.entries(fields) as [K, string][]) out[k] = protocolText(message);
  return out;
}

/** What a refused request (RequestError, ErrorFrame or any error) says, in the extension's language. */
export function refusalText(error: unknown): string {
  const frame: Pick<ErrorFrame, 'code' | 'message' | 'winner'> | null =
    error instanceof RequestError
      ? { code: error.code, message: error.message, winner: error.frame?.winner }
      : isErrorFrame(error)
        ? error
        : null;
  if (!frame) return protocolText(error instanceof Error ? error.message : String(error));
  if (frame.code === 'already-claimed' && frame.winner) return lookup(CLAIMED_BY_KEY, [frame.winner.name]) || frame.message;
  const known = protocolText(frame.message);
  if (known !== frame.message) return known;
  return lookup(REFUSAL_KEYS[frame.code], [frame.message]) || frame.message;
}

function isErrorFrame(x: unknown): x is ErrorFrame {
  return typeof x === 'object' && x !== null && (x as ErrorFrame).type === 'error' && Object.hasOwn(REFUSAL_KEYS, (x as ErrorFrame).code);
}
