import * as v from 'valibot';
import { Id } from './playbook';
import { Limits } from './version';
import { atMost, str, Timestamp } from './bounds';
import { problemText, says } from './problems';

/** Saved replies (canned responses): a workspace keeps at most this many. */
export const SAVED_REPLIES_MAX = 200;
export const SHORTCUT_MAX = 32;

/** The saved replies' problems in English (kept for API consumers and tests; clients translate the codes). */
export const ReplyMessages = {
  shortcut: problemText({ code: 'reply-shortcut' }),
  duplicate: problemText({ code: 'reply-duplicate' }),
  full: problemText({ code: 'replies-full', params: { max: SAVED_REPLIES_MAX } }),
} as const;

/** `price`, `follow-up_2`: typed after `/` in the composer. Lower-cased before it is checked, so unique regardless of case. */
export const Shortcut = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(new RegExp(`^[a-z0-9_-]{1,${SHORTCUT_MAX}}$`), says({ code: 'reply-shortcut' })),
);
/** What the reply inserts: as long as a chat message may be. */
export const ReplyText = v.pipe(
  v.string(),
  v.check((s) => s.trim().length > 0, says({ code: 'required' })),
  v.maxLength(Limits.messageChars, atMost(Limits.messageChars)),
);

/** What an agent sends: no id = a new reply. */
export const SavedReplyInput = v.strictObject({ id: v.optional(Id), shortcut: Shortcut, text: ReplyText });
export type SavedReplyInput = v.InferOutput<typeof SavedReplyInput>;

/** As stored (`reply:<id>`) and sent to every agent. */
export const SavedReply = v.strictObject({ id: Id, shortcut: str(SHORTCUT_MAX), text: str(Limits.messageChars), updatedAt: Timestamp });
export type SavedReply = v.InferOutput<typeof SavedReply>;

/** The list order everywhere: by shortcut. */
export const sortReplies = (list: Iterable<SavedReply>): SavedReply[] => [...list].sort((a, b) => (a.shortcut < b.shortcut ? -1 : a.shortcut > b.shortcut ? 1 : 0));
