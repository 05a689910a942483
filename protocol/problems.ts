import type { BaseIssue } from 'valibot';

/*
 * Every problem the protocol's checks and the rooms can name, as a code with typed parameters.
 *
 * A problem is what a client translates: `{ code: 'too-long', params: { field: 'Name', max: 200 } }`. The rooms
 * still send English (`ErrorFrame.message`, `fields`) for API consumers and old clients; that English is made
 * here, by `problemText`, and nowhere else. Clients read `ErrorFrame.problem` / `problems` and switch on the code:
 * they never look at the English.
 *
 * valibot's `message` can only be a string or a function returning one, so the schemas use `says(problem)`: a
 * message function that writes the English and records the problem for the issue object valibot is building
 * (a WeakMap keyed by that object). `problemOf(issue)` reads it back. Nothing is ever derived from the text.
 */

/** The field names a details "too long" problem can name (English on the wire; clients translate them). */
export const DETAIL_LABELS = ['Name', 'Email', 'Organization', 'Address', 'Notes'] as const;
export type DetailLabel = (typeof DETAIL_LABELS)[number];

/** What an "At most N …" problem counts. */
export const AT_MOST_WHAT = ['characters', 'buttons', 'cards'] as const;
export type AtMostWhat = (typeof AT_MOST_WHAT)[number];

/** What an agent without "manage live chat" may not change. */
export const MANAGED_THINGS = ['playbooks', 'saved replies'] as const;
export type ManagedThing = (typeof MANAGED_THINGS)[number];

/** Longest rich-text target a problem carries; a longer one is cut, with an ellipsis. */
export const PROBLEM_TARGET_MAX = 500;

/** Each code and its parameters (`undefined`: none). The one list: a new code needs English here and text in each client. */
export type ProblemParams = {
  // details (protocol/details.ts)
  'invalid-email': undefined;
  'invalid-phone': undefined;
  'amount-not-number': undefined;
  'amount-not-finite': undefined;
  'amount-negative': undefined;
  'amount-too-large': undefined;
  currency: undefined;
  date: undefined;
  'too-long': { field: DetailLabel; max: number };
  // bounds (protocol/bounds.ts, text-checks.ts)
  'not-finite': undefined;
  'not-whole': undefined;
  'out-of-range': undefined;
  'time-range': undefined;
  'name-chars': undefined;
  'message-empty': undefined;
  'message-invisible': undefined;
  'too-many': undefined;
  'at-most': { max: number; what: AtMostWhat };
  // rich text (protocol/richtext.ts)
  'unsafe-image': { target: string };
  'unsafe-link': { target: string };
  // playbooks (protocol/playbook.ts)
  'id-format': undefined;
  'wait-time': undefined;
  required: undefined;
  'answer-key': undefined;
  'reserved-name': undefined;
  'add-button': undefined;
  'choose-item': undefined;
  origin: undefined;
  'avatar-url': undefined;
  colour: undefined;
  'unique-card-ids': undefined;
  'one-live-chat': undefined;
  // saved replies (protocol/replies.ts, party/workspace/replies.ts)
  'reply-shortcut': undefined;
  'reply-duplicate': undefined;
  'replies-full': { max: number };
  // conversation frames (protocol/model.ts)
  'message-id': undefined;
  'message-too-long': { max: number };
  'too-many-answers': undefined;
  // workspace frames (protocol/workspace.ts)
  'name-required': undefined;
  // CRM settings (protocol/crm.ts, party/crm/settings.ts)
  'pipedrive-domain': undefined;
  'pipedrive-token': undefined;
  'url-full': undefined;
  'url-http': undefined;
  'https-only': undefined;
  'too-short': { min: number };
  'settings-object': undefined;
  'records-cursor': undefined;
  'export-format': undefined;
  // business hours (protocol/hours.ts)
  'time-zone': undefined;
  'clock-time': undefined;
  'range-order': undefined;
  'range-overlap': undefined;
  'hours-date': undefined;
  'duplicate-date': undefined;
  'exception-hours': undefined;
  'too-many-ranges': { max: number };
  'too-many-exceptions': { max: number };
  // the rooms' own field checks
  'email-taken': undefined;
  'future-time': undefined;
  // identity (protocol/identity.ts, party/workspace/identity.ts)
  'user-hash': undefined;
  'identity-mismatch': undefined;
  'identity-required': undefined;
  'chat-unavailable': undefined;
  // email (protocol/email.ts, party/email/)
  'email-host': undefined;
  'email-domain': undefined;
  'email-needed': undefined;
  'email-off': undefined;
  'transcript-limit': undefined;
  /** A value refused by a check that names no problem of its own (valibot's defaults: a wrong type, an unknown key). */
  'invalid-value': undefined;
  // refusals with parameters (ErrorFrame.problem)
  'frame-too-large': { max: number };
  'body-too-large': { max: number };
  'hello-first': { max: number };
  'protocol-version': { version: number };
  'assigned-to': { name?: string };
  'may-not-change': { what: ManagedThing };
  'setup-key-short': { min: number };
};

export type ProblemCode = keyof ProblemParams;

/** One problem: `{ code }` when the code has no parameters, else `{ code, params }`. */
export type Problem = {
  [C in ProblemCode]: ProblemParams[C] extends undefined ? { code: C } : { code: C; params: ProblemParams[C] };
}[ProblemCode];
export type ProblemOf<C extends ProblemCode> = Extract<Problem, { code: C }>;

/** What a table of texts gives for each code: a function of the code's parameters. */
export type ProblemTexts<T> = { [C in ProblemCode]: (params: ProblemParams[C]) => T };

/** The English of every problem: what the API, the widget and the `fields` of an ErrorFrame say. */
const ENGLISH = {
  'invalid-email': () => 'Enter a valid email address',
  'invalid-phone': () => 'Enter a valid phone number',
  'amount-not-number': () => 'Amount must be a number',
  'amount-not-finite': () => 'Amount must be a finite number',
  'amount-negative': () => 'Amount cannot be negative',
  'amount-too-large': () => 'Amount is too large',
  currency: () => 'Use an ISO 4217 currency code, e.g. EUR',
  date: () => 'Enter a real date as YYYY-MM-DD',
  'too-long': ({ field, max }) => `${field} must be at most ${max} characters`,
  'not-finite': () => 'Must be a finite number',
  'not-whole': () => 'Must be a whole number',
  'out-of-range': () => 'Number out of range',
  'time-range': () => 'Must be a date between 2000 and 2100',
  'name-chars': () => 'Remove control and text-direction characters',
  'message-empty': () => 'Message is empty',
  'message-invisible': () => 'Message must contain a visible character',
  'too-many': () => 'Too many items',
  'at-most': ({ max, what }) => `At most ${max} ${what}`,
  'unsafe-image': ({ target }) => `Images must be http(s) URLs: ${target}`,
  'unsafe-link': ({ target }) => `Links must be http(s), mailto or tel: ${target}`,
  'id-format': () => 'Ids are 1-64 letters, digits, _ or -',
  'wait-time': () => 'Choose a wait time between 30 s and 10 min',
  required: () => 'Required',
  'answer-key': () => 'Use lower-case letters, digits and _',
  'reserved-name': () => 'This name is reserved; choose another',
  'add-button': () => 'Add at least one button',
  'choose-item': () => 'Choose at least one item',
  origin: () => 'An origin is scheme://host[:port], e.g. https://example.com',
  'avatar-url': () => 'Avatar must be an http(s) URL',
  colour: () => 'Use a colour like #1f6feb',
  'unique-card-ids': () => 'Card ids must be unique',
  'one-live-chat': () => 'A playbook has at most one live chat card',
  'reply-shortcut': () => 'Use 1-32 lower-case letters, digits, - or _',
  'reply-duplicate': () => 'Another saved reply uses this shortcut',
  'replies-full': ({ max }) => `A workspace has at most ${max} saved replies`,
  'message-id': () => 'Message ids are 8-64 url-safe characters',
  'message-too-long': ({ max }) => `Message must be at most ${max} characters`,
  'too-many-answers': () => 'Too many answers',
  'name-required': () => 'Name is required',
  'pipedrive-domain': () => 'Enter the company domain, e.g. acme for acme.pipedrive.com',
  'pipedrive-token': () => 'Paste the API token from Pipedrive (Personal preferences › API)',
  'url-full': () => 'Enter a full URL',
  'url-http': () => 'Use an http(s) URL',
  'https-only': () => 'Use https://',
  'too-short': ({ min }) => `Use at least ${min} characters`,
  'settings-object': () => 'settings must be an object',
  'records-cursor': () => 'Pass the cursor of the last records page',
  'export-format': () => 'Use csv or json',
  'time-zone': () => 'Choose a time zone by its name, such as Europe/Paris',
  'clock-time': () => 'Use a time from 00:00 to 24:00 (HH:MM)',
  'range-order': () => 'A range must end after it starts (to pass midnight, end at 24:00 and start the next day at 00:00)',
  'range-overlap': () => 'This range overlaps another one of the same day',
  'hours-date': () => 'Use a real date between 2000 and 2099 (YYYY-MM-DD)',
  'duplicate-date': () => 'Another exception has this date',
  'exception-hours': () => "Give the day's hours, or mark it closed",
  'too-many-ranges': ({ max }) => `At most ${max} ranges a day`,
  'too-many-exceptions': ({ max }) => `At most ${max} exceptions`,
  'email-taken': () => 'Already used by another agent',
  'future-time': () => 'Times must not be in the future',
  'user-hash': () => 'userHash must be HMAC-SHA256 in hex (64 hex digits)',
  'identity-mismatch': () => 'The userHash does not match this user id: the visitor was not identified',
  'identity-required': () => 'This workspace requires verified identities: send the user id with its userHash',
  'chat-unavailable': () => 'A chat cannot be started right now',
  'email-host': () => 'Enter a host name such as smtp.postmarkapp.com',
  'email-domain': () => 'Enter a domain such as reply.example.com',
  'email-needed': () => 'Give an email address first',
  'email-off': () => 'Email is not available for this chat',
  'transcript-limit': () => 'Too many transcripts for this chat: try again later',
  'invalid-value': () => 'Invalid value',
  'frame-too-large': ({ max }) => `Frame exceeds ${max} characters`,
  'body-too-large': ({ max }) => `Body exceeds ${max} bytes`,
  'hello-first': ({ max }) => `Send hello first (at most ${max} characters)`,
  'protocol-version': ({ version }) => `Server speaks protocol ${version}`,
  'assigned-to': ({ name }) => `This conversation is now assigned to ${name ?? 'another agent'}`,
  'may-not-change': ({ what }) => `You are not allowed to change ${what} (ask an admin for "manage live chat")`,
  'setup-key-short': ({ min }) => `Setup is disabled: BATON_SETUP_KEY must be at least ${min} characters (setup key too short)`,
} satisfies ProblemTexts<string>;

/** Every code, in the catalogue's order (tests walk it; clients' tables are typed against ProblemCode). */
export const PROBLEM_CODES = /* @__PURE__ */ Object.keys(ENGLISH) as ProblemCode[];

/** The parameters of a problem, or undefined for a code without any. */
export const paramsOf = <P extends Problem>(p: P): P extends { params: infer X } ? X : undefined =>
  ('params' in p ? p.params : undefined) as P extends { params: infer X } ? X : undefined;

/** Looks a problem's code up in a table of texts and calls its entry with the problem's parameters. */
export function renderProblem<T>(table: ProblemTexts<T>, p: Problem): T {
  return (table[p.code] as (params: unknown) => T)(paramsOf(p));
}

/** The English of a problem: the one renderer (rooms, the widget, API consumers read this). */
export const problemText = (p: Problem): string => renderProblem(ENGLISH, p);

/** A rich-text target as a problem carries it: at most PROBLEM_TARGET_MAX characters. */
export const clipTarget = (target: string) => (target.length > PROBLEM_TARGET_MAX ? `${target.slice(0, PROBLEM_TARGET_MAX - 1)}…` : target);

// ---- problems inside valibot issues ---------------------------------------------------------

const RECORDED = new WeakMap<object, Problem>();

/**
 * A valibot `message` that says `problem` in English and records it for the issue being made, so that
 * `problemOf(issue)` gives the problem back. `problem` may depend on the refused input (`(input) => …`).
 */
export function says(problem: Problem | ((input: unknown) => Problem)): (issue: BaseIssue<unknown>) => string {
  return (issue) => {
    const p = typeof problem === 'function' ? problem(issue.input) : problem;
    RECORDED.set(issue, p);
    return problemText(p);
  };
}

/** The problem a `says` message recorded for this issue, if any. */
export const problemOf = (issue: BaseIssue<unknown>): Problem | undefined => RECORDED.get(issue);

/** The dotted path of an issue (`person.email`, `cards.2.text`); '' for the whole value. */
export const issuePath = (issue: BaseIssue<unknown>): string => issue.path?.map((p) => String(p.key)).join('.') ?? '';

/** Field problems in both forms the wire carries: English by path, and problems by the same paths. */
export type FieldProblems = { fields: Record<string, string>; problems: Record<string, Problem> };

/** Most entries an ErrorFrame's `fields` / `problems` carry, and the longest path and text (see protocol/errors.ts). */
export const FIELD_LIMITS = { entries: 100, pathChars: 200, textChars: 2_000 } as const;

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The first issue of each path, as English and as a problem (an issue with no recorded problem, such as
 * valibot's own "Invalid type", keeps valibot's English and is `invalid-value`). At most FIELD_LIMITS.entries
 * paths; a path longer than FIELD_LIMITS.pathChars is left out, so that the frame stays valid on every client.
 * `pathOf` names the key of an issue (its dotted path by default, '' for the whole value), or null to leave it out.
 */
export function issueProblems(issues: readonly BaseIssue<unknown>[], pathOf: (issue: BaseIssue<unknown>) => string | null = issuePath): FieldProblems {
  const out: FieldProblems = { fields: {}, problems: {} };
  let count = 0;
  for (const issue of issues) {
    const key = pathOf(issue);
    if (key === null || key.length > FIELD_LIMITS.pathChars || Object.hasOwn(out.fields, key)) continue;
    if (++count > FIELD_LIMITS.entries) break;
    out.fields[key] = clip(issue.message, FIELD_LIMITS.textChars);
    out.problems[key] = problemOf(issue) ?? { code: 'invalid-value' };
  }
  return out;
}

/** Field problems the rooms name themselves (`{ secret: { code: 'required' } }`), with their English. */
export function fieldProblems(problems: Readonly<Record<string, Problem>>): FieldProblems {
  const fields: Record<string, string> = {};
  for (const [key, p] of Object.entries(problems)) fields[key] = problemText(p);
  return { fields, problems: { ...problems } };
}
