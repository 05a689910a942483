import { describe, expect, it } from 'vitest';
import { HoursMessages, newBusinessHours, type BusinessHours } from '../../../protocol';
import { checkHours, HoursDraft, hoursForm, nextRange, timeZones } from '../../../models/options/hours-draft';
import { checkTeamName, membersOf, parseMaxChats, sameMembers, withMember } from '../../../models/options/teams';
import { agent } from '../../helpers/extension-fixtures';

const paris = (): BusinessHours => newBusinessHours('Europe/Paris');

describe('the Business hours form', () => {
  it('starts switched off (always open) from no hours, with Monday to Friday 09:00–18:00 in the browser’s zone ready', () => {
    const form = hoursForm(null, 'America/New_York');
    expect(form).toMatchObject({ enabled: false, timeZone: 'America/New_York', exceptions: [] });
    expect(form.week.mon).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(form.week.sun).toEqual([]);
    expect(checkHours(form)).toEqual({ ok: true, value: null });
  });

  it('sends the hours the schema gives: a range closing at 00:00 closes at midnight (24:00), shown back as 00:00', () => {
    const d = new HoursDraft(null, 'Europe/Paris');
    d.setEnabled(true);
    d.setRange('fri', 0, { to: '00:00' });
    const out = d.saveFrame();
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.frame).toMatchObject({ type: 'hours-save', hours: { timeZone: 'Europe/Paris', week: { fri: [{ from: '09:00', to: '24:00' }] } } });
    const stored = { ...paris(), week: { ...paris().week, fri: [{ from: '09:00', to: '24:00' }] } };
    expect(hoursForm(stored, 'UTC').week.fri).toEqual([{ from: '09:00', to: '00:00' }]);
    expect(new HoursDraft(stored).dirty.value).toBe(false);
  });

  it('names each problem by the path the room would use, in the protocol’s words, and sends nothing', () => {
    const d = new HoursDraft(paris());
    d.setTimeZone('Mars/Olympus');
    d.addRange('mon'); // 18:00–19:00: fine, touching
    d.setRange('mon', 1, { from: '17:00' }); // overlaps 09:00–18:00
    d.setRange('tue', 0, { from: '18:00', to: '09:00' });
    d.addException('2026-12-25');
    d.addException('2026-12-25');
    expect(d.errors.value).toEqual({
      timeZone: HoursMessages.timeZone,
      'week.mon.1': HoursMessages.overlap,
      'week.tue.0.to': HoursMessages.order,
      'exceptions.1': HoursMessages.duplicateDate,
    });
    expect(d.saveFrame().ok).toBe(false);
  });

  it('an exception is closed all day, or open at its own ranges (proposed when opened, kept while closed)', () => {
    const d = new HoursDraft(paris());
    const key = d.addException('2026-05-01')!;
    d.setException(key, { closed: false });
    expect(d.value.value.exceptions[0]).toMatchObject({ closed: false, ranges: [{ from: '09:00', to: '17:00' }] });
    d.setExceptionRange(key, 0, { from: '10:00' });
    d.setException(key, { closed: true });
    d.setException(key, { closed: false });
    expect(d.value.value.exceptions[0]!.ranges).toEqual([{ from: '10:00', to: '17:00' }]);
    d.removeExceptionRange(key, 0);
    expect(d.errors.value).toEqual({ 'exceptions.0.ranges': HoursMessages.exceptionHours });
    d.removeException(key);
    expect(d.errors.value).toEqual({});
    expect(d.dirty.value).toBe(false);
  });

  it('Add range proposes the hour after the day’s last range, 09:00–17:00 on an empty day', () => {
    expect(nextRange([])).toEqual({ from: '09:00', to: '17:00' });
    expect(nextRange([{ from: '09:00', to: '12:00' }])).toEqual({ from: '12:00', to: '13:00' });
    expect(nextRange([{ from: '20:00', to: '23:30' }])).toEqual({ from: '23:30', to: '00:00' });
    expect(nextRange([{ from: '20:00', to: '00:00' }])).toEqual({ from: '09:00', to: '17:00' });
  });

  it('follows the room: a clean form takes new hours, an unsaved one keeps its edits and says so; a teams-only change is nothing', () => {
    const d = new HoursDraft(paris());
    const theirs = { ...paris(), timeZone: 'Europe/London' };
    d.rebase(theirs);
    expect(d.value.value.timeZone).toBe('Europe/London');
    d.setRange('wed', 0, { from: '08:00' });
    d.rebase(theirs); // the same hours again (a `routing` frame for a team)
    expect(d.conflict.value).toBe(false);
    expect(d.value.value.week.wed[0]!.from).toBe('08:00');
    d.rebase(paris());
    expect(d.conflict.value).toBe(true);
    expect(d.value.value.week.wed[0]!.from).toBe('08:00');
    d.discard();
    expect(d.value.value.timeZone).toBe('Europe/Paris');
    expect(d.conflict.value).toBe(false);
  });

  it('our own save, echoed by the room, leaves the form clean', () => {
    const d = new HoursDraft(null, 'Europe/Paris');
    d.setEnabled(true);
    d.addException('2026-12-25');
    const out = d.saveFrame();
    if (!out.ok) throw new Error('refused');
    d.rebase(out.frame.hours);
    expect(d.dirty.value).toBe(false);
    expect(d.conflict.value).toBe(false);
  });

  it('suggests every zone the browser knows, UTC included', () => {
    const zones = timeZones();
    expect(zones).toContain('Europe/Paris');
    expect(zones).toContain('UTC');
  });
});

describe('teams and Max chats', () => {
  const agents = [agent({ id: 'a1', teams: ['t1'] }), agent({ id: 'a2', name: 'Bob', teams: ['t1', 't2'] }), agent({ id: 'a3', name: 'Cy', teams: ['t1'], revoked: true })];

  it('a member checkbox sends the whole list, revoked agents left out', () => {
    expect(membersOf(agents, 't1')).toEqual(['a1', 'a2']);
    expect(withMember(membersOf(agents, 't2'), 'a1', true)).toEqual(['a2', 'a1']);
    expect(withMember(membersOf(agents, 't1'), 'a2', false)).toEqual(['a1']);
    expect(withMember(membersOf(agents, 't1'), 'a2', true)).toEqual(['a1', 'a2']);
    expect(sameMembers(['a1', 'a2'], ['a2', 'a1'])).toBe(true);
    expect(sameMembers(['a1'], ['a1', 'a2'])).toBe(false);
  });

  it('checks a team name as the room does', () => {
    expect(checkTeamName('  Sales  ')).toEqual({ ok: true, value: 'Sales' });
    expect(checkTeamName('   ')).toEqual({ ok: false, errors: { name: 'Name is required' } });
  });

  it('reads a Max chats field: 1 to 50, empty is the workspace’s where allowed', () => {
    expect(parseMaxChats('3')).toEqual({ ok: true, value: 3 });
    expect(parseMaxChats(' ')).toEqual({ ok: true, value: null });
    expect(parseMaxChats('', 'refused')).toEqual({ ok: false, error: 'Must be a whole number' });
    expect(parseMaxChats('51')).toEqual({ ok: false, error: 'Number out of range' });
    expect(parseMaxChats('2.5')).toEqual({ ok: false, error: 'Must be a whole number' });
  });
});
