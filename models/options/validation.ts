import * as v from 'valibot';
import { PlaybookInput, type ErrorFrame } from '../../protocol';
import { protocolText } from '../protocol-text';

/** Problems keyed by the dotted path of the field they belong to (`cards.2.waitSeconds`); '' = the whole form. */
export type FieldErrors = Readonly<Record<string, string>>;

/** Turns valibot issues into one message per field path (the first one wins, as the user fixes them in order), translated. */
export function issuesToErrors(issues: readonly v.BaseIssue<unknown>[], stripPrefix = ''): FieldErrors {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    let key = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    if (stripPrefix && key.startsWith(stripPrefix)) key = key.slice(stripPrefix.length);
    out[key] ??= protocolText(issue);
  }
  return out;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Validates a draft with the same schema the server uses; the output is what gets sent (labels trimmed). */
export function checkPlaybook(input: unknown): Checked<PlaybookInput> {
  const result = v.safeParse(PlaybookInput, input);
  return result.success ? { ok: true, value: result.output } : { ok: false, errors: issuesToErrors(result.issues) };
}

/** A server refusal's field map (paths like `playbook.cards.1.text`) in editor terms. */
export function serverFieldErrors(frame: Pick<ErrorFrame, 'fields' | 'problems' | 'message' | 'problem'>, prefix = 'playbook.'): FieldErrors {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(frame.fields ?? {})) {
    const problem = frame.problems?.[path];
    out[path.startsWith(prefix) ? path.slice(prefix.length) : path] = (problem && protocolText(problem)) || message;
  }
  if (Object.keys(out).length === 0) out[''] = (frame.problem && protocolText(frame.problem)) || frame.message;
  return out;
}

/** The errors under one path prefix, keyed by the rest of the path: `within(e, 'cards.2')['waitSeconds']`. */
export function within(errors: FieldErrors, prefix: string): FieldErrors {
  const out: Record<string, string> = {};
  const head = prefix + '.';
  for (const [key, message] of Object.entries(errors)) {
    if (key === prefix) out[''] = message;
    else if (key.startsWith(head)) out[key.slice(head.length)] = message;
  }
  return out;
}

export const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

/**
 * Turns the "Allowed sites" text (one origin per line, commas or spaces also accepted) into origins.
 * A trailing slash is dropped because people paste `https://example.com/`.
 */
export function parseOrigins(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter((s) => s !== '');
}
