import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  AgentConversationClientMessage,
  BatonError,
  decode,
  ErrorFrame,
  liveChatTemplate,
  Limits,
  OfflineSubmission,
  PROBLEM_CODES,
  problemOf,
  ProblemSchema,
  problemText,
  Details,
  decodeValue,
  WorkspaceClientMessage,
} from '../../../protocol';
import { OLD_ENGLISH, SAMPLE_PROBLEMS } from '../../helpers/problem-samples';


describe('the problem catalogue', () => {
  it('says each code in the English the protocol always used', () => {
    expect(Object.keys(OLD_ENGLISH).sort()).toEqual([...PROBLEM_CODES].sort());
    for (const [problem, english] of Object.values(OLD_ENGLISH)) expect(problemText(problem), problem.code).toBe(english);
    expect(problemText({ code: 'assigned-to', params: {} })).toBe('This conversation is now assigned to another agent');
  });

  it('carries each problem on the wire, and nothing that is not one', () => {
    for (const p of SAMPLE_PROBLEMS) expect(v.is(ProblemSchema, p), p.code).toBe(true);
    const wrong: unknown[] = [
      { code: 'no-such-code' },
      { code: 'too-long' },
      { code: 'too-long', params: { field: 'Name' } },
      { code: 'too-long', params: { field: 'Nom', max: 200 } },
      { code: 'too-long', params: { field: 'Name', max: 200, extra: 1 } },
      { code: 'too-long', params: { field: 'Name', max: 1e309 } },
      { code: 'too-long', params: { field: 'Name', max: 2.5 } },
      { code: 'at-most', params: { max: -1, what: 'characters' } },
      { code: 'invalid-email', params: {} },
      { code: 'invalid-email', message: 'extra' },
      { code: 'unsafe-link', params: { target: 'x'.repeat(501) } },
      { code: 'assigned-to', params: { name: 'A\u202eB' } },
      'invalid-email',
    ];
    for (const w of wrong) expect(v.is(ProblemSchema, w), JSON.stringify(w).slice(0, 80)).toBe(false);
  });

  it('a refusal made of a problem says the problem in English, and the frame is valid', () => {
    for (const p of SAMPLE_PROBLEMS) {
      const frame = BatonError.of('invalid-field', p).toFrame('r1');
      expect(frame.message).toBe(problemText(p));
      expect(frame.problem).toEqual(p);
      expect(v.is(ErrorFrame, frame), p.code).toBe(true);
    }
  });

  it('an error frame refuses problems that are not ones, too many of them, or paths too long', () => {
    const base = { type: 'error', code: 'invalid-field', message: 'Invalid' };
    expect(v.is(ErrorFrame, { ...base, problems: { 'person.email': { code: 'invalid-email' } } })).toBe(true);
    expect(v.is(ErrorFrame, { ...base, problems: { 'person.email': { code: 'made-up' } } })).toBe(false);
    expect(v.is(ErrorFrame, { ...base, problem: { code: 'replies-full', params: { max: '200' } } })).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, { code: 'required' }]));
    expect(v.is(ErrorFrame, { ...base, problems: many })).toBe(false);
    expect(v.is(ErrorFrame, { ...base, problems: { ['x'.repeat(201)]: { code: 'required' } } })).toBe(false);
  });
});

describe('the schemas record their problem on each issue', () => {
  it('gives the problem with its parameters, and the same English as the message', () => {
    const result = v.safeParse(Details, {
      value: { amount: -1, currency: 'EUR' },
      expectedCloseDate: '',
      person: { name: 'n'.repeat(201), email: 'nope', phone: '' },
      organization: { name: '', address: '' },
      notes: '',
    });
    expect(result.success).toBe(false);
    const got = result.issues!.map((i) => [i.path!.map((p) => p.key).join('.'), problemOf(i), i.message]);
    expect(got).toEqual([
      ['value.amount', { code: 'amount-negative' }, 'Amount cannot be negative'],
      ['person.name', { code: 'too-long', params: { field: 'Name', max: 200 } }, 'Name must be at most 200 characters'],
      ['person.email', { code: 'invalid-email' }, 'Enter a valid email address'],
    ]);
  });
});

/** The refusal `decode` gives (it must be one). */
function refused(result: { ok: boolean; error?: BatonError }): BatonError {
  expect(result.ok).toBe(false);
  return result.error!;
}

const playbookSave = (playbook: unknown) => JSON.stringify({ type: 'playbook-save', ref: 'r1', playbook });

describe('decode names each refused field by code, beside its English', () => {
  it('a details patch: a bad email and a name too long', () => {
    const raw = JSON.stringify({ type: 'update-details', ref: 'd1', patch: { person: { email: 'not-an-email', name: 'n'.repeat(201) } } });
    const error = refused(decode(AgentConversationClientMessage, raw));
    expect(error.code).toBe('invalid-field');
    expect(error.extra.problems).toEqual({
      'patch.person.name': { code: 'too-long', params: { field: 'Name', max: 200 } },
      'patch.person.email': { code: 'invalid-email' },
    });
    expect(error.extra.fields).toEqual({
      'patch.person.name': 'Name must be at most 200 characters',
      'patch.person.email': 'Enter a valid email address',
    });
    expect(error.extra.ref).toBe('d1');
  });

  it('a playbook: card ids not unique (the whole playbook), an unsafe link in a card', () => {
    const p = liveChatTemplate('pb1');
    const twin = { ...p.cards[0]!, id: 'twin', text: 'Go [there](javascript:alert(1))' };
    const error = refused(decode(WorkspaceClientMessage, playbookSave({ ...p, cards: [...p.cards, twin] })));
    expect(error.extra.problems).toEqual({ 'playbook.cards.4.text': { code: 'unsafe-link', params: { target: 'javascript:alert(1)' } } });
    const unique = refused(decode(WorkspaceClientMessage, playbookSave({ ...p, cards: [...p.cards, p.cards[0]] })));
    expect(unique.extra.problems).toEqual({ playbook: { code: 'unique-card-ids' } });
    expect(unique.extra.fields).toEqual({ playbook: 'Card ids must be unique' });
  });

  it('a saved reply: a bad shortcut and an empty text', () => {
    const raw = JSON.stringify({ type: 'reply-save', ref: 'r2', reply: { shortcut: 'has space', text: '  ' } });
    const error = refused(decode(WorkspaceClientMessage, raw));
    expect(error.extra.problems).toEqual({ 'reply.shortcut': { code: 'reply-shortcut' }, 'reply.text': { code: 'required' } });
  });

  it('bounds: a number that is not finite, a name with a direction override, a string too long, a default valibot refusal', () => {
    const submission = {
      playbookId: 'pb1',
      submissionId: 'sub-12345678',
      contact: { name: 'Ada\u202eevil', company: 'c'.repeat(201) },
      create: ['lead'],
      transcript: [{ from: 'visitor', text: 'hi', at: Number.POSITIVE_INFINITY }],
      answers: {},
      context: { pageUrl: 'https://example.com', referrer: '', language: 'en', userAgent: 'UA', title: 5 },
    };
    const error = refused(decodeValue(OfflineSubmission, submission));
    expect(error.extra.problems).toEqual({
      'contact.name': { code: 'name-chars' },
      'contact.company': { code: 'at-most', params: { max: 200, what: 'characters' } },
      'transcript.0.at': { code: 'not-finite' },
      // valibot's own "Invalid type": no problem of ours, so the code says only that the value is refused.
      'context.title': { code: 'invalid-value' },
    });
    expect(error.extra.fields?.['context.title']).toMatch(/^Invalid type/);
  });

  it('a frame too large says its limit as a problem', () => {
    const error = refused(decode(WorkspaceClientMessage, ' '.repeat(Limits.frameChars + 1)));
    expect(error.toFrame()).toEqual({
      type: 'error',
      code: 'frame-too-large',
      message: `Frame exceeds ${Limits.frameChars} characters`,
      problem: { code: 'frame-too-large', params: { max: Limits.frameChars } },
    });
  });

  it('a refusal naming very many fields stays a valid error frame (at most 100, each path at most 200 characters)', () => {
    const p = liveChatTemplate('pb1');
    const cards = Array.from({ length: 100 }, (_, i) => ({ id: `bad id ${i}`, type: 'message', text: `[x](javascript:${i})` }));
    const error = refused(decode(WorkspaceClientMessage, playbookSave({ ...p, cards })));
    const frame = error.toFrame('r1');
    expect(Object.keys(frame.fields!)).toHaveLength(100);
    expect(Object.keys(frame.problems!)).toEqual(Object.keys(frame.fields!));
    expect(v.is(ErrorFrame, frame)).toBe(true);
  });

  it('a refusal quoting a very long value is cut to stay a valid error frame', () => {
    const error = refused(decode(WorkspaceClientMessage, JSON.stringify({ type: 'x'.repeat(2_500) })));
    expect(error.code).toBe('unknown-type');
    const frame = error.toFrame();
    expect(frame.message).toHaveLength(2_000);
    expect(v.is(ErrorFrame, frame)).toBe(true);
  });
});

describe('every validation message in protocol/ is a problem', () => {
  it('no valibot action in protocol/ is given a message as a plain string', () => {
    const dir = resolve(__dirname, '../../../protocol');
    const offenders: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const src = readFileSync(join(dir, file), 'utf8');
      // `v.check(fn, 'text')`, `v.regex(re, 'text')`, `v.maxLength(n, \`text\`)`, `v.email('text')` …
      for (const m of src.matchAll(/v\.(?:check|regex|minLength|maxLength|minValue|maxValue|email|url|finite|integer|number|string|picklist|maxEntries|custom|minEntries)(?:<[^(]*>)?\((?:[^()]|\([^()]*\))*?['"`][^'"`]*['"`]\s*\)/g)) {
        if (/v\.picklist\(\[/.test(m[0]) && !/\],\s*['"`]/.test(m[0])) continue;
        offenders.push(`${file}: ${m[0]}`);
      }
      // … or an English constant (`v.regex(re, HoursMessages.time)`, `addIssue({ message: XMessages.y })`).
      for (const m of src.matchAll(/(?:v\.\w+\(|addIssue\(\{\s*message:)[^;]*?\b[A-Z]\w*Messages\.\w+/g)) offenders.push(`${file}: ${m[0]}`);
      for (const m of src.matchAll(/^\s*[A-Z]\w*Messages\.\w+,?\s*$/gm)) offenders.push(`${file}: ${m[0].trim()}`);
    }
    expect(offenders).toEqual([]);
  });
});
