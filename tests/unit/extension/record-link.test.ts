import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isBuiltinRecord, recordFromHash, recordHref } from '../../../models/record-link';

const base = fakeBrowser.runtime.getURL('/options.html');

describe('record links', () => {
  it('a built-in record opens the options page at Records with its id', () => {
    const href = recordHref({ kind: 'lead', id: 'lea_Ab3-_x9QzK0w', title: 'Vera – sofa' });
    expect(href).toBe(`${base}#records/lea_Ab3-_x9QzK0w`);
    expect(href).toMatch(/\/options\.html#records\/lea_Ab3-_x9QzK0w$/);
    expect(recordHref({ kind: 'deal', id: 'dea_000000000000', title: 'Deal' })).toBe(`${base}#records/dea_000000000000`);
  });

  it('a CRM record keeps its own link; one with no link that is not built-in gets none', () => {
    expect(recordHref({ kind: 'deal', id: '42', title: 'Deal', url: 'https://acme.pipedrive.com/deal/42' })).toBe('https://acme.pipedrive.com/deal/42');
    // A webhook's own ids (or its delivery key) do not look like the built-in store's.
    expect(recordHref({ kind: 'lead', id: '9f1c2d', title: 'Lead' })).toBeNull();
    expect(recordHref({ kind: 'lead', id: 'dea_000000000000', title: 'Kind and prefix disagree' })).toBeNull();
    expect(isBuiltinRecord({ kind: 'person', id: 'per_abcdefghijkl', title: 'P' })).toBe(true);
  });

  it('reads the record id back from the hash, and nothing else', () => {
    expect(recordFromHash('#records/lea_Ab3-_x9QzK0w')).toBe('lea_Ab3-_x9QzK0w');
    expect(recordFromHash(new URL(recordHref({ kind: 'lead', id: 'lea_Ab3-_x9QzK0w', title: 'x' })!).hash)).toBe('lea_Ab3-_x9QzK0w');
    expect(recordFromHash('#records/a%20b')).toBeNull();
    expect(recordFromHash('#records/%E0%A4%A')).toBeNull();
    for (const hash of ['', '#records', '#records/', '#agents', '#records/a/b', `#records/${'x'.repeat(65)}`]) expect(recordFromHash(hash)).toBeNull();
  });
});
