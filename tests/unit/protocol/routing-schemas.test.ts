import { describe, expect, it } from 'vitest';
import {
  AgentUpdate,
  HoursSave,
  LiveChatCard,
  RoutingSave,
  SetStatus,
  TeamCreate,
  TeamUpdate,
  WorkspaceClientMessage,
  decodeValue,
  liveChatTemplate,
  newLiveChatCard,
  newBusinessHours,
  teamOfChat,
  type Playbook,
} from '../../../protocol';

const ok = (schema: Parameters<typeof decodeValue>[0], value: unknown) => expect(decodeValue(schema, value).ok, JSON.stringify(value)).toBe(true);
const refused = (schema: Parameters<typeof decodeValue>[0], value: unknown, path: string, code: string) => {
  const d = decodeValue(schema, value);
  expect(d.ok, JSON.stringify(value)).toBe(false);
  if (!d.ok) expect(d.error.extra.problems?.[path]?.code).toBe(code);
};

describe('the live chat card\'s routing settings', () => {
  const card = newLiveChatCard();
  it('routing, team and escalation are optional, within protocol/routing.ts bounds', () => {
    ok(LiveChatCard, card);
    ok(LiveChatCard, { ...card, routing: 'least-busy', team: 'sales', renotifyEverySec: 10, reassignAfterSec: 3_600 });
    refused(LiveChatCard, { ...card, routing: 'random' }, 'routing', 'invalid-value');
    refused(LiveChatCard, { ...card, renotifyEverySec: 9 }, 'renotifyEverySec', 'out-of-range');
    refused(LiveChatCard, { ...card, renotifyEverySec: 601 }, 'renotifyEverySec', 'out-of-range');
    refused(LiveChatCard, { ...card, reassignAfterSec: 14 }, 'reassignAfterSec', 'out-of-range');
    refused(LiveChatCard, { ...card, reassignAfterSec: 20.5 }, 'reassignAfterSec', 'not-whole');
  });

  it("teamOfChat: the last question whose chosen button names a team, else the card's team, else none", () => {
    const p = liveChatTemplate('pb') as Playbook;
    expect(teamOfChat(p, { topic: 'Talk to sales' })).toBeUndefined();
    const withTeams = {
      ...p,
      cards: p.cards.map((c) =>
        c.type === 'question' ? { ...c, buttons: c.buttons.map((b) => (b.id === 'sales' ? { ...b, team: 'sales' } : b)) } : c.type === 'live-chat' ? { ...c, team: 'support' } : c,
      ),
    };
    expect(teamOfChat(withTeams, { topic: 'Talk to sales' })).toBe('sales');
    expect(teamOfChat(withTeams, { topic: 'I have a question' })).toBe('support');
    expect(teamOfChat(withTeams, {})).toBe('support');
  });
});

describe('workspace frames of issue 13', () => {
  it('decode, with the problems an options page shows', () => {
    ok(SetStatus, { type: 'set-status', status: 'away' });
    refused(WorkspaceClientMessage, { type: 'set-status', status: 'offline' }, 'status', 'invalid-value');
    ok(HoursSave, { type: 'hours-save', hours: newBusinessHours('Europe/Paris') });
    ok(HoursSave, { type: 'hours-save', hours: null });
    refused(HoursSave, { type: 'hours-save', hours: { ...newBusinessHours('Mars/Olympus'), timeZone: 'Mars/Olympus' } }, 'hours.timeZone', 'time-zone');
    ok(RoutingSave, { type: 'routing-save', defaultMaxChats: 50 });
    refused(RoutingSave, { type: 'routing-save', defaultMaxChats: 0 }, 'defaultMaxChats', 'out-of-range');
    ok(AgentUpdate, { type: 'agent-update', id: 'a1', maxChats: null });
    refused(AgentUpdate, { type: 'agent-update', id: 'a1', maxChats: 51 }, 'maxChats', 'out-of-range');
    ok(TeamCreate, { type: 'team-create', name: 'Sales', members: ['a1'] });
    refused(TeamCreate, { type: 'team-create', name: '  ' }, 'name', 'name-required');
    refused(TeamCreate, { type: 'team-create', name: 'Sa\u202eles' }, 'name', 'name-chars');
    refused(TeamUpdate, { type: 'team-update', id: 'x', name: 'y'.repeat(101) }, 'name', 'at-most');
  });
});
