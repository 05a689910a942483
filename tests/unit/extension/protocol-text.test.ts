import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  atMostMessage,
  BoundMessages,
  DETAIL_LABELS,
  DetailLimits,
  DetailMessages,
  errorFrame,
  liveChatTemplate,
  PlaybookMessages,
  ReplyMessages,
  richTextIssues,
  RICH_TEXT_MAX,
  tooLongMessage,
  unsafeImageMessage,
  unsafeLinkMessage,
  type ErrorCode,
  type Playbook,
} from '../../../protocol';
import { DetailsDraft } from '../../../models/details-draft';
import {
  BOUND_MESSAGE_KEYS,
  CLAIMED_BY_KEY,
  DETAIL_LABEL_KEYS,
  DETAIL_MESSAGE_KEYS,
  PLAYBOOK_MESSAGE_KEYS,
  REPLY_MESSAGE_KEYS,
  protocolText,
  refusalText,
  REFUSAL_KEYS,
} from '../../../models/protocol-text';
import { RequestError } from '../../../models/room-connection';
import { PlaybookDraft } from '../../../models/options/playbook-draft';
import { explain } from '../../../models/options/room-requests';
import { serverFieldErrors } from '../../../models/options/validation';
import { en as optionsEn } from '../../../ui/options/i18n';
import { useLocale } from '../../helpers/extension-i18n';

type Catalogue = Record<string, { message: string }>;
const catalogue = (lang: 'en' | 'fr') => JSON.parse(readFileSync(resolve(`extension-public/_locales/${lang}/messages.json`), 'utf8')) as Catalogue;

let restore: (() => void) | undefined;
const under = (lang: 'en' | 'fr') => (restore = useLocale(lang));
afterEach(() => {
  restore?.();
  restore = undefined;
});

// Every message the protocol can give, as the rooms write it (numbers and targets filled in).
const fixed = [...Object.values(DetailMessages), ...Object.values(PlaybookMessages), ...Object.values(ReplyMessages), ...Object.values(BoundMessages)];
const templated = [
  ...DETAIL_LABELS.map((label) => tooLongMessage(label, 200)),
  atMostMessage(200, 'characters'),
  atMostMessage(10, 'buttons'),
  atMostMessage(100, 'cards'),
  unsafeImageMessage('data:image/png;base64,AAAA'),
  unsafeLinkMessage('javascript:alert(1)'),
];

describe('the protocol messages catalogue', () => {
  it('has the same keys in English and French', () => {
    expect(Object.keys(catalogue('fr')).sort()).toEqual(Object.keys(catalogue('en')).sort());
  });

  it('has an English and a French entry for every key the tables use, French ones not left in English', () => {
    const keys = [
      ...Object.values(DETAIL_MESSAGE_KEYS),
      ...Object.values(PLAYBOOK_MESSAGE_KEYS),
      ...Object.values(REPLY_MESSAGE_KEYS),
      ...Object.values(BOUND_MESSAGE_KEYS),
      ...Object.values(DETAIL_LABEL_KEYS),
      ...Object.values(REFUSAL_KEYS),
      CLAIMED_BY_KEY,
      'pmTooLong',
      'pmAtMostCharacters',
      'pmAtMostButtons',
      'pmAtMostCards',
      'pmUnsafeImage',
      'pmUnsafeLink',
    ];
    const [enCat, frCat] = [catalogue('en'), catalogue('fr')];
    for (const key of keys) {
      expect(enCat[key]?.message, key).toBeTruthy();
      expect(frCat[key]?.message, key).toBeTruthy();
    }
    for (const key of [...Object.values(PLAYBOOK_MESSAGE_KEYS), ...Object.values(BOUND_MESSAGE_KEYS)]) expect(frCat[key]!.message, key).not.toBe(enCat[key]!.message);
  });

  it('gives back every protocol message word for word in English', () => {
    under('en');
    for (const message of [...fixed, ...templated]) expect(protocolText(message)).toBe(message);
  });

  it('translates every protocol message in French, keeping its numbers and targets', () => {
    under('fr');
    for (const message of fixed) expect(protocolText(message), message).not.toBe(message);
    for (const message of templated) expect(protocolText(message), message).not.toBe(message);
    expect(protocolText(tooLongMessage('Organization', DetailLimits.orgName))).toBe('Organisation : 200 caractères au maximum');
    expect(protocolText(tooLongMessage('Notes', DetailLimits.notes))).toBe('Notes : 10000 caractères au maximum');
    expect(protocolText(atMostMessage(10, 'buttons'))).toBe('10 boutons au maximum');
    expect(protocolText(unsafeLinkMessage('javascript:x'))).toBe('Les liens doivent être en http(s), mailto ou tel : javascript:x');
    expect(richTextIssues('x'.repeat(RICH_TEXT_MAX + 1)).map(protocolText)).toEqual([`${RICH_TEXT_MAX} caractères au maximum`]);
  });

  it('leaves a message it does not know as it is, and works without an i18n API', () => {
    under('fr');
    expect(protocolText('Something the server made up')).toBe('Something the server made up');
    restore!();
    restore = undefined;
    expect(protocolText(DetailMessages.invalidEmail)).toBe('Enter a valid email address');
  });
});

describe('in a French browser', () => {
  it('the details draft says a bad email is wrong in French', () => {
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

  it('the details draft translates the field errors the room sends back', async () => {
    under('fr');
    const refusal = errorFrame('invalid-field', 'Invalid details', { fields: { 'value.currency': DetailMessages.currency } });
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

  it('the options page translates the field errors of a refused save', () => {
    under('fr');
    const frame = errorFrame('invalid-field', 'Invalid playbook', { fields: { 'playbook.color': PlaybookMessages.colour } });
    expect(serverFieldErrors(frame)).toEqual({ color: 'Utilisez une couleur comme #1f6feb' });
  });

  it('an already-claimed refusal names the winner in French', () => {
    under('fr');
    const frame = errorFrame('already-claimed', 'Bea already took this conversation', { winner: { id: 'a2', name: 'Bea' } });
    expect(refusalText(new RequestError('already-claimed', frame.message, frame))).toBe('Bea a été plus rapide : la conversation est à lui.');
    expect(refusalText(frame)).toBe('Bea a été plus rapide : la conversation est à lui.');
  });

  it('other refusals say what their code means, never the English text', () => {
    under('fr');
    const codes = Object.keys(REFUSAL_KEYS) as ErrorCode[];
    for (const code of codes) {
      const text = refusalText(new RequestError(code, 'Some English words', errorFrame(code, 'Some English words')));
      expect(text, code).not.toContain('English');
      expect(text, code).toBe(catalogue('fr')[REFUSAL_KEYS[code]]!.message);
    }
    expect(refusalText(new RequestError('conversation-closed', 'This conversation is closed'))).toBe('Cette conversation est fermée.');
    const frame = errorFrame('rate-limited', 'Too many frames; slow down');
    expect(explain(optionsEn, new RequestError('rate-limited', frame.message, frame)).message).toBe(
      'The server refused: Trop de demandes : réessayez dans une minute.',
    );
  });
});

describe('in an English browser', () => {
  it('refusals keep the room’s own words', () => {
    under('en');
    expect(refusalText(new RequestError('forbidden', 'Only admins may manage agents'))).toBe('Only admins may manage agents');
    const frame = errorFrame('already-claimed', 'Bea already took this conversation', { winner: { id: 'a2', name: 'Bea' } });
    expect(refusalText(frame)).toBe('Bea was faster: the chat is theirs.');
    expect(refusalText(new Error('boom'))).toBe('boom');
  });
});
