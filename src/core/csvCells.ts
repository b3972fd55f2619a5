/**
 * Spreadsheet formula injection (OWASP, "CSV Injection"): a cell that begins with `=`, `+`, `-`, `@`,
 * tab or carriage return is run as a formula by Excel, LibreOffice and Google Sheets. Every CSV
 * Touchline writes prefixes such a text cell with a single quote, which spreadsheets show as text;
 * numbers (`-12.50`) are left as they are. Every CSV Touchline reads drops that quote again where it
 * stands before one of those characters, so export → import → export is exact.
 */
/** The first characters that make a spreadsheet run a cell (the SQL form in `crm/export.ts` uses them too). */
export const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;
/** A cell that is a number stays as it is, even when it starts with a sign. */
export const NUMBER_PATTERN = '^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$';
const TRIGGERS: ReadonlySet<string> = new Set(FORMULA_TRIGGERS);
const NUMBER = new RegExp(NUMBER_PATTERN);
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
