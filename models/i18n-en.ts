import { PROBLEM_CODES, problemText, type EmailKind, type ErrorCode, type HistoryOutcome, type Problem, type ProblemTexts, type Status } from '../protocol';
import type { InboxFolder } from './inbox';
import { formatsFor } from './i18n-format';
import { optionsEn } from './i18n-en-options';

const { plural } = formatsFor('en');

/**
 * The protocol's own English for each problem, word for word: protocol/problems.ts is the one English renderer
 * (rooms put the same words in `message` and `fields`). Other languages write each code's text (see i18n-fr.ts).
 */
const problems = Object.fromEntries(PROBLEM_CODES.map((code) => [code, (params: unknown) => problemText({ code, params } as Problem)])) as ProblemTexts<string>;

/** A refusal with no problem: the room's own words are English, and more precise than a summary. */
const said = (message: string): string => message;

/**
 * Every text of the extension (side panel, options page, background notifications, protocol problems and
 * refusals). English is the reference: `Texts` is its type, and every other language is typed `Texts`, so a key
 * missing there, or a misspelled key or a wrong parameter at a call site, does not compile. Parameters are
 * function arguments; counts go through `plural` and numbers through `num` (models/i18n-format.ts).
 * Only the manifest's name and description stay in `extension-public/_locales/<lang>/messages.json`.
 */
export const en = {
  /** The language's BCP 47 tag (`<html lang>`). */
  lang: 'en',
  panel: {
    online: 'Online',
    away: 'Away',
    offline: 'Offline',
    /** The status control's name (Online / Away). */
    status: 'Status',
    folderNames: { unassigned: 'Unassigned', mine: 'Mine', missed: 'Missed', closed: 'Closed' } satisfies Record<InboxFolder, string>,
    assignToMe: 'Assign to me',
    reassign: 'Reassign',
    createLead: 'Create lead',
    moreActions: 'More actions',
    createDeal: 'Create deal',
    closeConversation: 'Close conversation',
    send: 'Send',
    message: 'Message',
    back: 'Back to conversations',
    conversations: 'Conversations',
    panelHeading: 'Baton: conversations',
    folders: 'Folders',
    emptyFolder: 'No conversations here.',
    notConnectedTitle: 'Connect your workspace',
    notConnectedBody: 'Baton is not connected yet. Open the options page and paste the server address, workspace and your credential.',
    openOptions: 'Open options',
    /** The footer's word for the workspace connection, for the states that need one (keys: RoomStatus, checked in Footer.tsx). */
    connection: {
      connecting: 'Connecting…',
      reconnecting: 'Reconnecting…',
      unauthorized: 'Your credential was refused. Check it in the options page.',
      'version-mismatch': 'This extension is out of date for the server. Update it.',
    },
    /** The footer, while no socket is connected: offline is not chosen, it is Baton not being connected. */
    offlineNow: (why: string) => `Offline: ${why}`,
    notConnected: 'not connected',
    awayHint: 'Away: no chats are routed to you, no notifications.',
    autoAwayHint: (minutes: number) => plural(minutes, { one: 'Away after # idle minute: Online again when you return.', other: 'Away after # idle minutes: Online again when you return.' }),
    statusSettings: 'Status and alerts',
    idleAway: 'Set me Away when idle for',
    idleNever: 'Never',
    idleMinutes: (n: number) => plural(n, { one: '# minute', other: '# minutes' }),
    offlineExplain: 'Offline is automatic: whenever Baton is not connected (browser closed, no network), no chats reach you.',
    testNotifications: 'Test notifications',
    testing: 'Testing…',
    testShown: 'Desktop notification shown.',
    testShownHint: "Nothing on screen? Turn on notifications for your browser in your system's settings.",
    testNoPermission: 'Desktop notifications are not allowed for Baton.',
    testDenied: "Notifications from Baton are turned off in the browser's settings.",
    testFailed: (why: string) => `The browser did not show the notification: ${why}`,
    testSoundPlayed: 'Sound played.',
    testSoundBlocked: 'Sound is blocked until you click in the panel. Click anywhere in it, then test again.',
    testSoundUnavailable: 'This browser cannot play sound in the panel.',
    testAway: 'You are Away: no chats and no notifications until you go Online.',
    testAllOff: 'All notifications are off (Options → Notifications).',
    testSoundOff: 'Sound is off (Options → Notifications): alerts are silent, reminders still ring.',
    allowNotifications: 'Allow notifications',
    notifyPrompt: 'Get a desktop notification when a chat arrives?',
    allow: 'Allow',
    notNow: 'Not now',
    enableNotifications: 'Turn on desktop notifications',
    you: 'You',
    visitor: 'Visitor',
    sending: 'Sending…',
    seen: 'Seen',
    typing: (name: string) => `${name} is typing…`,
    closedReadOnly: 'This conversation is closed. Its details can still be edited.',
    missedReadOnly: 'Nobody took this chat in time. Assign it to yourself to follow up; its details can still be edited.',
    closedAt: (when: string) => `Closed ${when}`,
    missedAt: (when: string) => `Missed ${when}`,
    toUnassigned: 'Unassigned',
    confirmCloseTitle: 'Close this conversation?',
    confirmCloseBody: 'The visitor will see that the chat ended. It cannot be reopened.',
    confirmClose: 'Close it',
    cancel: 'Cancel',
    eventCreated: 'Conversation started',
    eventJoined: (agent: string) => `${agent} joined`,
    eventRouted: (agent: string) => `Assigned to ${agent} by routing`,
    eventNoReply: (agent: string) => `${agent} did not reply in time: back to Unassigned`,
    eventNoReplyUnnamed: 'No reply in time: back to Unassigned',
    eventReassigned: (to: string) => `Reassigned to ${to}`,
    eventUnassigned: 'Moved to Unassigned',
    eventMissed: 'Nobody answered in time',
    eventContactLeft: 'The visitor left contact details (see Details)',
    eventRated: (score: number) => `The visitor rated the chat ${score} out of 5`,
    /** The rating's comment as the live region says it after eventRated. */
    ratingComment: (comment: string) => `Comment: ${comment}`,
    eventClosed: 'Closed',
    eventLead: (record: string) => `Lead created: ${record}`,
    eventDeal: (record: string) => `Deal created: ${record}`,
    eventRecordFailed: (reason: string) => `CRM item failed: ${reason}`,
    eventRecordPending: (item: string) => `${item}: waiting for the CRM, will retry`,
    /** Email events (issue 15): the email's kind in words, the masked address, and why it failed when it did. */
    eventEmail: {
      queued: (kind: string, to: string) => `Email queued: ${kind} to ${to}`,
      sent: (kind: string, to: string) => `Email sent: ${kind} to ${to}`,
      failed: (kind: string, to: string, reason: string | null) => `Email failed: ${kind} to ${to}${reason ? ` (${reason})` : ''}`,
      uncertain: (kind: string, to: string) => `Email may have been sent: ${kind} to ${to} (the connection dropped at the end; it is not sent again)`,
    },
    emailKinds: { unseen: 'unseen replies', transcript: 'transcript', missed: 'missed-chat notice' } satisfies Record<EmailKind, string>,
    eventUnsubscribed: 'The visitor unsubscribed from this chat’s emails',
    /** The mark on a visitor message that came as a reply to an email. */
    byEmail: 'by email',
    chat: 'Chat',
    details: 'Details',
    dealValue: 'Deal value',
    currency: 'Currency',
    expectedClose: 'Expected close date',
    person: 'Person',
    name: 'Name',
    email: 'Email',
    phone: 'Phone',
    organization: 'Organization',
    address: 'Address',
    notes: 'Notes',
    amount: 'Amount',
    orgName: 'Organization name',
    /** The details draft's state (models/details-draft.ts), '' when there is nothing to say. */
    saveStates: { idle: '', pending: 'Saving…', saving: 'Saving…', saved: 'Saved', failed: 'Not saved yet — will retry' },
    visitorContext: 'Visitor',
    page: 'Page',
    referrer: 'Referrer',
    language: 'Language',
    browser: 'Browser',
    localTime: 'Local time',
    answers: 'Answers',
    none: '—',
    recordCreated: (item: string) => `${item} created`,
    statuses: { bot: 'With the bot', waiting: 'Waiting', unassigned: 'Unassigned', active: 'Active', missed: 'Missed', closed: 'Closed' } satisfies Record<Status, string>,
    unread: (n: number) => plural(n, { one: '# unread message', other: '# unread messages' }),
    assignedTo: (agent: string) => `Assigned to ${agent}`,
    recordLead: 'Lead',
    recordDeal: 'Deal',
    notifications: 'Desktop notifications',
    retry: 'Retry',
    showEarlier: 'Show earlier messages',
    onlineRefused: (why: string) => `Status not changed: ${why}`,
    assignFirst: 'Assign this conversation to yourself to answer.',
    visitorHere: 'On the site now',
    visitorAway: 'Left the site',
    visitorAwaySince: (time: string) => `Left the site at ${time}`,
    searchConversations: 'Search conversations',
    searchMatches: (n: number) => plural(n, { one: '# match', other: '# matches' }),
    searchNoMatch: (query: string) => `No conversation matches “${query}”`,
    /** What a screen reader hears as a message arrives. */
    liveMessage: (author: string, text: string) => `${author}: ${text}`,
    discard: 'Discard',
    savedReplies: 'Saved replies',
    savedRepliesEmpty: 'No saved replies yet — admins add them in Options',
    savedRepliesNoMatch: (query: string) => `No saved reply matches “/${query}”`,
    itemBroken: 'This item could not be shown',
    accessRefusedTitle: 'Access refused',
    accessRefusedBody:
      'The workspace refused your credential: it is wrong, or an admin revoked it (your chats then went back to Unassigned for the team). Check your credential in the options page.',
    handedOff: (visitor: string, agent: string) => `Chat with ${visitor} reassigned to ${agent}.`,
    handedOffUnassigned: (visitor: string) => `Chat with ${visitor} moved to Unassigned.`,
    dismiss: 'Dismiss',
    /** Issue 14: who the visitor is, where they went, what they type, their earlier chats, blocking. */
    verified: 'Verified',
    verifiedLabel: 'Verified: the site vouched for this identity',
    visitorSays: 'Visitor says (not verified)',
    userId: 'User id',
    currentPage: 'Current page',
    pagesVisited: (n: number) => `Pages visited (${n})`,
    visitStart: 'Visit start',
    landingPage: 'Landing page',
    visitStarted: 'Started',
    previousConversations: 'Previous conversations',
    historyLoading: 'Loading…',
    historyFailed: 'Previous conversations could not be loaded',
    outcomes: { deal: 'Deal', lead: 'Lead', closed: 'Closed', missed: 'Missed', open: 'Open' } satisfies Record<HistoryOutcome, string>,
    openPrevious: (when: string, outcome: string) => `Open the conversation of ${when} (${outcome})`,
    visitorDraft: (name: string) => `${name} is typing:`,
    visitorActions: 'Visitor actions',
    blockVisitor: 'Block visitor',
    exportJson: 'Export chat as JSON',
    exportCsv: 'Export chat as CSV',
    blockTitle: 'Block this visitor?',
    blockBody: 'New chats from this visitor will be refused with a neutral message. Admins can lift the block in Options.',
    blockReason: 'Reason',
    blockConfirm: 'Block',
    blocked: (name: string) => `${name} is blocked: new chats from them are refused. You can close this chat now.`,
  },
  /** Desktop notifications, from the background. */
  notify: {
    newUnassignedTitle: 'New conversation',
    newUnassignedBody: (visitor: string) => `${visitor} is waiting in Unassigned`,
    assignedTitle: 'Conversation assigned to you',
    assignedBody: (visitor: string) => `${visitor} is now yours`,
    newMessageBody: 'New message',
    /** `Re-notify every` reminders: the same notification, shown again. */
    stillWaitingTitle: 'Still waiting',
    stillWaitingBody: (visitor: string) => `${visitor} is still waiting in Unassigned`,
    awaitingReplyTitle: 'Waiting for your reply',
    awaitingReplyBody: (visitor: string) => `${visitor} is waiting for your reply`,
    /** The side panel's `Test notifications`. */
    testTitle: 'Baton: test notification',
    testBody: 'Desktop notifications work.',
  },
  /** Each protocol problem code, by its parameters (models/protocol-text.ts). */
  problems: problems satisfies ProblemTexts<string>,
  /** A refusal that is no more than its code; `message` is the room's English. */
  refusals: {
    'bad-json': said,
    'binary-frame': said,
    'frame-too-large': said,
    'invalid-frame': said,
    'unknown-type': said,
    'version-mismatch': said,
    unauthorized: said,
    forbidden: said,
    'not-found': said,
    'rate-limited': said,
    'already-claimed': said,
    'invalid-transition': said,
    'conversation-closed': said,
    'conversation-full': said,
    'invalid-field': said,
    conflict: said,
    unavailable: said,
    internal: said,
  } satisfies Record<ErrorCode, (message: string) => string>,
  /** `already-claimed` naming who won. */
  claimedBy: (winner: string) => `${winner} was faster: the chat is theirs.`,
  options: optionsEn,
};

/** Every text of the extension, as English has it: each language's table is typed this. */
export type Texts = typeof en;
