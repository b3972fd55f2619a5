/**
 * Spreadsheet formula injection (OWASP, "CSV Injection"): a cell that begins with `=`, `+`, `-`, `@`,
 * tab or carriage return is run as a formula by Excel, LibreOffice and Google Sheets. Every CSV
 * Touchline writes prefixes such a text cell with a single quote, which spreadsheets show as text;
 * numbers (`-12.50`) are left as they are. Every CSV Touchline reads drops that quote again where it
 * stands before one of those characters, so export → import → export is exact.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const QUOTE = "'";

export function neutraliseCell(value: string): string {
  const first = value[0];
  if (first === undefined || !TRIGGERS.has(first) || NUMBER.test(value)) return value;
  return QUOTE + value;
}

export function restoreCell(value: string): string {
  return value.charCodeAt(0) === 39 &&
    value.length > 1 &&
    TRIGGERS.has(value[1] as string) &&
    !NUMBER.test(value.slice(1))
    ? value.slice(1)
    : value;
}
