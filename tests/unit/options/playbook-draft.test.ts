import { describe, expect, it } from 'vitest';
import { liveChatTemplate, blankPlaybook, type Playbook } from '../../../protocol';
import { PlaybookDraft, sameJson, toInput } from '../../../models/options/playbook-draft';

const stored = (over: Partial<Playbook> = {}): Playbook => ({ ...liveChatTemplate('pb1'), installedAt: null, updatedAt: 1, ...over });

describe('PlaybookDraft', () => {
  it('starts clean and valid, without the server-only fields', () => {
    const d = new PlaybookDraft(stored());
    expect(d.dirty.value).toBe(false);
    expect(d.errors.value).toEqual({});
    expect(d.value.value).not.toHaveProperty('installedAt');
    expect(d.value.value).not.toHaveProperty('updatedAt');
  });

  it('builds the whole-playbook save frame with the stored revision', () => {
    const d = new PlaybookDraft(stored({ revision: 3 }));
    const chat = d.value.value.cards.find((c) => c.type === 'live-chat')!;
    d.updateCard(chat.id, { ...chat, waitSeconds: 300 });
    expect(d.dirty.value).toBe(true);
    const out = d.saveFrame('r1');
    expect(out).toMatchObject({ ok: true, frame: { type: 'playbook-save', ref: 'r1', playbook: { id: 'pb1', revision: 3 } } });
    if (out.ok) expect(out.frame.playbook.cards[2]).toMatchObject({ type: 'live-chat', waitSeconds: 300 });
  });

  it('sends nothing while a field is invalid, and says where', () => {
    const d = new PlaybookDraft(stored());
    const chat = d.value.value.cards[2]!;
    d.updateCard(chat.id, { ...chat, offlineMessage: '![x](data:image/png;base64,AAAA)' } as typeof chat);
    const out = d.saveFrame();
    expect(out.ok).toBe(false);
    expect(Object.keys(d.errors.value)).toEqual(['cards.2.offlineMessage']);
  });

  it('adds a live chat card to a blank playbook and opens it; a second click only reopens it', () => {
    const d = new PlaybookDraft({ ...blankPlaybook('pb2'), installedAt: null, updatedAt: 1 });
    d.addLiveChatCard();
    expect(d.value.value.cards.map((c) => c.type)).toEqual(['live-chat']);
    expect(d.editing.value).toBe('live-chat');
    d.editing.value = null;
    d.addLiveChatCard();
    expect(d.value.value.cards).toHaveLength(1);
    expect(d.editing.value).toBe('live-chat');
    expect(d.saveFrame().ok).toBe(true);
  });

  it('closes the form of a deleted card', () => {
    const d = new PlaybookDraft(stored());
    d.editing.value = 'topic';
    d.deleteCard('topic');
    expect(d.editing.value).toBeNull();
    expect(d.value.value.cards.map((c) => c.id)).toEqual(['greeting', 'live-chat', 'thanks']);
  });

  it('drops an emptied optional avatar instead of sending an invalid URL', () => {
    const d = new PlaybookDraft(stored({ botAvatar: 'https://x.example/a.png' }));
    d.set({ botAvatar: '' });
    expect(d.value.value).not.toHaveProperty('botAvatar');
    expect(d.saveFrame().ok).toBe(true);
  });

  it('adopts the stored version that matches what it saved', () => {
    const d = new PlaybookDraft(stored({ revision: 1 }));
    d.set({ name: ' Renamed ' });
    d.rebase(stored({ revision: 2, name: 'Renamed', updatedAt: 2 }));
    expect(d.dirty.value).toBe(false);
    expect(d.conflict.value).toBe(false);
    expect(d.value.value.revision).toBe(2);
  });

  it('follows outside changes when clean, flags a conflict when not', () => {
    const clean = new PlaybookDraft(stored({ revision: 1 }));
    clean.rebase(stored({ revision: 2, name: 'Theirs' }));
    expect(clean.value.value).toMatchObject({ name: 'Theirs', revision: 2 });

    const dirty = new PlaybookDraft(stored({ revision: 1 }));
    dirty.set({ name: 'Mine' });
    dirty.rebase(stored({ revision: 2, name: 'Theirs' }));
    expect(dirty.conflict.value).toBe(true);
    expect(dirty.value.value).toMatchObject({ name: 'Mine', revision: 1 });
    dirty.discard();
    expect(dirty.value.value).toMatchObject({ name: 'Theirs', revision: 2 });
    expect(dirty.conflict.value).toBe(false);
  });

  it('merges an outside change to another field into unsaved work', () => {
    const d = new PlaybookDraft(stored({ revision: 1 }));
    d.deleteCard('topic');
    d.rebase(stored({ revision: 2, allowedOrigins: ['https://shop.example'] }));
    expect(d.conflict.value).toBe(false);
    expect(d.value.value).toMatchObject({ revision: 2, allowedOrigins: ['https://shop.example'] });
    expect(d.value.value.cards.map((c) => c.id)).toEqual(['greeting', 'live-chat', 'thanks']);
    expect(d.dirty.value).toBe(true);
    const out = d.saveFrame();
    expect(out.ok && out.frame.playbook.revision).toBe(2);
  });

  it('ignores other playbooks and clears server errors on the next edit', () => {
    const d = new PlaybookDraft(stored());
    d.rebase({ ...stored(), id: 'other', name: 'Other' });
    expect(d.value.value.name).toBe('Live chat');
    d.serverErrors.value = { '': 'Revision mismatch' };
    expect(d.errors.value).toEqual({ '': 'Revision mismatch' });
    d.set({ botName: 'Bot' });
    expect(d.errors.value).toEqual({});
  });
});

describe('sameJson', () => {
  it('ignores key order and undefined keys', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson(toInput(stored()), liveChatTemplate('pb1'))).toBe(true);
  });
});
