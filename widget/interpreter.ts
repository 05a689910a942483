import { OFFLINE_ASK } from '../protocol/offline-ask';
import type { PublicPlaybook } from '../protocol/http';
import type { Answers, TranscriptLine } from '../protocol/model';
import type { Card, ContactField, CrmItem } from '../protocol/playbook';
import { englishFieldMessages, validateField, type CaptureField, type FieldMessages } from './validate-field';

export type Contact = Partial<Record<ContactField, string>>;

/** What the visitor is asked for next. */
export type Prompt =
  | { kind: 'buttons'; buttons: { id: string; label: string }[] }
  | { kind: 'input'; field: CaptureField; required: boolean }
  | { kind: 'busy' } // an effect is running (creating the conversation, sending the offline form)
  | { kind: 'live' } // handed to live chat: the chat model takes over until claimed, missed or closed
  | { kind: 'retry' } // the offline form could not be sent; the visitor may try again
  | { kind: 'ended' };

/** The whole bot state, plain JSON, so the widget can persist it and resume after a reload. */
export type BotState = {
  /** Index of the card being answered (while a prompt waits) or to run next. */
  pc: number;
  prompt: Prompt;
  transcript: TranscriptLine[];
  answers: Answers;
  contact: Contact;
  /** The offline flow in progress: fields still to ask, what to create, where to continue. */
  offline: { ask: ContactField[]; create: CrmItem[]; qualified: boolean; resume: number; submissionId: string } | null;
  /** The last input problem, shown under the input. */
  error: string | null;
  /** Outside business hours: where in the transcript the widget says when the team is back (null: not known). */
  closed?: { at: number; back: number | null };
};

export type OfflineRequest = {
  submissionId: string;
  contact: Contact;
  qualified: boolean;
  create: CrmItem[];
  transcript: TranscriptLine[];
  answers: Answers;
};

/** The outside world, injected so the interpreter stays pure and testable with fakes. */
export interface BotEffects {
  now(): number;
  newId(): string;
  /**
   * Creates the conversation; false when live chat turned out impossible (nobody online now, refused, network),
   * `{ back }` when the team is outside its business hours (back then, or null: not within two weeks).
   */
  startLiveChat(req: { transcript: TranscriptLine[]; answers: Answers }): Promise<boolean | Closed>;
  /** The team is known to be closed now (the page's config said so and its `back` has not come): no request. */
  closed?(): Closed | null;
  /** POST /offline. Rejects on failure; the same submissionId is reused on retry. */
  submitOffline(req: OfflineRequest): Promise<void>;
}

export type Closed = { back: number | null };

export type BotStrings = FieldMessages & { ask: Record<ContactField, string>; sendFailed: string };
export const englishBotStrings: BotStrings = {
  ...englishFieldMessages,
  ask: OFFLINE_ASK.en,
  sendFailed: 'We could not send your details. Please try again.',
};

export const initialBotState = (): BotState => ({ pc: 0, prompt: { kind: 'busy' }, transcript: [], answers: {}, contact: {}, offline: null, error: null });

const CONTACT_FIELDS: readonly string[] = ['name', 'email', 'phone', 'company'];

/** Runs a playbook's cards: bot lines into the transcript, one prompt at a time. */
export class BotInterpreter {
  constructor(
    private readonly playbook: PublicPlaybook,
    /**
     * Whether the live chat card tries to create the conversation. False only when the page-load
     * config said this origin may not chat live (a playbook edit changes that, not an agent); otherwise
     * the server decides at that moment: agents come online and go offline while the page is open.
     */
    private readonly tryLive: boolean,
    private readonly fx: BotEffects,
    public state: BotState = initialBotState(),
    private readonly onChange: (s: BotState) => void = () => {},
    private readonly strings: BotStrings = englishBotStrings,
  ) {}

  private get card(): Card | undefined {
    return this.playbook.cards[this.state.pc];
  }

  /** Runs from the start (a fresh state) until the first prompt. */
  start(): Promise<void> {
    return this.run(0);
  }

  choose(buttonId: string): Promise<void> {
    const card = this.card;
    if (this.state.prompt.kind !== 'buttons' || card?.type !== 'question') return Promise.resolve();
    const button = card.buttons.find((b) => b.id === buttonId);
    if (!button) return Promise.resolve();
    this.say('visitor', button.label);
    this.set({ answers: { ...this.state.answers, [card.saveAs]: button.label } });
    return this.run(button.next ? this.indexOf(button.next) : this.state.pc + 1);
  }

  /** Answers the current input prompt. Bad input sets `state.error` and keeps the prompt. */
  submit(text: string): Promise<void> {
    const prompt = this.state.prompt;
    if (prompt.kind !== 'input') return Promise.resolve();
    const result = validateField(prompt.field, text, prompt.required, this.strings);
    if (!result.ok) {
      this.set({ error: result.error });
      return Promise.resolve();
    }
    if (result.value) this.say('visitor', result.value);
    const off = this.state.offline;
    if (off && off.ask.length) {
      const [field, ...rest] = off.ask;
      this.set({ contact: this.withContact(field!, result.value), offline: { ...off, ask: rest } });
      return this.continueOffline();
    }
    const card = this.card;
    if (card?.type === 'capture' && result.value) {
      this.set({ answers: { ...this.state.answers, [card.saveAs]: result.value }, contact: this.withContact(card.field, result.value) });
    }
    return this.run(this.state.pc + 1);
  }

  /** Live chat did not happen: nobody claimed within the wait time, or the chat was refused. */
  liveChatMissed(): Promise<void> {
    const card = this.card;
    if (this.state.prompt.kind !== 'live' || card?.type !== 'live-chat') return Promise.resolve();
    return this.beginOffline(card);
  }

  /** A missed chat taken for follow-up while the visitor is here: back to live chat, the offline questions stop. */
  liveChatTaken(): void {
    const k = this.state.prompt.kind;
    if (k !== 'live' && k !== 'busy') this.set({ prompt: { kind: 'live' }, offline: null, error: null });
  }

  /** After a reload: an effect that was running when the page went away is run again. */
  resume(): Promise<void> {
    if (this.state.prompt.kind !== 'busy') return Promise.resolve();
    return this.state.offline ? this.continueOffline() : this.run(this.state.pc);
  }

  retry(): Promise<void> {
    return this.state.prompt.kind === 'retry' ? this.continueOffline() : Promise.resolve();
  }

  private async run(pc: number): Promise<void> {
    // A branch-only cycle would never stop; any real path asks something within this many cards.
    for (let steps = 0; steps <= this.playbook.cards.length; steps++) {
      this.set({ pc, error: null });
      const card = this.playbook.cards[pc];
      if (!card) return this.set({ prompt: { kind: 'ended' } });
      switch (card.type) {
        case 'message':
          this.say('bot', card.text);
          pc++;
          break;
        case 'question':
          this.say('bot', card.text);
          return this.set({ prompt: { kind: 'buttons', buttons: card.buttons.map(({ id, label }) => ({ id, label })) } });
        case 'capture':
          this.say('bot', card.text);
          return this.set({ prompt: { kind: 'input', field: card.field, required: card.required } });
        case 'branch': {
          const answer = (this.state.answers[card.on] ?? '').trim().toLowerCase();
          const hit = card.cases.find((c) => c.equals.trim().toLowerCase() === answer);
          pc = hit ? this.indexOf(hit.next) : card.otherwise ? this.indexOf(card.otherwise) : pc + 1;
          break;
        }
        case 'live-chat': {
          // Outside business hours: straight to the offline flow, saying when the team is back.
          const shut = this.fx.closed?.() ?? null;
          if (shut) return this.beginOffline(card, shut);
          if (this.tryLive) {
            this.set({ prompt: { kind: 'busy' } });
            const started = await this.fx.startLiveChat({ transcript: this.state.transcript, answers: this.state.answers });
            if (started === true) {
              this.say('bot', card.onlineMessage);
              return this.set({ prompt: { kind: 'live' } });
            }
            if (started) return this.beginOffline(card, started);
          }
          return this.beginOffline(card);
        }
        case 'create':
          if (card.text) this.say('bot', card.text);
          this.set({ offline: { ask: [], create: card.items, qualified: card.qualified, resume: pc + 1, submissionId: this.fx.newId() } });
          return this.continueOffline();
        case 'end':
          if (card.text) this.say('bot', card.text);
          return this.set({ prompt: { kind: 'ended' } });
        default:
          return card satisfies never;
      }
    }
    this.set({ prompt: { kind: 'ended' } });
  }

  private beginOffline(card: Extract<Card, { type: 'live-chat' }>, closed?: Closed): Promise<void> {
    if (closed) this.set({ closed: { at: this.state.transcript.length, back: closed.back } });
    this.say('bot', card.offlineMessage);
    const ask = card.offline.askFields.filter((f) => !this.state.contact[f]);
    const { create, qualify } = card.offline;
    this.set({ offline: { ask, create, qualified: qualify, resume: this.state.pc + 1, submissionId: this.fx.newId() } });
    return this.continueOffline();
  }

  /** Asks the next missing contact field, or sends the offline form and continues after it. */
  private async continueOffline(): Promise<void> {
    const off = this.state.offline!;
    const field = off.ask[0];
    if (field) {
      this.say('bot', this.strings.ask[field]);
      return this.set({ prompt: { kind: 'input', field, required: true }, error: null });
    }
    const { transcript, answers, contact } = this.state;
    // Sent even when nothing is to be created: the workspace keeps a contact-only submission.
    if (off.create.length || Object.values(contact).some(Boolean)) {
      this.set({ prompt: { kind: 'busy' }, error: null });
      try {
        await this.fx.submitOffline({ submissionId: off.submissionId, contact, qualified: off.qualified, create: off.create, transcript, answers });
      } catch {
        return this.set({ prompt: { kind: 'retry' }, error: this.strings.sendFailed });
      }
    }
    this.set({ offline: null });
    return this.run(off.resume);
  }

  private indexOf(id: string): number {
    const i = this.playbook.cards.findIndex((c) => c.id === id);
    // A dangling jump (the card was deleted) carries on with the next card rather than stalling.
    return i < 0 ? this.state.pc + 1 : i;
  }

  private withContact(field: string, value: string): Contact {
    return CONTACT_FIELDS.includes(field) && value ? { ...this.state.contact, [field]: value } : this.state.contact;
  }

  private say(from: TranscriptLine['from'], text: string) {
    this.set({ transcript: [...this.state.transcript, { from, text, at: this.fx.now() }] });
  }

  private set(patch: Partial<BotState>) {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }
}
