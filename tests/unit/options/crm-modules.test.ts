import { describe, expect, it } from 'vitest';
import { checkCrmForm, crmFieldErrors, formFromView, newSecret } from '../../../models/options/crm-form';
import { appendPage, exportMime, recordDetails, upsertIntent } from '../../../models/options/records-list';
import type { IntentView, StoredRecord } from '../../../protocol';

const TOKEN = 'pd0123456789abcdef0123456789abcdef';

describe('CRM form', () => {
  it('starts from the redacted settings with every secret field empty', () => {
    expect(formFromView({ kind: 'pipedrive', domain: 'acme', tokenSet: true })).toMatchObject({ kind: 'pipedrive', domain: 'acme', apiToken: '', tokenSet: true });
    expect(formFromView({ kind: 'webhook', url: 'https://x.test/h', secretSet: true })).toMatchObject({ kind: 'webhook', url: 'https://x.test/h', secret: '', secretSet: true });
    expect(formFromView(null)).toMatchObject({ kind: 'builtin', tokenSet: false, secretSet: false });
  });

  it('sends the server schema output: a pasted Pipedrive URL becomes the domain, the token trimmed', () => {
    const form = { ...formFromView(null), kind: 'pipedrive' as const, domain: ' https://Acme.pipedrive.com/ ', apiToken: ` ${TOKEN} ` };
    expect(checkCrmForm(form)).toEqual({ ok: true, value: { kind: 'pipedrive', domain: 'acme', apiToken: TOKEN } });
  });

  it('leaves a blank secret out when one is stored, so the server keeps it', () => {
    const pd = { ...formFromView({ kind: 'pipedrive', domain: 'acme', tokenSet: true }) };
    expect(checkCrmForm(pd)).toEqual({ ok: true, value: { kind: 'pipedrive', domain: 'acme' } });
    const hook = formFromView({ kind: 'webhook', url: 'https://crm.test/in', secretSet: true });
    expect(checkCrmForm(hook)).toEqual({ ok: true, value: { kind: 'webhook', url: 'https://crm.test/in' } });
  });

  it('requires a secret on save when none is stored, but lets a test run without one', () => {
    const pd = { ...formFromView(null), kind: 'pipedrive' as const, domain: 'acme' };
    expect(checkCrmForm(pd, true, { apiToken: 'token please', secret: 's' })).toEqual({ ok: false, errors: { apiToken: 'token please' } });
    expect(checkCrmForm(pd, false)).toEqual({ ok: true, value: { kind: 'pipedrive', domain: 'acme' } });
    const hook = { ...formFromView(null), kind: 'webhook' as const, url: 'https://crm.test/in' };
    expect(checkCrmForm(hook, true, { apiToken: 't', secret: 'secret please' })).toEqual({ ok: false, errors: { secret: 'secret please' } });
  });

  it('names each bad field with the schema message', () => {
    const pd = { ...formFromView(null), kind: 'pipedrive' as const, domain: 'not a domain!', apiToken: 'short' };
    const out = checkCrmForm(pd);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors['domain']).toMatch(/company domain/);
    expect(out.errors['apiToken']).toMatch(/API token/);
    const hook = { ...formFromView(null), kind: 'webhook' as const, url: 'crm.test/in', secret: 'too short' };
    const bad = checkCrmForm(hook);
    expect(bad.ok ? {} : Object.keys(bad.errors).sort()).toEqual(['secret', 'url']);
  });

  it('takes the server’s field names as they are: the room names them as the form does', () => {
    expect(crmFieldErrors({ domain: 'Bad domain', apiToken: 'Required', url: 'Use https://', secret: 'Required' })).toEqual({ domain: 'Bad domain', apiToken: 'Required', url: 'Use https://', secret: 'Required' });
    expect(crmFieldErrors({ kind: 'Unknown CRM' })).toEqual({});
    expect(crmFieldErrors(undefined)).toEqual({});
  });

  it('generates a 64-hex-digit secret that the schema accepts', () => {
    const s = newSecret((b) => b.fill(171));
    expect(s).toBe('ab'.repeat(32));
    expect(newSecret()).toMatch(/^[0-9a-f]{64}$/);
    expect(newSecret()).not.toBe(newSecret());
  });
});

const rec = (id: string, createdAt: number, kind: StoredRecord['kind'] = 'lead', data: Record<string, unknown> = {}): StoredRecord => ({ kind, id, title: id, createdAt, data });
const intent = (id: string, status: IntentView['status'], createdAt: number): IntentView => ({
  id,
  source: 'conversation',
  item: 'lead',
  title: id,
  target: 'builtin',
  status,
  attempts: 1,
  nextAt: null,
  lastError: null,
  done: [],
  result: null,
  createdAt,
  updatedAt: createdAt,
});

describe('records pages', () => {
  it('appends without duplicates, newest first, and counts what is new', () => {
    const held = [rec('a', 30), rec('b', 20)];
    const { records, added } = appendPage(held, [rec('c', 20, 'person'), rec('b', 20), rec('d', 10)]);
    expect(records.map((r) => r.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(added).toBe(2);
    expect(appendPage(held, [rec('b', 20)]).added).toBe(0);
  });

  it('orders records of one millisecond as the room does (by id, descending), whatever order they arrive in', () => {
    expect(appendPage([rec('a', 20)], [rec('c', 20), rec('b', 20), rec('z', 5)]).records.map((r) => r.id)).toEqual(['c', 'b', 'a', 'z']);
  });

  it('replaces a pushed intent in place and keeps newest first', () => {
    const list = [intent('new', 'pending', 20), intent('old', 'pending', 10)];
    const next = upsertIntent(list, intent('old', 'failed', 10));
    expect(next.map((i) => `${i.id}:${i.status}`)).toEqual(['new:pending', 'old:failed']);
    expect(upsertIntent(next, intent('newest', 'created', 30)).map((i) => i.id)).toEqual(['newest', 'new', 'old']);
  });

  it('summarises what a record holds, ignoring what it does not understand', () => {
    expect(recordDetails(rec('p', 1, 'person', { name: 'Vera', email: 'vera@example.com', phone: '+33 1' }))).toBe('vera@example.com · +33 1');
    expect(recordDetails(rec('l', 1, 'lead', { title: 'x', value: { amount: 1200, currency: 'EUR' }, expectedCloseDate: '2030-06-30' }))).toBe('1200 EUR · → 2030-06-30');
    expect(recordDetails(rec('o', 1, 'organization', { address: '1 rue', value: 'weird', email: 42 }))).toBe('42 · 1 rue');
    expect(recordDetails(rec('n', 1, 'note', {}))).toBe('');
  });

  it('downloads CSV and JSON as UTF-8', () => {
    expect(exportMime('csv')).toBe('text/csv;charset=utf-8');
    expect(exportMime('json')).toBe('application/json;charset=utf-8');
  });
});
