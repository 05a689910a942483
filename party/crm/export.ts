import type { StoredRecord } from '../../protocol';

const COLUMNS = ['kind', 'id', 'title', 'createdAt', 'name', 'email', 'phone', 'address', 'value', 'currency', 'expectedCloseDate', 'personId', 'orgId', 'leadId', 'dealId', 'content'] as const;

/**
 * A spreadsheet opening the file runs a cell starting with = + - @ (or tab / CR) as a formula:
 * prefix it with a quote so it stays text (OWASP "CSV injection").
 */
export function csvCell(value: unknown): string {
  let s = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(r: StoredRecord): unknown[] {
  const d = r.data as Record<string, unknown>;
  const value = d.value as { amount?: number; currency?: string } | undefined;
  return [
    r.kind,
    r.id,
    r.title,
    new Date(r.createdAt).toISOString(),
    d.name,
    d.email,
    d.phone,
    d.address,
    value?.amount,
    value?.currency,
    d.expectedCloseDate,
    d.personId,
    d.orgId,
    d.leadId,
    d.dealId,
    d.content ?? d.note ?? d.subject,
  ];
}

/** RFC 4180 CSV with a header row, CRLF line ends, oldest first. */
export function recordsCsv(records: readonly StoredRecord[]): string {
  const sorted = [...records].sort((a, b) => a.createdAt - b.createdAt);
  return [COLUMNS.join(','), ...sorted.map((r) => row(r).map(csvCell).join(','))].join('\r\n') + '\r\n';
}

export function recordsJson(records: readonly StoredRecord[]): string {
  return JSON.stringify({ exportedAt: new Date().toISOString(), records: [...records].sort((a, b) => a.createdAt - b.createdAt) }, null, 2);
}

export function exportFile(records: readonly StoredRecord[], format: 'csv' | 'json', workspaceId: string) {
  const day = new Date().toISOString().slice(0, 10);
  return {
    filename: `baton-records-${workspaceId.replace(/[^A-Za-z0-9_-]/g, '_')}-${day}.${format}`,
    content: format === 'csv' ? recordsCsv(records) : recordsJson(records),
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
  };
}
