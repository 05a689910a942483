import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DetailLimits,
  errorFrame,
  liveChatTemplate,
  PROBLEM_CODES,
  problemText,
  renderProblem,
  ReplyMessages,
  Shortcut,
  type ErrorCode,
  type Playbook,
  type Problem,
} from '../../../protocol';
import { ConversationClient } from '../../../models/conversation-client';
import { DetailsDraft } from '../../../models/details-draft';
import { MemoryTransport } from '../../../models/memory-transport';
import { textsIn, LANGUAGES } from '../../../models/i18n';
import { problemLabel, protocolFields, protocolText, refusalText } from '../../../models/protocol-text';
import { RequestError } from '../../../models/room-connection';
import { PlaybookDraft } from '../../../models/options/playbook-draft';
import { explain } from '../../../models/options/room-requests';
import { serverFieldErrors } from '../../../models/options/validation';
import { useLocale } from '../../helpers/extension-i18n';
import { SAMPLE_PROBLEMS } from '../../helpers/problem-samples';

const fr = textsIn('fr');
const ERROR_CODES = Object.keys(textsIn('en').refusals) as ErrorCode[];
/** Numbers as French writes them ("10 000"); a version is a name and keeps its digits. */
const frNumber = new Intl.NumberFormat('fr');

let restore: (() => void) | undefined;
const under = (lang: 'en' | 'fr') => (restore = useLocale(lang));
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** What each sample's parameters must show in French (numbers the French way, targets, names). */
const shown = (p: Problem): string[] =>
  'params' in p
    ? Object.entries(p.params).flatMap(([k, x]) => (k === 'field' || k === 'what' ? [] : [typeof x === 'number' && k !== 'version' ? frNumber.format(x) : String(x)]))
    : [];

describe('the problem texts', () => {
  it('has one entry per code in every language, each a text', () => {
    for (const lang of LANGUAGES) {
      const t = textsIn(lang);
      expect(Object.keys(t.problems).sort(), lang).toEqual([...PROBLEM_CODES].sort());
      expect(Object.keys(t.refusals).sort(), lang).toEqual([...ERROR_CODES].sort());
      for (const p of SAMPLE_PROBLEMS) expect(renderProblem(t.problems, p), `${lang} ${p.code}`).toBeTruthy();
      for (const code of ERROR_CODES) expect(t.refusals[code]('words'), `${lang} ${code}`).toBeTruthy();
    }
  });

  it('in English, says each problem word for word as the protocol does', () => {
    under('en');
    for (const p of SAMPLE_PROBLEMS) expect(problemLabel(p), p.code).toBe(problemText(p));
    expect(problemLabel({ code: 'assigned-to', params: {} })).toBe(problemText({ code: 'assigned-to', params: {} }));
    expect(problemLabel({ code: 'may-not-change', params: { what: 'playbooks' } })).toBe(problemText({ code: 'may-not-change', params: { what: 'playbooks' } }));
  });

  it('in French, says each problem in French with its parameters', () => {
    under('fr');
    for (const p of SAMPLE_PROBLEMS) {
      const text = problemLabel(p);
      expect(text, p.code).not.toBe(problemText(p));
      for (const param of shown(p)) expect(text, p.code).toContain(param);
    }
    expect(problemLabel({ code: 'too-long', params: { field: 'Organization', max: DetailLimits.orgName } })).toBe('Organisation : 200 caractères au maximum');
    expect(problemLabel({ code: 'too-long', params: { field: 'Notes', max: DetailLimits.notes } })).toBe('Notes : 10\u202f000 caractères au maximum');
    expect(problemLabel({ code: 'at-most', params: { max: 10, what: 'buttons' } })).toBe('10 boutons au maximum');
    expect(problemLabel({ code: 'unsafe-link', params: { target: 'javascript:x' } })).toBe('Les liens doivent être en http(s), mailto ou tel : javascript:x');
  });

  it('without an i18n API, says the protocol’s English; plain text comes back as given', () => {
    expect(problemLabel({ code: 'invalid-email' })).toBe('Enter a valid email address');
    under('fr');
    expect(protocolText('Something the server made up')).toBe('Something the server made up');
    // The text of an English problem is not looked up: only codes are.
    expect(protocolText(problemText({ code: 'invalid-email' }))).toBe('Enter a valid email address');
  });

  it('translates a valibot issue of a protocol schema by the problem it recorded', () => {
    under('fr');
    const [issue] = v.safeParse(Shortcut, 'has space').issues!;
    expect(protocolText(issue)).toBe('Utilisez de 1 à 32 lettres minuscules, chiffres, - ou _');
    const [plain] = v.safeParse(v.string(), 5).issues!;
    expect(protocolText(plain)).toBe(plain.message);
  });
});

describe('a refusal is translated by its code, never by its words', () => {
  it('a field too long, in French, with its maximum', () => {
    under('fr');
    const frame = errorFrame('invalid-field', 'Invalid patch.person.name: Name must be at most 200 characters', {
      fields: { 'patch.person.name': 'Name must be at most 200 characters' },
      problems: { 'patch.person.name': { code: 'too-long', params: { field: 'Name', max: 200 } } },
    });
    expect(protocolFields(frame)).toEqual({ 'patch.person.name': 'Nom : 200 caractères au maximum' });
  });

  it('a frame whose English was changed but whose codes were not is translated the same', () => {
    under('fr');
    const reworded = errorFrame('invalid-field', 'Entirely different words', {
      fields: { 'patch.person.email': 'Please type an e-mail we can use' },
      problems: { 'patch.person.email': { code: 'invalid-email' } },
      problem: { code: 'reply-duplicate' },
    });
    expect(protocolFields(reworded)).toEqual({ 'patch.person.email': 'Saisissez une adresse e-mail valide' });
    expect(refusalText(reworded)).toBe('Une autre réponse enregistrée utilise ce raccourci');
    expect(refusalText(new RequestError('invalid-field', reworded.message, reworded))).toBe('Une autre réponse enregistrée utilise ce raccourci');
    // And the protocol's own English without its code is not recognised: the words alone choose nothing.
    const wordsOnly = errorFrame('invalid-field', ReplyMessages.duplicate, { fields: { 'reply.shortcut': ReplyMessages.duplicate } });
    expect(protocolFields(wordsOnly)).toEqual({ 'reply.shortcut': ReplyMessages.duplicate });
    expect(refusalText(wordsOnly)).toBe('Vérifiez les champs signalés.');
  });

  it('a field with no problem keeps its English; a problem this client does not know falls back to it too', () => {
    under('fr');
    const frame = { fields: { a: 'Invalid type: Expected string but received 5', b: 'New words' }, problems: { b: { code: 'from-a-newer-server' } as unknown as Problem } };
    expect(protocolFields(frame)).toEqual({ a: 'Invalid type: Expected string but received 5', b: 'New words' });
  });

  it('an already-claimed refusal names the winner', () => {
    under('fr');
    const frame = errorFrame('already-claimed', 'Bea already took this conversation', { winner: { id: 'a2', name: 'Bea' } });
    expect(refusalText(new RequestError('already-claimed', frame.message, frame))).toBe('Bea a été plus rapide : la conversation est à lui.');
    expect(refusalText(frame)).toBe('Bea a été plus rapide : la conversation est à lui.');
    restore!();
    under('en');
    expect(refusalText(frame)).toBe('Bea was faster: the chat is theirs.');
  });

  it('a refusal with no problem says what its code means in French, and the room’s own words in English', () => {
    under('fr');
    for (const code of ERROR_CODES) {
      const text = refusalText(new RequestError(code, 'Some English words', errorFrame(code, 'Some English words')));
      expect(text, code).toBe(fr.refusals[code]('Some English words'));
      expect(text, code).not.toContain('Some English words');
    }
    expect(refusalText(new RequestError('conversation-closed', 'This conversation is closed'))).toBe('Cette conversation est fermée.');
    const frame = errorFrame('rate-limited', 'Too many frames; slow down');
    expect(explain(new RequestError('rate-limited', frame.message, frame)).message).toBe('Le serveur a refusé : Trop de demandes : réessayez dans une minute.');
    restore!();
    under('en');
    expect(refusalText(new RequestError('forbidden', 'Only admins may manage agents'))).toBe('Only admins may manage agents');
    expect(refusalText(new Error('boom'))).toBe('boom');
  });

  it('a refusal with a problem says the problem with its parameters', () => {
    under('fr');
    const full = errorFrame('conflict', 'A workspace has at most 200 saved replies', { problem: { code: 'replies-full', params: { max: 200 } } });
    expect(refusalText(new RequestError('conflict', full.message, full))).toBe('Un espace de travail a au plus 200 réponses enregistrées');
    const moved = errorFrame('forbidden', 'This conversation is now assigned to Bob', { problem: { code: 'assigned-to', params: { name: 'Bob' } } });
    expect(refusalText(moved)).toBe('Cette conversation est maintenant attribuée à Bob');
  });
});

describe('the pages that show problems, in a French browser', () => {
  it('the details draft says a bad email, a negative amount and a name too long in French', () => {
    under('fr');
    const d = new DetailsDraft('c1', async () => ({ type: 'ok' }), 400);
    d.input('person.email', 'not-an-email');
    d.input('value.amount', '-3');
    d.input('person.name', 'x'.repeat(DetailLimits.name + 1));
    expect(d.errors.value).toEqual({
      'person.email': 'Saisissez une adresse e-mail valide',
      'value.amount': 'Le montant ne peut pas être négatif',
      'person.name': 'Nom : 200 caractères au maximum',
    });
    d.dispose();
  });

  it('the details draft translates the field problems the room sends back', async () => {
    under('fr');
    const refusal = errorFrame('invalid-field', 'Invalid details', {
      fields: { 'value.currency': 'Use an ISO 4217 currency code, e.g. EUR' },
      problems: { 'value.currency': { code: 'currency' } },
    });
    const d = new DetailsDraft('c1', () => Promise.reject(new RequestError('invalid-field', refusal.message, refusal)), 0);
    d.input('value.currency', 'EUR');
    await d.flush();
    expect(d.errors.value['value.currency']).toBe('Utilisez un code de devise ISO 4217, par ex. EUR');
    d.dispose();
  });

  it('the playbook editor says an empty required field is required in French', () => {
    under('fr');
    const stored: Playbook = { ...liveChatTemplate('pb1'), installedAt: null, updatedAt: 1_700_000_000_001 };
    const draft = new PlaybookDraft(stored);
    draft.value.value = { ...draft.value.value, name: '   ', botName: '' };
    expect(draft.errors.value).toMatchObject({ name: 'Obligatoire', botName: 'Obligatoire' });
    const question = draft.value.value.cards[1]!;
    draft.value.value = { ...draft.value.value, cards: draft.value.value.cards.map((c) => (c === question ? { ...question, buttons: [] } : c)) };
    expect(draft.errors.value['cards.1.buttons']).toBe('Ajoutez au moins un bouton');
  });

  it('the side panel’s composer says why a message can’t be sent in French', () => {
    under('fr');
    const client = new ConversationClient({ transport: new MemoryTransport(), token: async () => 'tok' });
    expect(client.send('   ')).toBe('Le message est vide');
    expect(client.send('\u200b')).toBe('Le message doit contenir au moins un caractère visible');
    expect(client.send('x'.repeat(4_001))).toBe('Le message fait au plus 4\u202f000 caractères');
  });

  it('the options page translates the field problems of a refused save', () => {
    under('fr');
    const frame = errorFrame('invalid-field', 'Invalid playbook', { fields: { 'playbook.color': 'Use a colour like #1f6feb' }, problems: { 'playbook.color': { code: 'colour' } } });
    expect(serverFieldErrors(frame)).toEqual({ color: 'Utilisez une couleur comme #1f6feb' });
  });
});
