import { signal } from '@preact/signals-core';
import { browser } from 'wxt/browser';
import { detailsPatchProblems, type Details, type DetailsPatch } from '../protocol';
import { protocolFields, protocolText } from './protocol-text';
import { RequestError } from './room-connection';
import { Scope } from './scope';

export const DETAIL_FIELDS = [
  'value.amount',
  'value.currency',
  'expectedCloseDate',
  'person.name',
  'person.email',
  'person.phone',
  'organization.name',
  'organization.address',
  'notes',
] as const;
export type FieldPath = (typeof DETAIL_FIELDS)[number];
type Raw = Partial<Record<FieldPath, string>>;

export function readField(details: Details, path: FieldPath): string {
  if (path === 'value.amount') return details.value.amount === null ? '' : String(details.value.amount);
  const [group, key] = path.split('.') as [string, string | undefined];
  const value = key ? (details as unknown as Record<string, Record<string, unknown>>)[group]![key] : (details as unknown as Record<string, unknown>)[group];
  return typeof value === 'string' ? value : '';
}

/** The patch one form field means. An amount accepts a comma as decimal point; empty clears it. */
export function patchFrom(raw: Raw): DetailsPatch {
  const patch: Record<string, unknown> = {};
  for (const [path, text] of Object.entries(raw) as [FieldPath, string][]) {
    let value: unknown = text;
    if (path === 'value.amount') value = text.trim() === '' ? null : Number(text.trim().replace(',', '.'));
    const [group, key] = path.split('.') as [string, string | undefined];
    if (key) patch[group] = { ...(patch[group] as object | undefined), [key]: value };
    else patch[group] = value;
  }
  return patch as DetailsPatch;
}

const storageKey = (conversationId: string) => `details:${conversationId}`;

/**
 * The details form: validated inline, saved as the agent types (debounced), and kept in
 * storage.local until the room confirms, so closing the panel mid-word loses nothing.
 */
export class DetailsDraft {
  readonly values = signal<Record<FieldPath, string>>(Object.fromEntries(DETAIL_FIELDS.map((f) => [f, ''])) as Record<FieldPath, string>);
  readonly errors = signal<Raw>({});
  readonly state = signal<'idle' | 'pending' | 'saving' | 'saved' | 'failed'>('idle');
  private pending: Raw = {};
  private readonly scope = new Scope();
  /** Cancels the debounce timer running, if any. */
  private stopTimer: (() => void) | null = null;

  constructor(
    private readonly conversationId: string,
    private readonly save: (patch: DetailsPatch) => Promise<unknown>,
    private readonly delayMs = 400,
  ) {}

  /** The room's details; fields the agent is still editing keep the agent's text. */
  load(details: Details): void {
    // peek: this runs inside an effect that must depend on the room's details only.
    const next = { ...this.values.peek() };
    const errors = this.errors.peek();
    for (const f of DETAIL_FIELDS) if (!(f in this.pending) && !(f in errors)) next[f] = readField(details, f);
    this.values.value = next;
  }

  /** Picks up edits that were not confirmed before the panel closed last time, and resends them. */
  async restore(): Promise<void> {
    const got = await browser.storage.local.get(storageKey(this.conversationId));
    const saved = got[storageKey(this.conversationId)] as Raw | undefined;
    if (!saved) return;
    for (const [path, text] of Object.entries(saved) as [FieldPath, string][]) this.input(path, text);
  }

  input(path: FieldPath, text: string): void {
    this.values.value = { ...this.values.value, [path]: text };
    const problem = Object.values(detailsPatchProblems(patchFrom({ [path]: text })))[0];
    const errors = { ...this.errors.value };
    if (problem) {
      errors[path] = protocolText(problem);
      delete this.pending[path];
    } else {
      delete errors[path];
      this.pending[path] = text;
    }
    this.errors.value = errors;
    void this.persist();
    if (Object.keys(this.pending).length > 0) {
      this.state.value = 'pending';
      this.stopTimer?.();
      this.stopTimer = this.scope.timeout(() => void this.flush(), this.delayMs);
    }
  }

  /** Saves now (on blur, on hide, or when the debounce fires). */
  async flush(): Promise<void> {
    this.stopTimer?.();
    this.stopTimer = null;
    const sending = { ...this.pending };
    if (Object.keys(sending).length === 0) return;
    this.state.value = 'saving';
    try {
      await this.save(patchFrom(sending));
      for (const [path, text] of Object.entries(sending) as [FieldPath, string][]) if (this.pending[path] === text) delete this.pending[path];
      await this.persist();
      this.state.value = Object.keys(this.pending).length ? 'pending' : 'saved';
    } catch (e) {
      // Field errors from the room are shown inline; anything else stays pending for the next try.
      const frame = e instanceof RequestError ? e.frame : undefined;
      if (frame?.fields || frame?.problems) {
        const errors = { ...this.errors.value };
        for (const [path, message] of Object.entries(protocolFields(frame))) {
          errors[path as FieldPath] = message;
          delete this.pending[path as FieldPath];
        }
        this.errors.value = errors;
        await this.persist();
      }
      this.state.value = 'failed';
    }
  }

  /** Stops the debounce (a draft disposed mid-word saves nothing by itself: flush first, as the panel does). */
  dispose(): void {
    this.scope.dispose();
  }

  private async persist(): Promise<void> {
    const key = storageKey(this.conversationId);
    if (Object.keys(this.pending).length) await browser.storage.local.set({ [key]: { ...this.pending } });
    else await browser.storage.local.remove(key);
  }
}
