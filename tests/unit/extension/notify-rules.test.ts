import { describe, expect, it } from 'vitest';
import { defaultNotificationSettings, type NotificationSettings } from '../../../protocol';
import { conversationOfNotification, decideNotification, notificationContent, notificationSound, type NotifyContext } from '../../../models/notify-rules';
import type { NotifyFrame } from '../../../models/workspace-client';
import { summary } from '../../helpers/extension-fixtures';
import { useLocale } from '../../helpers/extension-i18n';

const me = { id: 'a1', name: 'Ada' };
const unassigned: NotifyFrame = { type: 'notify', event: 'new-unassigned', conversation: summary({ id: 'c1', status: 'waiting' }) };
const assigned: NotifyFrame = { type: 'notify', event: 'assigned-to-you', conversation: summary({ id: 'c2', status: 'active', assignee: me }) };
const message: NotifyFrame = { type: 'notify', event: 'new-message', conversation: summary({ id: 'c3', status: 'active', assignee: me }), text: 'Hi there' };

const ctx = (over: Partial<NotifyContext> = {}, settings: Partial<NotificationSettings> = {}): NotifyContext => ({
  meId: 'a1',
  online: true,
  permitted: true,
  focusedConversationId: null,
  settings: { ...defaultNotificationSettings(), ...settings },
  ...over,
});

describe('notification rules', () => {
  it('shows all three events with the default settings', () => {
    for (const f of [unassigned, assigned, message]) expect(decideNotification(f, ctx())).toEqual({ show: true });
  });

  it('each kind has its own switch', () => {
    expect(decideNotification(unassigned, ctx({}, { newUnassigned: false }))).toMatchObject({ show: false, why: 'kind-off' });
    expect(decideNotification(assigned, ctx({}, { assignedToMe: false }))).toMatchObject({ show: false, why: 'kind-off' });
    expect(decideNotification(message, ctx({}, { newMessage: false }))).toMatchObject({ show: false, why: 'kind-off' });
    expect(decideNotification(message, ctx({}, { newUnassigned: false, assignedToMe: false }))).toEqual({ show: true });
  });

  it('the master switch turns everything off', () => {
    for (const f of [unassigned, assigned, message]) expect(decideNotification(f, ctx({}, { enabled: false }))).toMatchObject({ why: 'all-off' });
  });

  it('offline agents and agents without the permission get nothing', () => {
    expect(decideNotification(unassigned, ctx({ online: false }))).toMatchObject({ why: 'offline' });
    expect(decideNotification(unassigned, ctx({ permitted: false }))).toMatchObject({ why: 'permission' });
  });

  it('no new-message notification while that chat is open and focused', () => {
    expect(decideNotification(message, ctx({ focusedConversationId: 'c3' }))).toMatchObject({ why: 'chat-focused' });
    expect(decideNotification(message, ctx({ focusedConversationId: 'c9' }))).toEqual({ show: true });
    // Focus only silences messages: a new chat in Unassigned still notifies.
    expect(decideNotification({ ...unassigned, conversation: summary({ id: 'c3' }) }, ctx({ focusedConversationId: 'c3' }))).toEqual({ show: true });
  });

  it('never notifies about a chat held by someone else', () => {
    const other = { id: 'a2', name: 'Bob' };
    const foreign: NotifyFrame = { ...message, conversation: summary({ status: 'active', assignee: other }) };
    expect(decideNotification(foreign, ctx())).toMatchObject({ show: false, why: 'not-mine' });
    expect(decideNotification({ ...assigned, conversation: foreign.conversation }, ctx())).toMatchObject({ show: false });
    expect(decideNotification({ ...unassigned, conversation: foreign.conversation }, ctx())).toMatchObject({ why: 'not-unassigned' });
  });

  it('content names the visitor, the message and the conversation', () => {
    const n = notificationContent(message);
    expect(n).toMatchObject({ title: 'Blue Fox', message: 'Hi there' });
    expect(conversationOfNotification(n.id)).toBe('c3');
    expect(notificationContent(unassigned)).toMatchObject({ title: 'New conversation', message: 'Blue Fox is waiting in Unassigned' });
    expect(notificationContent({ ...assigned, conversation: summary({ id: 'zz', visitorName: '' , status: 'active', assignee: me }) }).message).toMatch(/^\w+ \w+ is now yours$/);
    expect(conversationOfNotification('something-else')).toBeNull();
  });

  it('a reminder (Re-notify every) takes the id of the chat’s first notification, so it replaces it and shows again', () => {
    const first = notificationContent(unassigned);
    const again = notificationContent({ ...unassigned, repeat: true, sound: true });
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ title: 'Still waiting', message: 'Blue Fox is still waiting in Unassigned' });
    expect(notificationContent({ ...assigned, repeat: true, sound: true })).toMatchObject({ id: notificationContent(assigned).id, title: 'Waiting for your reply', message: 'Blue Fox is waiting for your reply' });
    // Two chats, two notifications; messages each their own.
    expect(notificationContent({ ...unassigned, conversation: summary({ id: 'c8' }) }).id).not.toBe(first.id);
    expect(conversationOfNotification(again.id)).toBe('c1');
    // Reminders are judged like the first: settings, status and visibility apply.
    expect(decideNotification({ ...unassigned, repeat: true, sound: true }, ctx({ online: false }))).toMatchObject({ why: 'offline' });
    expect(decideNotification({ ...assigned, repeat: true, sound: true }, ctx({}, { assignedToMe: false }))).toMatchObject({ why: 'kind-off' });
  });

  it('a reminder asking for a sound makes one with the Sound setting off; others follow the setting', () => {
    const quiet = defaultNotificationSettings();
    expect(notificationSound(unassigned, quiet)).toBe(false);
    expect(notificationSound({ ...unassigned, repeat: true, sound: true }, quiet)).toBe(true);
    expect(notificationSound(message, { ...quiet, sound: true })).toBe(true);
  });

  it('content is in the browser’s UI language', () => {
    const restore = useLocale('fr-FR');
    try {
      expect(notificationContent(unassigned)).toMatchObject({ title: 'Nouvelle conversation', message: 'Blue Fox attend dans Non assignées' });
      expect(notificationContent(assigned)).toMatchObject({ title: 'Conversation qui vous est assignée' });
      expect(notificationContent({ ...unassigned, repeat: true })).toMatchObject({ title: 'Toujours en attente', message: 'Blue Fox attend toujours dans Non assignées' });
      expect(notificationContent({ ...message, text: undefined, conversation: summary({ id: 'c3', status: 'active', assignee: me, lastMessage: undefined }) }).message).toBe('Nouveau message');
    } finally {
      restore();
    }
  });
});
