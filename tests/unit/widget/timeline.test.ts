import { describe, expect, it } from 'vitest';
import type { Entry } from '../../../protocol/model';
import { strings } from '../../../widget/i18n';
import { timeline, type TimelineInput } from '../../../widget/timeline';

const t = strings('en');
const base: TimelineInput = { transcript: [], handoff: null, entries: [], pending: [], failed: [], seenByAgent: 0, botName: 'Bot', t };
const show = (input: Partial<TimelineInput>) => timeline({ ...base, ...input }).map((i) => `${i.kind}: ${i.text}${i.state ? ` [${i.state}]` : ''}`);

describe('timeline', () => {
  const transcript = [
    { from: 'bot' as const, text: 'Hi', at: 1 },
    { from: 'visitor' as const, text: 'Sales', at: 2 },
    { from: 'bot' as const, text: 'An agent will be with you', at: 3 },
  ];
  // What the room holds: the transcript copied as t1…, the created event, then the live chat.
  const entries: Entry[] = [
    { kind: 'message', seq: 1, id: 't1', from: 'bot', authorName: 'Bot', text: 'Hi', at: 1 },
    { kind: 'message', seq: 2, id: 't2', from: 'visitor', text: 'Sales', at: 2 },
    { kind: 'event', seq: 4, id: 'ev4', event: 'joined', at: 10, agent: { id: '', name: 'Alice' } },
    { kind: 'message', seq: 5, id: 'a5', from: 'agent', authorName: 'Alice', text: 'Hello', at: 11 },
    { kind: 'message', seq: 6, id: 'client-aaaaaaaa', from: 'visitor', text: 'Hi Alice', at: 12 },
  ];

  it('shows the bot part once, then the live chat, without the room copies of the transcript', () => {
    expect(show({ transcript, handoff: 3, entries })).toEqual([
      'bot: Hi',
      'visitor: Sales',
      'bot: An agent will be with you',
      'event: Alice joined the chat',
      'agent: Hello',
      'visitor: Hi Alice [sent]',
    ]);
  });

  it('tells the visitor when the chat is handed to another agent or back to the queue', () => {
    const moved: Entry[] = [
      ...entries,
      { kind: 'event', seq: 7, id: 'ev7', event: 'reassigned', at: 13, agent: { id: 'hidden', name: 'Bob' } },
      { kind: 'event', seq: 8, id: 'ev8', event: 'unassigned', at: 14 },
      { kind: 'event', seq: 9, id: 'ev9', event: 'lead-created', at: 15 },
    ];
    expect(show({ transcript, handoff: 3, entries: moved }).slice(-2)).toEqual(["event: You're now chatting with Bob", 'event: Waiting for the next available agent…']);
    const fr = timeline({ ...base, t: strings('fr'), transcript, handoff: 3, entries: moved }).map((i) => i.text);
    expect(fr.slice(-2)).toEqual(['Vous discutez maintenant avec Bob', 'En attente du prochain agent disponible…']);
  });

  it('marks the last visitor message seen when the agent has seen it', () => {
    expect(show({ transcript, handoff: 3, entries, seenByAgent: 6 }).at(-1)).toBe('visitor: Hi Alice [seen]');
  });

  it('puts pending and failed messages after the stored ones', () => {
    const lines = show({ entries, pending: [{ id: 'p1', text: 'typing fast', at: 20 }], failed: [{ id: 'f1', text: 'too late', at: 21 }] });
    expect(lines.slice(-2)).toEqual(['visitor: typing fast [sending]', 'visitor: too late [failed]']);
  });

  it('shows what the bot said after a missed chat after the live part, and hides the room offline copy', () => {
    const missed: Entry[] = [
      ...entries.slice(0, 2),
      { kind: 'event', seq: 4, id: 'ev4', event: 'missed', at: 10 },
      { kind: 'message', seq: 5, id: 'offline5', from: 'bot', text: 'We are away', at: 10 },
    ];
    const after = [...transcript, { from: 'bot' as const, text: 'We are away', at: 10 }, { from: 'bot' as const, text: 'What is your name?', at: 11 }];
    expect(show({ transcript: after, handoff: 3, entries: missed })).toEqual([
      'bot: Hi',
      'visitor: Sales',
      'bot: An agent will be with you',
      'bot: We are away',
      'bot: What is your name?',
    ]);
  });

  it('shows the closing as an event', () => {
    expect(show({ entries: [{ kind: 'event', seq: 9, id: 'ev9', event: 'closed', at: 30 }] })).toEqual(['event: The agent closed the chat']);
  });
});

describe('timeline: routing words (issue 13)', () => {
  it('the assignee did not reply: the visitor is told another agent is being found', () => {
    const entries: Entry[] = [
      { kind: 'event', seq: 3, id: 'routed', event: 'joined', at: 10, agent: { id: 'hidden', name: 'Alice' }, cause: 'routed' },
      { kind: 'event', seq: 4, id: 'ev4', event: 'unassigned', at: 20, cause: 'no-reply' },
      { kind: 'event', seq: 5, id: 'ev5', event: 'joined', at: 21, agent: { id: 'hidden', name: 'Bob' }, cause: 'routed' },
    ];
    expect(show({ entries, handoff: 0 })).toEqual(['event: Alice joined the chat', 'event: Sorry for the wait. Finding another agent for you…', 'event: Bob joined the chat']);
    expect(timeline({ ...base, entries, handoff: 0, t: strings('fr') }).map((i) => i.text)[1]).toBe("Désolés pour l'attente. Nous cherchons un autre agent…");
  });

  it("missed: with the visitor's email known, what happens next; else nothing (the offline flow asks for it)", () => {
    const entries: Entry[] = [{ kind: 'event', seq: 3, id: 'ev3', event: 'missed', at: 10 }];
    expect(show({ entries, handoff: 0, email: 'vera@example.com' })).toEqual(["event: No one could answer in time. We'll email you at vera@example.com."]);
    expect(show({ entries, handoff: 0 })).toEqual([]);
  });

  it('closed: the words saying when the team is back sit before the offline message', () => {
    const transcript = [
      { from: 'bot' as const, text: 'Hi', at: 1 },
      { from: 'bot' as const, text: 'We are away', at: 2 },
      { from: 'bot' as const, text: 'Your name?', at: 3 },
    ];
    expect(show({ transcript, closed: { at: 1, text: "We're back Monday at 09:00." } })).toEqual(['bot: Hi', "event: We're back Monday at 09:00.", 'bot: We are away', 'bot: Your name?']);
  });
});
