// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MemoryTransport } from '../../../models/memory-transport';
import { WorkspaceClient } from '../../../models/workspace-client';
import { HoursMessages, liveChatTemplate, newBusinessHours, type AgentPublic, type RoutingSettings } from '../../../protocol';
import { App } from '../../../ui/options/App';
import { textsIn, type Language } from '../../../models/i18n';
import { OptionsModel } from '../../../models/options/options-model';
import { useLocale } from '../../helpers/extension-i18n';
import { agent, settle, welcome } from '../../helpers/extension-fixtures';

// The options page's routing side (issue 13): Business hours, Teams, Max chats, the live chat card's routing and a
// question button's team, driven through labels and buttons against a workspace room played by the test.

const [en, fr] = [textsIn('en').options, textsIn('fr').options];
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.innerHTML = '';
});

type Sent = { type: string; ref?: string; [k: string]: any };
const ADA = agent({ id: 'a1', name: 'Ada', role: 'admin' });
const BOB = agent({ id: 'a2', name: 'Bob', email: 'bob@example.com' });
const CY = agent({ id: 'a3', name: 'Cy', email: 'cy@example.com', maxChats: 5 });

async function mount(lang: Language, me: AgentPublic = ADA, routing: RoutingSettings = { hours: null, defaultMaxChats: 3, teams: [] }) {
  restore = useLocale(lang);
  const room = new MemoryTransport();
  const model = new OptionsModel({
    loadConnection: async () => null,
    connect: async (input) => ({ connection: input, session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: me } }),
    disconnect: async () => undefined,
    openWorkspace: () => new WorkspaceClient({ transport: room, token: async () => 't' }),
  });
  const el = document.body.appendChild(document.createElement('div'));
  await act(() => render(<App model={model} />, el));
  await act(async () => {
    await model.connect({ server: 'http://127.0.0.1:1999', workspace: 'acme', credential: 'c' });
    room.open();
    await settle();
    room.push(welcome({ me, agents: [me.id === ADA.id ? ADA : me, BOB, CY], routing, playbooks: [{ ...liveChatTemplate('pb1'), revision: 1, installedAt: null, updatedAt: 1_700_000_000_001 }] }));
  });
  const section = (id: string) => el.querySelector<HTMLElement>(`#${id}`)!;
  /** The control a label (visible, or aria-label) names, inside `scope`. */
  const control = (scope: ParentNode, name: string) => {
    const label = [...scope.querySelectorAll('label')].find((l) => l.textContent?.trim() === name);
    const c = label ? (label.htmlFor ? scope.querySelector(`[id="${label.htmlFor}"]`) : label.querySelector('input')) : scope.querySelector(`[aria-label="${name}"]`);
    if (!c) throw new Error(`nothing labelled "${name}"`);
    return c as HTMLInputElement & HTMLSelectElement;
  };
  const button = (scope: ParentNode, name: string) => {
    const b = [...scope.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent)?.trim().startsWith(name));
    if (!b) throw new Error(`no button "${name}"`);
    return b;
  };
  const type = (c: HTMLInputElement | HTMLSelectElement, value: string, event = 'input') =>
    act(() => {
      c.value = value;
      c.dispatchEvent(new Event(event, { bubbles: true }));
    });
  const click = (b: HTMLElement) => act(() => b.click());
  // happy-dom does not submit a form from its submit button: send the event the button would.
  const submit = (form: HTMLFormElement) => act(() => void form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
  const sent = (type: string) => (room.sent as Sent[]).filter((f) => f.type === type);
  /** Answers the last frame of `type` as the room would. */
  const answer = (type: string, reply: Record<string, unknown> = { type: 'ok' }) =>
    act(async () => {
      room.push({ ...reply, ref: sent(type).at(-1)!.ref });
      await settle();
    });
  const push = (frame: unknown) =>
    act(async () => {
      room.push(frame);
      await settle();
    });
  return { el, model, room, section, control, button, type, click, submit, sent, answer, push };
}

describe('Business hours', () => {
  it('switched on, a Monday with two ranges and a holiday: Save sends the hours as the schema gives them', async () => {
    const p = await mount('en');
    const hours = p.section('hours');
    expect(hours.querySelector('h2')!.textContent).toBe('Business hours');
    expect(hours.textContent).toContain(en.hours.alwaysOpen);
    await p.click(p.control(hours, 'Open only during business hours'));
    await p.type(p.control(hours, 'Time zone'), 'Europe/Paris');
    expect(p.control(hours, 'Monday, range 1: opens').value).toBe('09:00');
    await p.type(p.control(hours, 'Monday, range 1: closes'), '12:00');
    await p.click(p.button(hours, 'Add range: Monday'));
    await p.type(p.control(hours, 'Monday, range 2: opens'), '14:00');
    await p.type(p.control(hours, 'Monday, range 2: closes'), '00:00');
    await p.click(p.button(hours, 'Remove Friday, range 1'));
    expect(hours.querySelector('[data-day="Friday"]')!.textContent).toContain('Closed');
    await p.click(p.button(hours, 'Add exception'));
    await p.type(p.control(hours, 'Date'), '2026-12-25');
    await p.click(p.button(hours, 'Save business hours'));
    const [frame] = p.sent('hours-save');
    expect(frame!.hours).toEqual({
      timeZone: 'Europe/Paris',
      week: { mon: [{ from: '09:00', to: '12:00' }, { from: '14:00', to: '24:00' }], tue: [{ from: '09:00', to: '18:00' }], wed: [{ from: '09:00', to: '18:00' }], thu: [{ from: '09:00', to: '18:00' }], fri: [], sat: [], sun: [] },
      exceptions: [{ date: '2026-12-25', closed: true }],
    });
    await p.answer('hours-save');
    await p.push({ type: 'routing', routing: { hours: frame!.hours, defaultMaxChats: 3, teams: [] } });
    expect(hours.querySelector('[role="status"]')!.textContent).toBe(en.hours.saved);
    expect(hours.textContent).not.toContain(en.hours.unsaved);
  });

  it('an overlapping range is marked next to itself and nothing is sent; the room’s field problems show next to their field too', async () => {
    const p = await mount('en', ADA, { hours: newBusinessHours('Europe/Paris'), defaultMaxChats: 3, teams: [] });
    const hours = p.section('hours');
    await p.click(p.button(hours, 'Add range: Tuesday'));
    await p.type(p.control(hours, 'Tuesday, range 2: opens'), '17:00');
    const closes = p.control(hours, 'Tuesday, range 2: closes');
    expect(closes.getAttribute('aria-invalid')).toBe('true');
    expect(hours.querySelector(`#${closes.getAttribute('aria-describedby')}`)!.textContent).toBe(HoursMessages.overlap);
    await p.click(p.button(hours, 'Save business hours'));
    expect(p.sent('hours-save')).toEqual([]);
    expect(hours.querySelector('[role="alert"]')!.textContent).toBe(en.hours.fixErrors(1));

    await p.click(p.button(hours, 'Remove Tuesday, range 2'));
    await p.click(p.button(hours, 'Save business hours'));
    // A zone this browser knows but the server does not: the room's problem, by code, next to the field.
    await p.answer('hours-save', {
      type: 'error',
      code: 'invalid-field',
      message: 'Invalid hours.timeZone',
      fields: { 'hours.timeZone': 'Choose a time zone by its name' },
      problems: { 'hours.timeZone': { code: 'time-zone' } },
    });
    const zone = p.control(hours, 'Time zone');
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(hours.querySelector(`#${zone.getAttribute('aria-describedby')!.split(' ')[0]}`)!.textContent).toBe(HoursMessages.timeZone);
  });

  it('in French, with the problem in French', async () => {
    const p = await mount('fr', ADA, { hours: newBusinessHours('Europe/Paris'), defaultMaxChats: 3, teams: [] });
    const hours = p.section('hours');
    expect(hours.querySelector('h2')!.textContent).toBe('Horaires d’ouverture');
    await p.type(p.control(hours, 'Lundi, plage 1 : fermeture'), '08:00');
    expect(hours.textContent).toContain(fr.hours.closed);
    expect(hours.querySelector('.range .error')!.textContent).toMatch(/^Une plage doit finir après son début/);
  });

  it('an agent sees the hours and cannot change them', async () => {
    const p = await mount('en', BOB, { hours: newBusinessHours('Europe/Paris'), defaultMaxChats: 3, teams: [] });
    const hours = p.section('hours');
    expect(hours.textContent).toContain(en.hours.adminsOnly);
    expect(hours.querySelector('fieldset')!.disabled).toBe(true);
    expect(() => p.button(hours, 'Save business hours')).toThrow();
    expect(() => p.button(hours, 'Add range')).toThrow();
  });
});

describe('Teams and Max chats', () => {
  it('Add team, tick members (the whole list each time), rename, delete after a confirmation', async () => {
    const p = await mount('en');
    const teams = p.section('teams');
    expect(teams.textContent).toContain(en.teams.empty);
    await p.type(p.control(teams, 'Team name'), '  ');
    await p.submit(teams.querySelector('form.add-team')!);
    expect(teams.textContent).toContain('Name is required');
    expect(p.sent('team-create')).toEqual([]);
    await p.type(p.control(teams, 'Team name'), 'Sales ');
    await p.submit(teams.querySelector('form.add-team')!);
    expect(p.sent('team-create')).toMatchObject([{ name: 'Sales' }]);
    await p.answer('team-create', { type: 'ok', id: 't1' });
    await p.push({ type: 'routing', routing: { hours: null, defaultMaxChats: 3, teams: [{ id: 't1', name: 'Sales' }] } });
    expect(teams.querySelector('[role="status"]')!.textContent).toBe(en.teams.added('Sales'));

    const row = () => teams.querySelector<HTMLElement>('[data-team="Sales"]')!;
    await p.click(p.control(row(), 'Bob'));
    expect(p.sent('team-update').at(-1)).toMatchObject({ id: 't1', members: ['a2'] });
    await p.answer('team-update');
    await p.push({ type: 'agents', agents: [ADA, { ...BOB, teams: ['t1'] }, CY] });
    expect(p.control(row(), 'Bob').checked).toBe(true);
    await p.click(p.control(row(), 'Cy'));
    expect(p.sent('team-update').at(-1)).toMatchObject({ id: 't1', members: ['a2', 'a3'] });
    await p.answer('team-update');

    await p.type(p.control(row(), 'Name of Sales'), 'Sales EU');
    await p.submit(row().querySelector('form')!);
    expect(p.sent('team-update').at(-1)).toEqual({ type: 'team-update', ref: expect.any(String), id: 't1', name: 'Sales EU' });
    await p.answer('team-update');
    await p.push({ type: 'routing', routing: { hours: null, defaultMaxChats: 3, teams: [{ id: 't1', name: 'Sales EU' }] } });

    const renamed = teams.querySelector<HTMLElement>('[data-team="Sales EU"]')!;
    await p.click(p.button(renamed, 'Delete team'));
    expect(p.sent('team-delete')).toEqual([]);
    const dialog = renamed.querySelector('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain(en.teams.confirmDelete('Sales EU'));
    await p.click(p.button(dialog, 'Delete team'));
    expect(p.sent('team-delete')).toMatchObject([{ id: 't1' }]);
  });

  it('two quick ticks before the room answers: the second list keeps the first tick', async () => {
    const p = await mount('en', ADA, { hours: null, defaultMaxChats: 3, teams: [{ id: 't1', name: 'Sales' }] });
    const row = p.section('teams').querySelector<HTMLElement>('[data-team="Sales"]')!;
    await p.click(p.control(row, 'Bob'));
    await p.click(p.control(row, 'Cy'));
    expect(p.sent('team-update').map((f) => f.members)).toEqual([['a2'], ['a2', 'a3']]);
    // The room's lists arrive: the first (Bob only) does not untick Cy while the second is on its way.
    await p.push({ type: 'agents', agents: [ADA, { ...BOB, teams: ['t1'] }, CY] });
    expect(p.control(row, 'Cy').checked).toBe(true);
    await p.push({ type: 'agents', agents: [ADA, { ...BOB, teams: ['t1'] }, { ...CY, teams: ['t1'] }] });
    await p.click(p.control(row, 'Bob'));
    expect(p.sent('team-update').at(-1)!.members).toEqual(['a3']);
  });

  it('an agent sees the teams and their members, nothing to change', async () => {
    const p = await mount('en', BOB, { hours: null, defaultMaxChats: 3, teams: [{ id: 't1', name: 'Support' }] });
    await p.push({ type: 'agents', agents: [ADA, { ...BOB, teams: ['t1'] }, { ...CY, teams: ['t1'] }] });
    const teams = p.section('teams');
    expect(teams.textContent).toContain(en.teams.adminsOnly);
    expect(teams.querySelector('[data-team="Support"]')!.textContent).toBe('SupportBob, Cy');
    expect(teams.querySelectorAll('input, button')).toHaveLength(0);
  });

  it('the workspace’s Max chats and an agent’s own (empty: the workspace’s), checked before sending', async () => {
    const p = await mount('en');
    const agents = p.section('agents');
    const workspaceMax = p.control(agents, 'Max chats per agent');
    expect(workspaceMax.value).toBe('3');
    await p.type(workspaceMax, '0');
    await p.submit(agents.querySelector('form.default-max')!);
    expect(p.sent('routing-save')).toEqual([]);
    expect(agents.textContent).toContain('Number out of range');
    await p.type(workspaceMax, '2');
    await p.submit(agents.querySelector('form.default-max')!);
    expect(p.sent('routing-save')).toMatchObject([{ defaultMaxChats: 2 }]);
    await p.answer('routing-save');
    await p.push({ type: 'routing', routing: { hours: null, defaultMaxChats: 2, teams: [] } });

    const bob = p.control(agents, 'Max chats: Bob');
    expect(bob.value).toBe('');
    expect(bob.placeholder).toBe('2 (default)');
    await p.type(bob, '1', 'input');
    await p.type(bob, '1', 'change');
    expect(p.sent('agent-update').at(-1)).toMatchObject({ id: 'a2', maxChats: 1 });
    await p.answer('agent-update');
    const cy = p.control(agents, 'Max chats: Cy');
    expect(cy.value).toBe('5');
    await p.type(cy, '', 'input');
    await p.type(cy, '', 'change');
    expect(p.sent('agent-update').at(-1)).toMatchObject({ id: 'a3', maxChats: null });
    await p.answer('agent-update');
    await p.type(cy, '99', 'input');
    await p.type(cy, '99', 'change');
    expect(p.sent('agent-update')).toHaveLength(2);
    expect(cy.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('the live chat card’s routing and a question button’s team', () => {
  it('Routing, Team, Re-notify every and Reassign if no reply within are saved with the card; a button can name a team', async () => {
    const p = await mount('en', ADA, { hours: null, defaultMaxChats: 3, teams: [{ id: 't1', name: 'Sales' }, { id: 't2', name: 'Support' }] });
    await p.click(p.button(p.el, 'Live chat'));
    const card = () => p.el.querySelector<HTMLElement>('[data-card-type="live-chat"]')!;
    await p.click(p.button(card(), 'Edit card'));
    const routing = p.control(card(), 'Routing');
    expect([...routing.options].map((o) => o.textContent)).toEqual(['Manual', 'Round robin', 'Least busy']);
    expect(card().textContent).toContain(en.liveChat.reassignManual);
    await p.type(routing, 'round-robin', 'change');
    expect([...p.control(card(), 'Team').options].map((o) => o.textContent)).toEqual(['Any agent', 'Sales', 'Support']);
    await p.type(p.control(card(), 'Team'), 't1', 'change');
    await p.type(p.control(card(), 'Re-notify every'), '5');
    expect(p.control(card(), 'Re-notify every').getAttribute('aria-invalid')).toBe('true');
    await p.type(p.control(card(), 'Re-notify every'), '30');
    await p.type(p.control(card(), 'Reassign if no reply within'), '90');
    expect(card().textContent).not.toContain(en.liveChat.reassignManual);

    const question = () => p.el.querySelector<HTMLElement>('[data-card-type="question"]')!;
    await p.click(p.button(question(), 'Edit card'));
    await p.type(p.control(question(), 'Send to team 2'), 't2', 'change');

    expect(card().querySelector('.summary')!.textContent).toBe('Wait time: 2 min · Round robin · An agent will be with you in a moment.');
    await p.click(p.button(p.el.querySelector('.save-bar')!, 'Save'));
    const saved = p.sent('playbook-save').at(-1)!.playbook;
    expect(saved.cards.find((c: Sent) => c.type === 'live-chat')).toMatchObject({ routing: 'round-robin', team: 't1', renotifyEverySec: 30, reassignAfterSec: 90 });
    expect(saved.cards.find((c: Sent) => c.type === 'question').buttons).toEqual([
      { id: 'sales', label: 'Talk to sales' },
      { id: 'support', label: 'I have a question', team: 't2' },
    ]);

    // Back to Manual and no reminders: the keys go, they are not sent as empty values.
    await p.click(p.button(card(), 'Edit card'));
    await p.type(p.control(card(), 'Routing'), 'manual', 'change');
    await p.type(p.control(card(), 'Re-notify every'), '');
    const live = p.model.draft.value!.value.value.cards.find((c) => c.type === 'live-chat')!;
    expect(live).not.toHaveProperty('routing');
    expect(live).not.toHaveProperty('renotifyEverySec');
  });

  it('a team deleted since is shown as such, not silently changed', async () => {
    const p = await mount('en');
    const stored = p.model.client.value!.playbooks.value[0]!;
    await p.push({ type: 'playbooks', playbooks: [{ ...stored, cards: stored.cards.map((c) => (c.type === 'live-chat' ? { ...c, team: 'gone' } : c)) }] });
    await p.click(p.button(p.el, 'Live chat'));
    const card = p.el.querySelector<HTMLElement>('[data-card-type="live-chat"]')!;
    await p.click(p.button(card, 'Edit card'));
    const team = p.control(card, 'Team');
    expect(team.value).toBe('gone');
    expect(team.selectedOptions[0]!.textContent).toBe(en.liveChat.goneTeam);
  });
});

describe('every new control has a name, in both languages', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(lang, async () => {
      const p = await mount(lang, ADA, { hours: newBusinessHours('Europe/Paris'), defaultMaxChats: 3, teams: [{ id: 't1', name: 'Sales' }] });
      await p.click(p.button(p.section('hours'), lang === 'en' ? 'Add exception' : 'Ajouter une exception'));
      const ex = p.section('hours').querySelector('select')!;
      await p.type(ex, 'open', 'change');
      for (const id of ['hours', 'teams', 'agents']) {
        const s = p.section(id);
        for (const c of s.querySelectorAll('input, select, textarea')) {
          const named = c.getAttribute('aria-label') || (c.id && s.querySelector(`label[for="${c.id}"]`)) || c.closest('label');
          expect(named, c.outerHTML).toBeTruthy();
        }
        for (const b of s.querySelectorAll('button')) expect((b.getAttribute('aria-label') || b.textContent || '').trim(), b.outerHTML).not.toBe('');
      }
    });
  }
});
