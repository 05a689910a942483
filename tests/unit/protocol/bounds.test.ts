import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as protocol from '../../../protocol';
import {
  AgentConversationClientMessage,
  BoundMessages,
  CreateConversationRequest,
  decode,
  decodeValue,
  DetailsPatch,
  hasVisible,
  isSafeName,
  liveChatTemplate,
  OfflineSubmission,
  PlaybookInput,
  SetupRequest,
  TIME_MAX,
  TIME_MIN,
  VisitorClientMessage,
  WorkspaceClientMessage,
  WorkspaceServerMessage,
  ConversationServerMessage,
} from '../../../protocol';
import { refusal } from './fixtures';

type AnySchema = { kind: string; type: string; pipe?: AnySchema[]; [k: string]: unknown };

/** Every action of a schema's pipe, pipes nested in its first element included. */
const actionsOf = (s: AnySchema): AnySchema[] => (s.pipe ? [...actionsOf(s.pipe[0]!), ...s.pipe.slice(1)] : []);

/**
 * Walks a schema and lists every string, number, array and record that has no bound: a string needs a
 * max length (or a regex, a picklist), a number a min and a max value, an array a max length, a record a max
 * number of entries.
 */
function unbounded(schema: AnySchema, path: string, out: string[], seen = new Set<AnySchema>()): string[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const actions = actionsOf(schema).map((a) => a.type);
  const has = (...types: string[]) => types.some((t) => actions.includes(t));
  switch (schema.type) {
    case 'string':
      if (!has('max_length', 'length', 'regex')) out.push(`${path}: string without a max length`);
      break;
    case 'number':
      if (!has('max_value') || !has('min_value')) out.push(`${path}: number without a min and max value`);
      break;
    case 'array':
      if (!has('max_length', 'length')) out.push(`${path}: array without a max length`);
      unbounded(schema.item as AnySchema, `${path}[]`, out, seen);
      break;
    case 'record':
      if (!has('max_entries')) out.push(`${path}: record without a max number of entries`);
      unbounded(schema.key as AnySchema, `${path}{key}`, out, seen);
      unbounded(schema.value as AnySchema, `${path}{}`, out, seen);
      break;
    case 'object':
    case 'strict_object':
    case 'loose_object':
      for (const [k, s] of Object.entries(schema.entries as Record<string, AnySchema>)) unbounded(s, `${path}.${k}`, out, seen);
      break;
    case 'variant':
    case 'union':
      for (const [i, s] of (schema.options as AnySchema[]).entries()) unbounded(s, `${path}|${i}`, out, seen);
      break;
    case 'optional':
    case 'nullable':
    case 'nullish':
      unbounded(schema.wrapped as AnySchema, path, out, seen);
      break;
  }
  return out;
}

const schemas = (Object.entries(protocol) as [string, unknown][]).filter(
  (e): e is [string, AnySchema] => typeof e[1] === 'object' && e[1] !== null && (e[1] as AnySchema).kind === 'schema',
);

describe('every protocol schema is bounded', () => {
  it('finds the schemas to check', () => {
    expect(schemas.length).toBeGreaterThan(50);
  });

  it.each(schemas)('%s: every string, number, array and record has a bound', (_name, schema) => {
    expect(unbounded(schema, _name, [])).toEqual([]);
  });
});

const context = { pageUrl: 'https://shop.example.com/', referrer: '', language: 'en', userAgent: 'UA' };
const at = Date.UTC(2026, 0, 1);
const create = (over: Record<string, unknown> = {}) => ({
  playbookId: 'pb-1',
  transcript: [{ from: 'bot', text: 'Hi', at }],
  answers: { topic: 'sales' },
  context,
  ...over,
});
const offline = (contact: Record<string, string>) => ({
  playbookId: 'pb-1',
  submissionId: 'sub_000001',
  contact,
  create: ['lead'],
  transcript: [],
  answers: {},
  context,
});

describe('numbers: finite, whole where whole is meant, timestamps from 2000 to 2100', () => {
  it('1e309 (Infinity once parsed) in a body is refused as invalid-field, not a crash', () => {
    const raw = JSON.stringify(create()).replace(`"at":${at}`, '"at":1e309');
    expect(JSON.parse(raw).transcript[0].at).toBe(Infinity);
    const error = refusal(decode(CreateConversationRequest, raw), 'invalid-field');
    expect(error.message).toBe(`Invalid transcript.0.at: ${BoundMessages.finite}`);
    refusal(decode(CreateConversationRequest, raw.replace('1e309', '-1e309')), 'invalid-field');
    refusal(decodeValue(CreateConversationRequest, create({ transcript: [{ from: 'bot', text: 'Hi', at: Infinity }] })), 'invalid-field');
  });

  it('1e309 at the top of a socket frame is invalid-field too', () => {
    for (const schema of [VisitorClientMessage, AgentConversationClientMessage, WorkspaceClientMessage]) {
      refusal(decode(schema, '{"type":"hello","v":1,"token":"t","lastSeq":1e309}'), 'invalid-field');
    }
    refusal(decode(VisitorClientMessage, '{"type":"seen","seq":1e309}'), 'invalid-field');
    refusal(decode(WorkspaceClientMessage, '{"type":"records-list","limit":1e309}'), 'invalid-field');
    refusal(decode(WorkspaceClientMessage, '{"type":"records-list","before":-1e999}'), 'invalid-field');
  });

  it.each([
    ['1e300', 1e300],
    ['before 2000', TIME_MIN - 1],
    ['after 2100', TIME_MAX + 1],
    ['negative', -1],
    ['a fraction of a millisecond', at + 0.5],
  ])('a transcript line timestamped %s is refused', (_label, value) => {
    const error = refusal(decodeValue(CreateConversationRequest, create({ transcript: [{ from: 'bot', text: 'Hi', at: value }] })), 'invalid-field');
    expect(error.extra.fields?.['transcript.0.at']).toMatch(/date between 2000 and 2100|whole number/);
  });

  it('accepts 2000-01-01, now and 2100-01-01', () => {
    for (const value of [TIME_MIN, Date.now(), TIME_MAX]) {
      expect(decodeValue(CreateConversationRequest, create({ transcript: [{ from: 'bot', text: 'Hi', at: value }] })).ok).toBe(true);
    }
  });

  it('sequence numbers are whole and not negative', () => {
    refusal(decode(VisitorClientMessage, '{"type":"seen","seq":1.5}'), 'invalid-frame');
    refusal(decode(VisitorClientMessage, '{"type":"seen","seq":-1}'), 'invalid-frame');
    refusal(decode(VisitorClientMessage, '{"type":"seen","seq":1e300}'), 'invalid-frame');
    expect(decode(VisitorClientMessage, '{"type":"seen","seq":12}').ok).toBe(true);
  });

  it('server frames with absurd numbers are refused by the side panel’s decoder', () => {
    const entry = { kind: 'message', seq: 1, id: 'm1', from: 'visitor', text: 'Hi', at: 1e300 };
    refusal(decodeValue(ConversationServerMessage, { type: 'entries', entries: [entry] }), 'invalid-field');
    expect(decodeValue(ConversationServerMessage, { type: 'entries', entries: [{ ...entry, at }] }).ok).toBe(true);
    refusal(decodeValue(WorkspaceServerMessage, { type: 'conversation-removed', id: 'x'.repeat(201) }), 'invalid-frame');
  });
});

describe('names refuse control characters, NUL, bidi overrides and isolates, lone surrogates', () => {
  const bad = [
    ['NUL', 'Ada\u0000'],
    ['a tab', 'Ada\tLovelace'],
    ['a newline', 'Ada\nLovelace'],
    ['DEL', 'Ada\u007f'],
    ['a C1 control', 'Ada\u0085'],
    ['RLO', '\u202eadA'],
    ['LRE', '\u202aAda'],
    ['PDF', 'Ada\u202c'],
    ['RLI', '\u2067Ada'],
    ['PDI', 'Ada\u2069'],
    ['a lone high surrogate', 'Ada\ud83d'],
    ['a lone low surrogate', '\ude00Ada'],
  ] as const;
  const good = ['Ada Lovelace', 'Élodie Dupré', 'Zoë 😀', 'محمد', '李小龍', "O'Brien-Smith"];

  it.each(bad)('isSafeName refuses %s', (_label, value) => {
    expect(isSafeName(value)).toBe(false);
  });

  it('isSafeName keeps real names, emoji (surrogate pairs) and right-to-left scripts', () => {
    for (const value of good) expect(isSafeName(value), value).toBe(true);
  });

  it.each(bad)('the offline contact name and company refuse %s', (_label, value) => {
    let error = refusal(decodeValue(OfflineSubmission, offline({ name: value })), 'invalid-field');
    expect(error.extra.fields?.['contact.name']).toBe(BoundMessages.nameChars);
    error = refusal(decodeValue(OfflineSubmission, offline({ company: value })), 'invalid-field');
    expect(error.extra.fields?.['contact.company']).toBe(BoundMessages.nameChars);
  });

  it.each(bad)('an answer (a captured name) refuses %s', (_label, value) => {
    const error = refusal(decodeValue(CreateConversationRequest, create({ answers: { name: value } })), 'invalid-field');
    expect(error.extra.fields?.['answers.name']).toBe(BoundMessages.nameChars);
  });

  it.each(bad)('the details person and organization names refuse %s', (_label, value) => {
    expect(v.safeParse(DetailsPatch, { person: { name: value } }).success).toBe(false);
    expect(v.safeParse(DetailsPatch, { organization: { name: value } }).success).toBe(false);
    expect(v.safeParse(DetailsPatch, { notes: value }).success).toBe(true);
  });

  it.each(bad)('an agent name (create, rename, setup) and the bot name refuse %s', (_label, value) => {
    const create = { type: 'agent-create', name: value, email: 'a@example.com', role: 'agent', manageLiveChat: false };
    // A well-formed frame with one refused value: a field error (shown next to the field), not a bad frame.
    refusal(decode(WorkspaceClientMessage, JSON.stringify(create)), 'invalid-field');
    refusal(decode(WorkspaceClientMessage, JSON.stringify({ type: 'agent-update', id: 'a1', name: value })), 'invalid-field');
    refusal(decodeValue(SetupRequest, { name: value, email: 'a@example.com' }), 'invalid-field');
    const playbook = { ...liveChatTemplate('pb1'), botName: value };
    expect(v.safeParse(PlaybookInput, playbook).success).toBe(false);
  });

  it('real names pass everywhere', () => {
    for (const value of good) {
      expect(decodeValue(OfflineSubmission, offline({ name: value, company: value })).ok, value).toBe(true);
      expect(v.safeParse(DetailsPatch, { person: { name: value }, organization: { name: value } }).success).toBe(true);
      expect(v.safeParse(PlaybookInput, { ...liveChatTemplate('pb1'), botName: value }).success).toBe(true);
    }
  });
});

describe('a chat message must contain a visible character', () => {
  const send = (text: string) => JSON.stringify({ type: 'send', id: 'abcdefgh', text });

  it.each([
    ['a zero-width space', '\u200b'],
    ['a zero-width joiner', '\u200d'],
    ['a word joiner', '\u2060'],
    ['direction marks', '\u200e\u200f'],
    ['a soft hyphen', '\u00ad'],
    ['a Hangul filler', '\u3164'],
    ['a Braille blank', '\u2800'],
    ['zero-width characters and spaces', ' \u200b \u200c\n\ufeff\u00a0'],
  ])('%s alone is refused with a clear message', (_label, text) => {
    const error = refusal(decode(VisitorClientMessage, send(text)), 'invalid-field');
    expect(error.message).toBe(`Invalid text: ${BoundMessages.invisible}`);
    expect(hasVisible(text)).toBe(false);
  });

  it.each([
    ['whitespace', ' \n\t '],
    ['a BOM (which trim() removes)', '\ufeff'],
    ['no-break spaces', '\u00a0\u3000'],
  ])('%s only is "Message is empty"', (_label, text) => {
    const error = refusal(decode(VisitorClientMessage, send(text)), 'invalid-field');
    expect(error.message).toBe(`Invalid text: ${BoundMessages.empty}`);
    expect(hasVisible(text)).toBe(false);
  });

  it.each(['hi', '👍', 'a\u200b', '\u200b.', '❤️', 'ok\ufeff', '١'])('%j is accepted', (text) => {
    expect(decode(VisitorClientMessage, send(text)).ok).toBe(true);
    expect(decode(AgentConversationClientMessage, send(text)).ok).toBe(true);
  });
});
