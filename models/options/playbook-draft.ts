import { computed, signal, type Signal } from '@preact/signals-core';
import type { Card, CardType, Playbook, PlaybookInput } from '../../protocol';
import * as ops from './card-list';
import { checkPlaybook, type FieldErrors } from './validation';

/** What the admin may edit besides the cards. `id` and `revision` are never edited by hand. */
export type PlaybookFields = Partial<Pick<PlaybookInput, 'name' | 'botName' | 'botAvatar' | 'color' | 'allowedOrigins'>>;

/** A stored playbook without the fields only the server sets (the save frame is a strict object). */
export function toInput(p: Playbook | PlaybookInput): PlaybookInput {
  const { installedAt: _i, updatedAt: _u, ...input } = p as Playbook;
  return input;
}

/** Order-insensitive deep equality for JSON-like values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const withoutRevision = (p: PlaybookInput) => ({ ...p, revision: 0 });

/**
 * The editor's state for one playbook: the stored version, the working copy, its validation errors and
 * which card is open. Pure signals, so it runs the same in a unit test as in the options page.
 */
export class PlaybookDraft {
  readonly base: Signal<Playbook>;
  readonly value: Signal<PlaybookInput>;
  /** The card whose form is open (pencil), if any. */
  readonly editing = signal<string | null>(null);
  /** Errors from the last refused save (server side); cleared by the next edit. */
  readonly serverErrors = signal<FieldErrors>({});
  /** Someone else saved this playbook while we had unsaved changes. */
  readonly conflict = signal(false);
  readonly saving = signal(false);
  readonly checked = computed(() => checkPlaybook(this.value.value));
  readonly errors = computed<FieldErrors>(() => {
    const c = this.checked.value;
    return { ...this.serverErrors.value, ...(c.ok ? {} : c.errors) };
  });
  readonly dirty = computed(() => !sameJson(toInput(this.base.value), this.value.value));

  constructor(stored: Playbook) {
    this.base = signal(stored);
    this.value = signal(toInput(stored));
  }

  get id() {
    return this.base.value.id;
  }

  private edit(next: PlaybookInput) {
    this.value.value = next;
    this.serverErrors.value = {};
  }

  set(fields: PlaybookFields) {
    const next = { ...this.value.value, ...fields };
    if (next.botAvatar === '') delete next.botAvatar;
    this.edit(next);
  }

  private setCards(cards: Card[]) {
    this.edit({ ...this.value.value, cards });
  }

  addCard(type: CardType) {
    const cards = ops.addCard(this.value.value.cards, type);
    this.setCards(cards);
    this.editing.value = cards[cards.length - 1]!.id;
  }

  addLiveChatCard() {
    const existing = this.value.value.cards.find((c) => c.type === 'live-chat');
    if (!existing) this.setCards(ops.addLiveChatCard(this.value.value.cards));
    this.editing.value = (existing ?? this.value.value.cards.find((c) => c.type === 'live-chat'))!.id;
  }

  updateCard(id: string, card: Card) {
    this.setCards(ops.updateCard(this.value.value.cards, id, card));
  }

  deleteCard(id: string) {
    this.setCards(ops.deleteCard(this.value.value.cards, id));
    if (this.editing.value === id) this.editing.value = null;
  }

  moveCard(id: string, delta: -1 | 1) {
    this.setCards(ops.moveCard(this.value.value.cards, id, delta));
  }

  discard() {
    this.edit(toInput(this.base.value));
    this.conflict.value = false;
  }

  /**
   * A newer stored version arrived. Adopt it when it is what we saved; otherwise merge field by field
   * (name, colour, allowed sites, cards...): what only one side changed is kept, and only when both
   * changed the same field differently is it a conflict, with the user's work left untouched.
   */
  rebase(stored: Playbook) {
    if (stored.id !== this.id) return;
    const oldBase = toInput(this.base.value);
    const theirs = toInput(stored);
    const mine = this.value.value;
    const minePrepared = this.checked.value.ok ? this.checked.value.value : mine;
    this.base.value = stored;
    if (sameJson(withoutRevision(theirs), withoutRevision(minePrepared))) {
      this.value.value = theirs;
      this.conflict.value = false;
      return;
    }
    const merged: Record<string, unknown> = { ...mine, revision: theirs.revision };
    let conflict = false;
    const keys = new Set([...Object.keys(mine), ...Object.keys(theirs)].filter((k) => k !== 'revision' && k !== 'id'));
    for (const key of keys) {
      const [m, b, s] = [mine, oldBase, theirs].map((x) => (x as Record<string, unknown>)[key]);
      if (sameJson(m, b)) merged[key] = s;
      else if (!sameJson(s, b) && !sameJson(m, s)) conflict = true;
    }
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    if (conflict) this.conflict.value = true;
    else this.value.value = merged as PlaybookInput;
  }

  /** The `playbook-save` frame, or the errors that keep it from being sent. */
  saveFrame(ref?: string) {
    const c = this.checked.value;
    if (!c.ok) return { ok: false as const, errors: c.errors };
    return { ok: true as const, frame: { type: 'playbook-save' as const, ...(ref ? { ref } : {}), playbook: c.value } };
  }
}
