import * as v from 'valibot';
import { OFFLINE_ASK } from './offline-ask';
import { richTextProblems, RICH_TEXT_MAX } from './richtext';
import { atMost, isSafeName, whole } from './bounds';
import { says } from './problems';
import { ReassignAfterSec, RenotifyEverySec, RoutingMode } from './routing';

export const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, says({ code: 'id-format' })));

/** Rich text checked for unsafe links/images at the schema level, so nothing invalid is saved. */
export const RichText = v.pipe(
  v.string(),
  v.maxLength(RICH_TEXT_MAX, atMost(RICH_TEXT_MAX)),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const problem of richTextProblems(dataset.value)) addIssue({ message: says(problem) });
  }),
);

/** Wait-time choices offered by the live chat card, in seconds (30 s to 10 min). */
export const WAIT_TIME_CHOICES = [30, 60, 120, 180, 300, 600] as const;
export const WaitSeconds = v.picklist(WAIT_TIME_CHOICES, says({ code: 'wait-time' }));

export const ContactField = v.picklist(['name', 'email', 'phone', 'company']);
export type ContactField = v.InferOutput<typeof ContactField>;
export const CrmItem = v.picklist(['activity', 'lead', 'deal']);
export type CrmItem = v.InferOutput<typeof CrmItem>;

const label = v.pipe(v.string(), v.trim(), v.minLength(1, says({ code: 'required' })), v.maxLength(200, atMost(200)));
/** The playbook's and the bot's names: a label without control or text-direction characters. */
const nameLabel = v.pipe(label, v.check(isSafeName, says({ code: 'name-chars' })));
const answerKey = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9_]{0,39}$/, says({ code: 'answer-key' })),
  // These would be refused later as object keys (decode forbids them), breaking every conversation.
  v.check((k) => k !== 'constructor' && k !== 'prototype', says({ code: 'reserved-name' })),
);

export const MessageCard = v.strictObject({ id: Id, type: v.literal('message'), text: RichText });
export const QuestionCard = v.strictObject({
  id: Id,
  type: v.literal('question'),
  text: RichText,
  saveAs: answerKey,
  buttons: v.pipe(
    /** `team`: a chat whose visitor chose this button goes to that team (see LiveChatCard.team). */
    v.array(v.strictObject({ id: Id, label, next: v.optional(Id), team: v.optional(Id) })),
    v.minLength(1, says({ code: 'add-button' })),
    v.maxLength(10, atMost(10, 'buttons')),
  ),
});
export const CaptureCard = v.strictObject({
  id: Id,
  type: v.literal('capture'),
  text: RichText,
  field: v.picklist(['text', 'name', 'email', 'phone', 'company']),
  saveAs: answerKey,
  required: v.boolean(),
});
export const BranchCard = v.strictObject({
  id: Id,
  type: v.literal('branch'),
  on: answerKey,
  cases: v.pipe(v.array(v.strictObject({ equals: label, next: Id })), v.maxLength(20)),
  otherwise: v.optional(Id),
});
export const OfflineFlow = v.strictObject({
  askFields: v.pipe(v.array(ContactField), v.maxLength(4)),
  qualify: v.boolean(),
  create: v.pipe(v.array(CrmItem), v.maxLength(3)),
});
export type OfflineFlow = v.InferOutput<typeof OfflineFlow>;
export const LiveChatCard = v.strictObject({
  id: Id,
  type: v.literal('live-chat'),
  onlineMessage: RichText,
  waitSeconds: WaitSeconds,
  offlineMessage: RichText,
  offline: OfflineFlow,
  /** `Routing`: absent or `manual` = Unassigned + Assign to me; else dealt among Online agents below their Max chats. */
  routing: v.optional(RoutingMode),
  /** The team chats of this card go to, unless a question's button chose one (a team that no longer exists: none). */
  team: v.optional(Id),
  /** `Re-notify every` N seconds while nobody has taken the chat (or routing's pick has not replied). Absent: off. */
  renotifyEverySec: v.optional(RenotifyEverySec),
  /** `Reassign if no reply within` N seconds (automatic routing only). Absent: off. */
  reassignAfterSec: v.optional(ReassignAfterSec),
});
export type LiveChatCard = v.InferOutput<typeof LiveChatCard>;
/** Capture-and-create: creates CRM items on the server from the answers collected so far. */
export const CreateCard = v.strictObject({
  id: Id,
  type: v.literal('create'),
  items: v.pipe(v.array(CrmItem), v.minLength(1, says({ code: 'choose-item' })), v.maxLength(3, says({ code: 'too-many' }))),
  qualified: v.boolean(),
  text: v.optional(RichText),
});
export const EndCard = v.strictObject({ id: Id, type: v.literal('end'), text: v.optional(RichText) });

export const Card = v.variant('type', [MessageCard, QuestionCard, CaptureCard, BranchCard, LiveChatCard, CreateCard, EndCard]);
export type Card = v.InferOutput<typeof Card>;
export type CardType = Card['type'];

const Origin = v.pipe(
  v.string(),
  v.maxLength(300, atMost(300)),
  v.check((s) => /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(s), says({ code: 'origin' })),
);

/** What an admin edits. `revision` guards against two editors overwriting each other. */
export const PlaybookInput = v.pipe(
  v.strictObject({
    id: Id,
    name: nameLabel,
    revision: whole(),
    botName: nameLabel,
    botAvatar: v.optional(v.pipe(v.string(), v.maxLength(2_000, atMost(2_000)), v.url(), v.check((s) => /^https?:/i.test(s), says({ code: 'avatar-url' })))),
    color: v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, says({ code: 'colour' }))),
    allowedOrigins: v.pipe(v.array(Origin), v.maxLength(50)),
    cards: v.pipe(v.array(Card), v.maxLength(100, atMost(100, 'cards'))),
  }),
  v.check((p) => new Set(p.cards.map((c) => c.id)).size === p.cards.length, says({ code: 'unique-card-ids' })),
  v.check((p) => p.cards.filter((c) => c.type === 'live-chat').length <= 1, says({ code: 'one-live-chat' })),
);
export type PlaybookInput = v.InferOutput<typeof PlaybookInput>;

/** A stored playbook: the input plus what only the server sets. */
export type Playbook = PlaybookInput & { installedAt: number | null; updatedAt: number };

export function liveChatCardOf(playbook: Pick<Playbook, 'cards'>): LiveChatCard | undefined {
  return playbook.cards.find((c): c is LiveChatCard => c.type === 'live-chat');
}

/**
 * The team a chat goes to: the last question whose chosen button names a team (the visitor's answers, by each
 * card's `saveAs`), else the live chat card's own. Undefined: any agent.
 */
export function teamOfChat(playbook: Pick<Playbook, 'cards'>, answers: Readonly<Record<string, string>>): string | undefined {
  let chosen: string | undefined;
  for (const c of playbook.cards) {
    if (c.type !== 'question' || !Object.hasOwn(answers, c.saveAs)) continue;
    const button = c.buttons.find((b) => b.label === answers[c.saveAs]);
    if (button?.team) chosen = button.team;
  }
  return chosen ?? liveChatCardOf(playbook)?.team;
}

export function newLiveChatCard(id = 'live-chat'): LiveChatCard {
  return {
    id,
    type: 'live-chat',
    onlineMessage: 'An agent will be with you in a moment.',
    waitSeconds: 120,
    offlineMessage: "Our team isn't available right now. Leave your details and **we'll get back to you**.",
    offline: { askFields: ['name', 'email'], qualify: false, create: ['lead'] },
  };
}

/** The live chat template: greeting, one qualifying question, live chat card, offline capture. */
export function liveChatTemplate(id: string, name = 'Live chat'): PlaybookInput {
  return {
    id,
    name,
    revision: 0,
    botName: 'Baton bot',
    color: '#1f6feb',
    allowedOrigins: [],
    cards: [
      { id: 'greeting', type: 'message', text: 'Hi there! 👋 Thanks for visiting.' },
      {
        id: 'topic',
        type: 'question',
        text: 'What can we help you with?',
        saveAs: 'topic',
        buttons: [
          { id: 'sales', label: 'Talk to sales' },
          { id: 'support', label: 'I have a question' },
        ],
      },
      newLiveChatCard(),
      { id: 'thanks', type: 'end', text: 'Thanks! We will be in touch.' },
    ],
  };
}

export function blankPlaybook(id: string, name = 'New playbook'): PlaybookInput {
  return { id, name, revision: 0, botName: 'Baton bot', color: '#1f6feb', allowedOrigins: [], cards: [] };
}


/**
 * Every text the bot of this playbook can say in a transcript (with the offline flow's questions when
 * `offline`). A line the widget
 * sends as the bot's is kept as the bot's only if it is one of these: a visitor can't make the bot say
 * something (a link, an image) that agents would then see as the bot's rich text.
 */
export function botTexts(p: Pick<Playbook, 'cards'>, offline = false): Set<string> {
  const out = new Set<string>(offline ? Object.values(OFFLINE_ASK).flatMap((asks) => Object.values(asks)) : []);
  for (const c of p.cards) {
    if (c.type === 'message' || c.type === 'question' || c.type === 'capture') out.add(c.text);
    else if (c.type === 'live-chat') out.add(c.onlineMessage).add(c.offlineMessage);
    else if ((c.type === 'create' || c.type === 'end') && c.text) out.add(c.text);
  }
  return out;
}

/** What the offline flow of this playbook may create, card by card: a submission must match one exactly. */
export function offlineCreates(p: Pick<Playbook, 'cards'>): { create: CrmItem[]; qualified: boolean }[] {
  const out: { create: CrmItem[]; qualified: boolean }[] = [];
  for (const c of p.cards) {
    if (c.type === 'live-chat') out.push({ create: [...c.offline.create], qualified: c.offline.qualify });
    else if (c.type === 'create') out.push({ create: [...c.items], qualified: c.qualified });
  }
  return out;
}
