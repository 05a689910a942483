import type { BaseIssue } from 'valibot';
import { problemOf, renderProblem, type ErrorFrame, type Problem } from '../protocol';
import { texts } from './i18n';
import { RequestError } from './room-connection';

/*
 * The protocol's problems and refusals in the extension's language, by code. Rooms send each refusal as a code
 * (ErrorFrame.code), the refusal's own problem when it has one (`problem`), and field problems by path
 * (`problems`), each a code with typed parameters (protocol/problems.ts); the extension's tables of texts
 * (models/i18n.ts) give each code its text: `problems` (`satisfies ProblemTexts<string>`, one entry per code
 * in every language, or it does not compile), `refusals` (one per ErrorCode) and `claimedBy`. The English
 * `message` and `fields` of a frame are never read to choose a text: only shown as given when there is nothing
 * else (a server's free-form words, in English). `protocol-text.test.ts` checks that every French entry says the
 * code's parameters.
 */

const known = (p: { code: string }): p is Problem => Object.hasOwn(texts().problems, p.code);

/** What a problem's code and parameters say in the extension's language; '' for a code this client does not know. */
export function problemLabel(p: Problem): string {
  return known(p) ? renderProblem(texts().problems, p) : '';
}

const isIssue = (x: object): x is BaseIssue<unknown> => 'kind' in x && 'message' in x;

/**
 * A problem in the extension's language: given as a problem, or as the valibot issue a protocol schema made
 * (its recorded problem). Plain text is the server's or valibot's own words and comes back as given.
 */
export function protocolText(what: Problem | BaseIssue<unknown> | string): string {
  if (typeof what === 'string') return what;
  if (isIssue(what)) {
    const p = problemOf(what);
    return (p && problemLabel(p)) || what.message;
  }
  return problemLabel(what);
}

/** A refusal's field problems in the extension's language, by path; a path with no problem keeps its English. */
export function protocolFields(frame: Pick<ErrorFrame, 'fields' | 'problems'>): Record<string, string> {
  const out: Record<string, string> = { ...frame.fields };
  for (const [path, p] of Object.entries(frame.problems ?? {})) out[path] = problemLabel(p) || (out[path] ?? '');
  return out;
}

/** What a refused request (RequestError, ErrorFrame or any error) says, in the extension's language. */
export function refusalText(error: unknown): string {
  const frame: Pick<ErrorFrame, 'code' | 'message' | 'winner' | 'problem'> | null =
    error instanceof RequestError
      ? { code: error.code, message: error.message, winner: error.frame?.winner, problem: error.frame?.problem }
      : isErrorFrame(error)
        ? error
        : null;
  if (!frame) return error instanceof Error ? error.message : String(error);
  const t = texts();
  if (frame.code === 'already-claimed' && frame.winner) return t.claimedBy(frame.winner.name);
  if (frame.problem) return problemLabel(frame.problem) || frame.message;
  // A code from a newer room than this client: its English words, as given.
  return Object.hasOwn(t.refusals, frame.code) ? t.refusals[frame.code](frame.message) : frame.message;
}

function isErrorFrame(x: unknown): x is ErrorFrame {
  return typeof x === 'object' && x !== null && (x as ErrorFrame).type === 'error' && Object.hasOwn(texts().refusals, (x as ErrorFrame).code);
}
