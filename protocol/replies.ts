import * as v from 'valibot';
import { Id, PlaybookMessages } from './playbook';
import { atMostMessage } from './richtext';
import { Limits } from './version';
import { str, Timestamp } from './bounds';

/** Saved replies (canned responses): a workspace keeps at most this many. */
export const SAVED_REPLIES_MAX = 200;
export const SHORTCUT_MAX = 32;

/**
 * Every fixed message the saved-reply schemas and the room give. English on the wire; the extension
 * translates each one (models/protocol-text.ts), so a new one must be added there too.
 */
export const ReplyMessages = {
  shortcut: 'Use 1-32 lower-case letters, digits, - or _',
  duplicate: 'Another saved reply uses this shortcut',
  full: `A workspace has at most ${SAVED_REPLIES_MAX} saved replies`,
} as const;

/** `price`, `follow-up_2`: typed after `/` in the composer. Lower-cased before it is checked, so unique regardless of case. */
export const Shortcut = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(new RegExp(`^[a-z0-9_-]{1,${SHORTCUT_MAX}}$`), ReplyMessages.shortcut),
);
/** What the reply inserts: as long as a chat message may be. */
export const ReplyText = v.pipe(
  v.string(),
  v.check((s) => s.trim().length > 0, PlaybookMessages.required),
  v.maxLength(Limits.messageChars, atMostMessage(Limits.messageChars, 'characters')),
);

/** What an agent sends: no id = a new reply. */
export const SavedReplyInput = v.strictObject({ id: v.optional(Id), shortcut: Shortcut, text: ReplyText });
export type SavedReplyInput = v.InferOutput<typeof SavedReplyInput>;

/** As stored (`reply:<id>`) and sent to every agent. */
export const SavedReply = v.strictObject({ id: Id, shortcut: str(SHORTCUT_MAX), text: str(Limits.messageChars), updatedAt: Timestamp });
export type SavedReply = v.InferOutput<typeof SavedReply>;

/** The list order everywhere: by shortcut. */
export const sortReplies = (list: Iterable<SavedReply>): SavedReply[] => [...list].sort((a, b) => (a.shortcut < b.shortcut ? -1 : a.shortcut > b.shortcut ? 1 : 0));
