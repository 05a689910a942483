import * as v from 'valibot';
import { SavedReplyInput, Shortcut, type SavedReply } from '../../protocol';
import { protocolText } from '../protocol-text';
import { issuesToErrors, type Checked } from './validation';

/** The Add / Edit saved reply form: no `id` adds a reply. */
export type ReplyFormValue = { id?: string; shortcut: string; text: string };
export const emptyReplyForm = (): ReplyFormValue => ({ shortcut: '', text: '' });
export const replyForm = (r: SavedReply): ReplyFormValue => ({ id: r.id, shortcut: r.shortcut, text: r.text });

/**
 * The `reply` of a `reply-save` frame, checked with the schema the room uses (keys `shortcut`, `text`),
 * plus the room's duplicate rule against the list we hold, so most mistakes show before anything is sent.
 */
export function checkReplyForm(form: ReplyFormValue, existing: readonly SavedReply[] = []): Checked<SavedReplyInput> {
  const input = { ...(form.id ? { id: form.id } : {}), shortcut: form.shortcut, text: form.text };
  const result = v.safeParse(SavedReplyInput, input);
  const errors: Record<string, string> = result.success ? {} : { ...issuesToErrors(result.issues) };
  const shortcut = v.safeParse(Shortcut, form.shortcut);
  if (shortcut.success && existing.some((r) => r.id !== form.id && r.shortcut === shortcut.output)) errors['shortcut'] ??= protocolText({ code: 'reply-duplicate' });
  return result.success && Object.keys(errors).length === 0 ? { ok: true, value: result.output } : { ok: false, errors };
}
