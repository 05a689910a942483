import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { defaultNotificationSettings } from '../../../protocol';
import { widgetSnippet, serverOrigin } from '../../../models/options/snippet';
import { allOff, notifies, withSwitch } from '../../../models/options/notifications';
import { canManagePlaybooks, checkAgentForm, isAdmin } from '../../../models/options/agent-form';
import { textsIn } from '../../../models/i18n';

const en = textsIn('en').options;

describe('install snippet', () => {
  it('is the documented two lines: the Baton queue first, then the widget', () => {
    expect(widgetSnippet('http://127.0.0.1:1999/', 'acme', 'pb1')).toBe(
      '<script>window.Baton=window.Baton||function(){(Baton.q=Baton.q||[]).push(arguments)}</script>\n' +
        '<script async src="http://127.0.0.1:1999/widget.js" data-workspace="acme" data-playbook="pb1"></script>',
    );
  });
  it('its queue line defines Baton as a queue the chat bundle can replay', () => {
    const line = widgetSnippet('https://s.example', 'a', 'p').split('\n')[0]!;
    // A page's global object, where `window` is the global itself.
    const page: Record<string, any> = {};
    page['window'] = page;
    const code = line.replace(/^<script>|<\/script>$/g, '');
    runInNewContext(code, page);
    runInNewContext(`Baton('identify', { id: 'u1' }); Baton('open')`, page);
    expect(page['Baton'].q.map((args: IArguments) => [...args])).toEqual([['identify', { id: 'u1' }], ['open']]);
    runInNewContext(code, page); // pasted twice: the queue is kept
    expect(page['Baton'].q).toHaveLength(2);
  });
  it('normalises what admins type as the server', () => {
    expect(serverOrigin('baton.example.partykit.dev')).toBe('https://baton.example.partykit.dev');
    expect(serverOrigin('localhost:1999')).toBe('http://localhost:1999');
    expect(() => serverOrigin('ftp://x')).toThrow(TypeError);
  });
  it('cannot be broken out of by odd ids', () => {
    expect(widgetSnippet('https://s.example', 'a"><script>', 'p')).toContain('data-workspace="a&quot;&gt;&lt;script&gt;"');
  });
});

describe('notification switches', () => {
  it('turns everything off with the master switch and keeps each choice', () => {
    const s = withSwitch(defaultNotificationSettings(), 'assignedToMe', false);
    expect(notifies(s, 'newUnassigned')).toBe(true);
    expect(notifies(s, 'assignedToMe')).toBe(false);
    const off = allOff(s);
    expect(notifies(off, 'newUnassigned')).toBe(false);
    expect(withSwitch(off, 'enabled', true)).toEqual(s);
  });
});

describe('agent form and permissions', () => {
  it('builds agent-create and shows field errors otherwise', () => {
    expect(checkAgentForm({ name: ' Ann ', email: 'ann@example.com', role: 'agent', manageLiveChat: true }, 'r')).toEqual({
      ok: true,
      value: { type: 'agent-create', ref: 'r', name: 'Ann', email: 'ann@example.com', role: 'agent', manageLiveChat: true },
    });
    const bad = checkAgentForm({ name: '', email: 'nope', role: 'agent', manageLiveChat: false });
    expect(bad).toEqual({ ok: false, errors: { name: 'Name is required', email: 'Enter a valid email address' } });
  });
  it('lets admins and permitted agents edit playbooks, and only admins manage agents', () => {
    const agent = { role: 'agent' as const, manageLiveChat: false, revoked: false };
    expect(canManagePlaybooks(agent)).toBe(false);
    expect(canManagePlaybooks({ ...agent, manageLiveChat: true })).toBe(true);
    expect(canManagePlaybooks({ ...agent, role: 'admin' })).toBe(true);
    expect(canManagePlaybooks({ ...agent, role: 'admin', revoked: true })).toBe(false);
    expect(isAdmin({ ...agent, manageLiveChat: true })).toBe(false);
    expect(canManagePlaybooks(null)).toBe(false);
  });
});

// Choosing the language and the French table's completeness: tests/unit/extension/i18n.test.ts.
describe('strings', () => {
  it('keeps the English accessible names tests and docs rely on', () => {
    expect([en.playbooks.newPlaybook, en.playbooks.useTemplate, en.editor.addLiveChatCard, en.editor.save, en.editor.editCard, en.editor.deleteCard]).toEqual([
      'New playbook', 'Use live chat template', 'Add live chat card', 'Save', 'Edit card', 'Delete card',
    ]);
    expect([en.liveChat.onlineMessage, en.liveChat.waitTime, en.liveChat.offlineMessage, en.install.allowedSites, en.install.copySnippet, en.agents.addAgent]).toEqual([
      'Online message', 'Wait time', 'Offline message', 'Allowed sites', 'Copy snippet', 'Add agent',
    ]);
    expect([en.notifications.newUnassigned, en.notifications.assignedToMe, en.notifications.newMessage]).toEqual([
      'New unassigned conversation', 'Conversation assigned to me', 'New message in my conversation',
    ]);
  });
});
