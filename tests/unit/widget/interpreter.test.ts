import { describe, expect, it } from 'vitest';
import type { PublicPlaybook } from '../../../protocol/http';
import type { Card } from '../../../protocol/playbook';
import { newLiveChatCard } from '../../../protocol/playbook';
import { BotInterpreter, type BotEffects, type OfflineRequest } from '../../../widget/interpreter';

/** Records what the interpreter asked of the outside world; answers are scripted per test. */
class FakeEffects implements BotEffects {
  clock = 1_000;
  ids = 0;
  liveRequests: unknown[] = [];
  offline: OfflineRequest[] = [];
  liveResult: boolean | { back: number | null } = true;
  shut: { back: number | null } | null = null;
  closed = () => this.shut;
  failOffline = 0;
  now = () => this.clock++;
  newId = () => `submission-${++this.ids}`;
  async startLiveChat(req: unknown) {
    this.liveRequests.push(req);
    return this.liveResult;
  }
  async submitOffline(req: OfflineRequest) {
    if (this.failOffline > 0) {
      this.failOffline--;
      throw new Error('network down');
    }
    this.offline.push(req);
  }
}

const playbook = (cards: Card[]): PublicPlaybook => ({ id: 'pb', name: 'Test', botName: 'Bot', color: '#1f6feb', cards });

function setup(cards: Card[], available = true) {
  const fx = new FakeEffects();
  const bot = new BotInterpreter(playbook(cards), available, fx);
  const lines = () => bot.state.transcript.map((l) => `${l.from}: ${l.text}`);
  return { fx, bot, lines };
}

const question: Card = {
  id: 'q',
  type: 'question',
  text: 'Sales or support?',
  saveAs: 'topic',
  buttons: [
    { id: 'sales', label: 'Sales' },
    { id: 'support', label: 'Support', next: 'support-msg' },
  ],
};

describe('BotInterpreter', () => {
  it('says message cards in order and ends after the last card', async () => {
    const { bot, lines } = setup([
      { id: 'a', type: 'message', text: 'Hello' },
      { id: 'b', type: 'message', text: '**World**' },
    ]);
    await bot.start();
    expect(lines()).toEqual(['bot: Hello', 'bot: **World**']);
    expect(bot.state.prompt).toEqual({ kind: 'ended' });
  });

  it('asks a question with buttons, saves the label and follows next', async () => {
    const { bot, lines } = setup([
      question,
      { id: 'sales-msg', type: 'message', text: 'Sales it is' },
      { id: 'end', type: 'end', text: 'Bye' },
      { id: 'support-msg', type: 'message', text: 'Support it is' },
    ]);
    await bot.start();
    expect(bot.state.prompt).toEqual({ kind: 'buttons', buttons: [{ id: 'sales', label: 'Sales' }, { id: 'support', label: 'Support' }] });
    await bot.choose('support');
    expect(bot.state.answers).toEqual({ topic: 'Support' });
    expect(lines()).toEqual(['bot: Sales or support?', 'visitor: Support', 'bot: Support it is']);
    expect(bot.state.prompt.kind).toBe('ended');
  });

  it('goes to the next card for a button without next, and ignores unknown buttons', async () => {
    const { bot, lines } = setup([question, { id: 'sales-msg', type: 'end', text: 'Sales it is' }]);
    await bot.start();
    await bot.choose('nope');
    expect(bot.state.prompt.kind).toBe('buttons');
    await bot.choose('sales');
    expect(lines().at(-1)).toBe('bot: Sales it is');
  });

  it.each([
    ['email', 'not an email', 'Enter a valid email address', 'ada@example.com'],
    ['phone', 'call me', 'Enter a valid phone number', '+33 1 23 45 67 89'],
    ['name', '', 'Please fill this in', 'Ada Lovelace'],
    ['company', 'x'.repeat(201), 'At most 200 characters', 'Analytical Engines'],
    ['text', 'y'.repeat(501), 'At most 500 characters', 'Pricing please'],
  ] as const)('validates %s capture with a clear message', async (field, bad, message, good) => {
    const { bot } = setup([{ id: 'c', type: 'capture', text: 'Tell me', field, saveAs: 'val', required: true }]);
    await bot.start();
    await bot.submit(bad);
    expect(bot.state.error).toBe(message);
    expect(bot.state.prompt).toEqual({ kind: 'input', field, required: true });
    expect(bot.state.answers).toEqual({});
    await bot.submit(`  ${good}  `);
    expect(bot.state.error).toBeNull();
    expect(bot.state.answers).toEqual({ val: good });
    expect(bot.state.contact).toEqual(field === 'text' ? {} : { [field]: good });
  });

  it('lets an optional capture be skipped without a visitor line', async () => {
    const { bot, lines } = setup([{ id: 'c', type: 'capture', text: 'Phone?', field: 'phone', saveAs: 'phone', required: false }]);
    await bot.start();
    await bot.submit('   ');
    expect(lines()).toEqual(['bot: Phone?']);
    expect(bot.state.answers).toEqual({});
    expect(bot.state.prompt.kind).toBe('ended');
  });

  describe('branch', () => {
    const cards = (otherwise?: string): Card[] => [
      question,
      { id: 'br', type: 'branch', on: 'topic', cases: [{ equals: 'sales', next: 'to-sales' }], otherwise },
      { id: 'fallthrough', type: 'end', text: 'fell through' },
      { id: 'to-sales', type: 'end', text: 'sales branch' },
      { id: 'to-other', type: 'end', text: 'other branch' },
      { id: 'support-msg', type: 'branch', on: 'topic', cases: [], otherwise: 'to-other' },
    ];
    it('jumps on a matching case, ignoring case and spaces', async () => {
      const { bot, lines } = setup(cards());
      await bot.start();
      await bot.choose('sales');
      expect(lines().at(-1)).toBe('bot: sales branch');
    });
    it('takes otherwise when nothing matches', async () => {
      const { bot, lines } = setup(cards());
      await bot.start();
      await bot.choose('support');
      expect(lines().at(-1)).toBe('bot: other branch');
    });
    it('falls through to the next card without otherwise', async () => {
      const { bot, lines } = setup([
        { id: 'br', type: 'branch', on: 'missing', cases: [{ equals: 'x', next: 'end2' }] },
        { id: 'end1', type: 'end', text: 'fell through' },
        { id: 'end2', type: 'end', text: 'jumped' },
      ]);
      await bot.start();
      expect(lines()).toEqual(['bot: fell through']);
    });
    it('stops a branch-only loop instead of spinning forever', async () => {
      const { bot } = setup([
        { id: 'a', type: 'branch', on: 'x', cases: [], otherwise: 'b' },
        { id: 'b', type: 'branch', on: 'x', cases: [], otherwise: 'a' },
      ]);
      await bot.start();
      expect(bot.state.prompt.kind).toBe('ended');
    });
  });

  describe('live chat card', () => {
    const liveCard = { ...newLiveChatCard('live'), onlineMessage: 'Connecting you', offlineMessage: 'We are away' };
    const cards: Card[] = [
      { id: 'hi', type: 'message', text: 'Hi' },
      { ...liveCard, offline: { askFields: ['name', 'email'], qualify: true, create: ['lead', 'activity'] } },
      { id: 'after', type: 'end', text: 'Thanks, bye' },
    ];

    it('online: creates the conversation with the transcript and answers, then waits for the agent', async () => {
      const { bot, fx, lines } = setup(cards);
      await bot.start();
      expect(fx.liveRequests).toEqual([{ transcript: [{ from: 'bot', text: 'Hi', at: 1000 }], answers: {} }]);
      expect(lines()).toEqual(['bot: Hi', 'bot: Connecting you']);
      expect(bot.state.prompt).toEqual({ kind: 'live' });
    });

    it('missed: shows the offline message, asks the fields, posts /offline, then continues', async () => {
      const { bot, fx, lines } = setup(cards);
      await bot.start();
      await bot.liveChatMissed();
      expect(lines().slice(-2)).toEqual(['bot: We are away', 'bot: What is your name?']);
      await bot.submit('Ada');
      await bot.submit('nope');
      expect(bot.state.error).toBe('Enter a valid email address');
      await bot.submit('ada@example.com');
      expect(fx.offline).toHaveLength(1);
      expect(fx.offline[0]).toMatchObject({
        submissionId: 'submission-1',
        contact: { name: 'Ada', email: 'ada@example.com' },
        qualified: true,
        create: ['lead', 'activity'],
      });
      expect(lines().at(-1)).toBe('bot: Thanks, bye');
      expect(bot.state.prompt.kind).toBe('ended');
    });

    it('live chat not tried (origin not allowed): goes straight to the offline flow without creating a conversation', async () => {
      const { bot, fx, lines } = setup(cards, false);
      await bot.start();
      expect(fx.liveRequests).toEqual([]);
      expect(lines()).toEqual(['bot: Hi', 'bot: We are away', 'bot: What is your name?']);
    });

    it('creation refused (nobody online now): the offline flow at once, no error, never the online message', async () => {
      const { bot, fx, lines } = setup(cards);
      fx.liveResult = false;
      await bot.start();
      expect(fx.liveRequests).toHaveLength(1);
      expect(lines()).toEqual(['bot: Hi', 'bot: We are away', 'bot: What is your name?']);
      expect(bot.state.error).toBeNull();
      expect(bot.state.prompt).toEqual({ kind: 'input', field: 'name', required: true });
    });

    it('outside business hours (known at page load): straight to the offline flow, no request, and where to say when the team is back', async () => {
      const { bot, fx, lines } = setup(cards);
      fx.shut = { back: 1_800_000_000_000 };
      await bot.start();
      expect(fx.liveRequests).toEqual([]);
      expect(lines()).toEqual(['bot: Hi', 'bot: We are away', 'bot: What is your name?']);
      // Said before the offline message (transcript line 1), kept with the state across a reload.
      expect(bot.state.closed).toEqual({ at: 1, back: 1_800_000_000_000 });
    });

    it('closed when the chat is asked for (the server says so): the same, with its `back`', async () => {
      const { bot, fx, lines } = setup(cards);
      fx.liveResult = { back: null };
      await bot.start();
      expect(fx.liveRequests).toHaveLength(1);
      expect(lines()).toEqual(['bot: Hi', 'bot: We are away', 'bot: What is your name?']);
      expect(bot.state.closed).toEqual({ at: 1, back: null });
    });

    it('skips contact fields the visitor already gave', async () => {
      const { bot, fx, lines } = setup([{ id: 'n', type: 'capture', text: 'Name?', field: 'name', saveAs: 'name', required: true }, ...cards], false);
      await bot.start();
      await bot.submit('Ada');
      expect(lines().slice(-2)).toEqual(['bot: We are away', 'bot: What is your email address?']);
      await bot.submit('ada@example.com');
      expect(fx.offline[0]!.contact).toEqual({ name: 'Ada', email: 'ada@example.com' });
    });

    it('a failed submission offers a retry with the same submission id', async () => {
      const { bot, fx } = setup(cards, false);
      fx.failOffline = 1;
      await bot.start();
      await bot.submit('Ada');
      await bot.submit('ada@example.com');
      expect(bot.state.prompt).toEqual({ kind: 'retry' });
      expect(bot.state.error).toBe('We could not send your details. Please try again.');
      await bot.retry();
      expect(fx.offline.map((o) => o.submissionId)).toEqual(['submission-1']);
      expect(bot.state.prompt.kind).toBe('ended');
    });

    it('nothing to create: still posts the contact the visitor typed', async () => {
      const { bot, fx, lines } = setup([cards[0]!, { ...liveCard, offline: { askFields: ['name', 'email', 'phone'], qualify: false, create: [] } }, cards[2]!], false);
      await bot.start();
      await bot.submit('Ada');
      await bot.submit('ada@example.com');
      await bot.submit('+1 555 0100');
      expect(fx.offline).toHaveLength(1);
      expect(fx.offline[0]).toMatchObject({ contact: { name: 'Ada', email: 'ada@example.com', phone: '+1 555 0100' }, create: [], qualified: false });
      expect(lines().at(-1)).toBe('bot: Thanks, bye');
    });

    it('nothing to create and no contact: posts nothing', async () => {
      const { bot, fx, lines } = setup([cards[0]!, { ...liveCard, offline: { askFields: [], qualify: false, create: [] } }, cards[2]!], false);
      await bot.start();
      expect(fx.offline).toEqual([]);
      expect(lines().at(-1)).toBe('bot: Thanks, bye');
    });

    it('a contact-only submission that fails offers a retry too', async () => {
      const { bot, fx } = setup([cards[0]!, { ...liveCard, offline: { askFields: ['email'], qualify: false, create: [] } }, cards[2]!], false);
      fx.failOffline = 1;
      await bot.start();
      await bot.submit('ada@example.com');
      expect(bot.state.prompt).toEqual({ kind: 'retry' });
      await bot.retry();
      expect(fx.offline.map((o) => o.contact)).toEqual([{ email: 'ada@example.com' }]);
      expect(bot.state.prompt.kind).toBe('ended');
    });

    it('ignores liveChatMissed when not waiting for an agent', async () => {
      const { bot, lines } = setup(cards, false);
      await bot.start();
      const before = lines();
      await bot.liveChatMissed();
      expect(lines()).toEqual(before);
    });
  });

  it('create card posts its items with the answers so far and continues', async () => {
    const { bot, fx, lines } = setup([
      { id: 'e', type: 'capture', text: 'Email?', field: 'email', saveAs: 'email', required: true },
      { id: 'mk', type: 'create', items: ['deal'], qualified: false, text: 'Creating your request' },
      { id: 'end', type: 'end' },
    ]);
    await bot.start();
    await bot.submit('ada@example.com');
    expect(fx.offline).toEqual([
      expect.objectContaining({ create: ['deal'], qualified: false, contact: { email: 'ada@example.com' }, answers: { email: 'ada@example.com' } }),
    ]);
    expect(lines().at(-1)).toBe('bot: Creating your request');
    expect(bot.state.prompt.kind).toBe('ended');
  });

  it('an end card stops the flow even with cards after it', async () => {
    const { bot, lines } = setup([
      { id: 'end', type: 'end' },
      { id: 'never', type: 'message', text: 'unreachable' },
    ]);
    await bot.start();
    expect(lines()).toEqual([]);
    expect(bot.state.prompt.kind).toBe('ended');
  });

  it('resumes from a saved state (JSON round trip) at the same prompt', async () => {
    const { bot, fx } = setup([question, { id: 'done', type: 'end', text: 'done' }]);
    await bot.start();
    const saved = JSON.parse(JSON.stringify(bot.state));
    const resumed = new BotInterpreter(playbook([question, { id: 'done', type: 'end', text: 'done' }]), true, fx, saved);
    await resumed.choose('sales');
    expect(resumed.state.transcript.map((l) => l.text)).toEqual(['Sales or support?', 'Sales', 'done']);
  });
});
