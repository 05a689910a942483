import { describe, expect, it } from 'vitest';
import { defaultNotificationSettings, type NotificationSettings } from '../../../protocol';
import { CHIME_GAP_MS, decideChime, panelChimesFor, type ChimeContext } from '../../../models/chime-rules';
import type { NotifyFrame, WorkspaceFrame } from '../../../models/workspace-client';
import { agent, summary, welcome } from '../../helpers/extension-fixtures';

const me = { id: 'a1', name: 'Ada' };
const unassigned: NotifyFrame = { type: 'notify', event: 'new-unassigned', conversation: summary({ id: 'c1', status: 'waiting' }) };
const assigned: NotifyFrame = { type: 'notify', event: 'assigned-to-you', conversation: summary({ id: 'c2', status: 'active', assignee: me }) };
const message: NotifyFrame = { type: 'notify', event: 'new-message', conversation: summary({ id: 'c3', status: 'active', assignee: me }), text: 'Hi' };

const ctx = (over: Partial<ChimeContext> = {}, settings: Partial<NotificationSettings> = {}): ChimeContext => ({
  meId: 'a1',
  online: true,
  settings: { ...defaultNotificationSettings(), sound: true, ...settings },
  now: 100_000,
  lastChimeAt: null,
  ...over,
});

describe('chime rules', () => {
  it('chimes for a visitor message in my chat and a new chat in Unassigned, not for an assignment', () => {
    expect(decideChime(message, ctx())).toEqual({ chime: true });
    expect(decideChime(unassigned, ctx())).toEqual({ chime: true });
    expect(decideChime(assigned, ctx())).toMatchObject({ chime: false, why: 'event' });
    expect([panelChimesFor(message), panelChimesFor(unassigned), panelChimesFor(assigned)]).toEqual([true, true, false]);
  });

  it('a reminder asking for a sound (Re-notify every) chimes, for my assigned chat too, even with Sound off', () => {
    const remindMe: NotifyFrame = { ...assigned, repeat: true, sound: true };
    const remindAll: NotifyFrame = { ...unassigned, repeat: true, sound: true };
    expect(panelChimesFor(remindMe)).toBe(true);
    expect(decideChime(remindMe, ctx())).toEqual({ chime: true });
    expect(decideChime(remindMe, ctx({}, { sound: false }))).toEqual({ chime: true });
    expect(decideChime(remindAll, ctx({}, { sound: false }))).toEqual({ chime: true });
    // The bot's or the visitor's last line does not matter for an assignment's reminder; mine still refuses a message.
    const botLast = { ...remindMe, conversation: { ...remindMe.conversation, lastMessage: { from: 'bot' as const, text: 'Hi', at: 2 } } };
    expect(decideChime(botLast, ctx())).toEqual({ chime: true });
    // Never with all notifications off, nor the kind switched off, nor for a chat no longer waiting for me.
    expect(decideChime(remindMe, ctx({}, { enabled: false }))).toMatchObject({ why: 'sound-off' });
    expect(decideChime(remindMe, ctx({}, { assignedToMe: false }))).toMatchObject({ why: 'kind-off' });
    expect(decideChime({ ...remindMe, conversation: summary({ status: 'active', assignee: { id: 'a2', name: 'Bob' } }) }, ctx())).toMatchObject({ why: 'not-mine' });
    // A repeat without `sound` is judged like the first.
    expect(decideChime({ ...assigned, repeat: true }, ctx())).toMatchObject({ why: 'event' });
  });

  it('only with the sound setting on (under the master switch), and the kind switch on', () => {
    expect(decideChime(message, ctx({}, { sound: false }))).toMatchObject({ why: 'sound-off' });
    expect(decideChime(unassigned, ctx({}, { sound: false }))).toMatchObject({ why: 'sound-off' });
    expect(decideChime(message, ctx({}, { enabled: false }))).toMatchObject({ why: 'sound-off' });
    expect(decideChime(message, ctx({}, { newMessage: false }))).toMatchObject({ why: 'kind-off' });
    expect(decideChime(unassigned, ctx({}, { newUnassigned: false }))).toMatchObject({ why: 'kind-off' });
  });

  it('new chats in Unassigned only while I am online; my chats regardless', () => {
    expect(decideChime(unassigned, ctx({ online: false }))).toMatchObject({ why: 'offline' });
    expect(decideChime(message, ctx({ online: false }))).toEqual({ chime: true });
    expect(decideChime(message, ctx({ meId: null }))).toMatchObject({ why: 'offline' });
  });

  it('never for a chat that is not mine, nor for my own message', () => {
    const bobs = { ...message, conversation: summary({ id: 'c3', status: 'active', assignee: { id: 'a2', name: 'Bob' } }) };
    expect(decideChime(bobs, ctx())).toMatchObject({ why: 'not-mine' });
    expect(decideChime({ ...unassigned, conversation: summary({ status: 'active', assignee: me }) }, ctx())).toMatchObject({ why: 'not-unassigned' });
    const mine = { ...message, conversation: { ...message.conversation, lastMessage: { from: 'agent' as const, text: 'Yes', at: 2 } } };
    expect(decideChime(mine, ctx())).toMatchObject({ why: 'own-message' });
  });

  it('replays are ignored: a welcome, its pages and upserts (history on open or reconnect) never chime', () => {
    const history = summary({ id: 'c3', status: 'active', assignee: me, unread: 5 });
    const frames = [
      welcome({ conversations: [history, summary({ id: 'u1' })], me: agent() }),
      { type: 'conversations', conversations: [history] },
      { type: 'conversation', conversation: history },
    ] as WorkspaceFrame[];
    for (const f of frames) expect(decideChime(f, ctx())).toMatchObject({ chime: false, why: 'not-live' });
  });

  it('at most one chime per 2 s', () => {
    expect(decideChime(message, ctx({ now: 10_000, lastChimeAt: 10_000 - CHIME_GAP_MS + 1 }))).toMatchObject({ why: 'throttled' });
    expect(decideChime(unassigned, ctx({ now: 10_000, lastChimeAt: 9_000 }))).toMatchObject({ why: 'throttled' });
    expect(decideChime(message, ctx({ now: 10_000, lastChimeAt: 10_000 - CHIME_GAP_MS }))).toEqual({ chime: true });
    expect(CHIME_GAP_MS).toBe(2_000);
  });
});
