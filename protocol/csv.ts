/**
 * One CSV cell (RFC 4180). A spreadsheet opening the file runs a cell starting with = + - @ (or tab / CR) as a
 * formula: it gets a quote in front so it stays text (OWASP "CSV injection").
 */
export function csvCell(value: unknown): string {
  let s = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: readonly unknown[]) => cells.map(csvCell).join(',');
