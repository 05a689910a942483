import { describe, expect, it } from 'vitest';
import { csvCell, recordsCsv, recordsJson } from '../../../party/crm/export';

const rec = (over: object) => ({ kind: 'person' as const, id: 'p1', title: 'T', createdAt: Date.UTC(2030, 0, 1), data: {}, ...over });

describe('CSV export', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+33 1 23', "'+33 1 23"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['line\nbreak', '"line\nbreak"'],
  ])('escapes %j as %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('writes a header, one row per record oldest first, CRLF line ends', () => {
    const csv = recordsCsv([rec({ id: 'b', createdAt: 2, title: 'Second' }), rec({ id: 'a', createdAt: 1, title: 'First', data: { email: 'a@example.com', value: { amount: 5, currency: 'EUR' } } })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('kind,id,title,createdAt,name,email,phone,address,value,currency,expectedCloseDate,personId,orgId,leadId,dealId,content');
    expect(lines[1]).toContain('person,a,First,1970-01-01T00:00:00.001Z,,a@example.com,,,5,EUR');
    expect(lines[2]).toContain(',b,Second,');
    expect(lines[3]).toBe('');
  });

  it('JSON keeps the records as they are', () => {
    const parsed = JSON.parse(recordsJson([rec({ title: '=x' })]));
    expect(parsed.records[0].title).toBe('=x');
  });
});
