import { describe, expect, it } from 'vitest';
import { crmEnv, merge, parseSettings } from '../../../party/crm/settings';
import { BatonError, decode, WorkspaceClientMessage } from '../../../protocol';

const env = crmEnv({});
/** The refusal's `fields`, or the value when there is none. */
function fieldsOf(fn: () => unknown): Record<string, string> | 'accepted' {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(BatonError);
    expect((err as BatonError).code).toBe('invalid-field');
    return (err as BatonError).extra.fields ?? {};
  }
}

describe('crm-save refusals name the form fields, whichever check refused', () => {
  it('schema checks: domain, apiToken, url, secret, kind', () => {
    expect(Object.keys(fieldsOf(() => parseSettings({ kind: 'pipedrive', domain: 'not a domain!' })))).toEqual(['domain']);
    expect(Object.keys(fieldsOf(() => parseSettings({ kind: 'pipedrive', domain: 'acme', apiToken: 'short' })))).toEqual(['apiToken']);
    expect(Object.keys(fieldsOf(() => parseSettings({ kind: 'webhook', url: 'crm.test/in', secret: 'too short' }))).sort()).toEqual(['secret', 'url']);
    expect(Object.keys(fieldsOf(() => parseSettings({ kind: 'salesforce' })))).toEqual(['kind']);
  });

  it('the room’s own checks use the same names', () => {
    expect(fieldsOf(() => merge(parseSettings({ kind: 'pipedrive', domain: 'acme' }), { kind: 'builtin' }, env))).toEqual({ apiToken: 'Required' });
    expect(Object.keys(fieldsOf(() => merge(parseSettings({ kind: 'webhook', url: 'http://crm.test/in', secret: 'x'.repeat(20) }), { kind: 'builtin' }, env)))).toEqual(['url']);
    expect(fieldsOf(() => merge(parseSettings({ kind: 'webhook', url: 'https://crm.test/in' }), { kind: 'builtin' }, env))).toEqual({ secret: 'Required' });
  });

  it('the frame decoder leaves the settings to the room, and output is what the schema makes of them', () => {
    const frame = JSON.stringify({ type: 'crm-save', ref: 'r', settings: { kind: 'pipedrive', domain: 'bad domain!' } });
    expect(decode(WorkspaceClientMessage, frame).ok).toBe(true);
    expect(decode(WorkspaceClientMessage, JSON.stringify({ type: 'crm-save', settings: 'pipedrive' })).ok).toBe(false);
    expect(parseSettings({ kind: 'pipedrive', domain: ' https://Acme.pipedrive.com/ ', apiToken: 'pd0123456789abcdef0123' })).toEqual({ kind: 'pipedrive', domain: 'acme', apiToken: 'pd0123456789abcdef0123' });
  });
});
