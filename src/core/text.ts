/**
 * Text a person types as a name (of a person, a team, a token, an organisation, a funnel stage) must
 * be printable: control characters — NUL above all, which PostgreSQL refuses in text — are turned
 * away with a clear message instead of failing deep inside the database. Tab, CR and LF are not
 * refused here (trimming and the field's own rules deal with them).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const isPlainText = (s: string): boolean => !CONTROL.test(s);
export const PLAIN_TEXT_MESSAGE = 'remove the control characters (such as NUL) from this text';

/** Where a NUL character is in any string of a parsed JSON value: its path, or undefined. */
export function nulPath(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k];
      const found = nulPath(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}
