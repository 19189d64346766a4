/** RFC 4180 CSV, shared by the CLI report and the renderer's per-panel export. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * Text a spreadsheet may read as a formula: a tab or CR first, or `= + - @` (or their full-width forms, which some
 * spreadsheets fold to ASCII) after any leading whitespace and zero-width characters, which they skip.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\u200b-\u200d\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20])/;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote when needed; prefix formula-looking text so spreadsheets do not execute it.
  const safe = typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
