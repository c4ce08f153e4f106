/**
 * The lexical pieces of the Prometheus text format for the parser in prometheus-text.ts: character codes and
 * classes, float tokens, and how a position is quoted in an error message.
 */

export const TAB = 9;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const HASH = 35;
export const COMMA = 44;
export const EQUALS = 61;
export const BACKSLASH = 92;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;

export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58; // a-z A-Z _ :
}

export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/** Label names may not contain `:`. */
export function isLabelNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isLabelNameChar(c: number): boolean {
  return isLabelNameStart(c) || (c >= 48 && c <= 57);
}

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Characters a decimal float may consist of; rules out `0x10`, `1_000`, `Infinity` that `Number()` accepts. */
function isFloatChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69; // 0-9 . + - e E
}

/** Go's ParseFloat spellings of the special values, as Prometheus accepts them. */
const SPECIAL_VALUES: ReadonlyMap<string, number> = new Map([
  ['nan', Number.NaN],
  ['inf', Number.POSITIVE_INFINITY],
  ['+inf', Number.POSITIVE_INFINITY],
  ['-inf', Number.NEGATIVE_INFINITY],
  ['infinity', Number.POSITIVE_INFINITY],
  ['+infinity', Number.POSITIVE_INFINITY],
  ['-infinity', Number.NEGATIVE_INFINITY],
]);

/** Parses one float token; undefined when it is not a number. */
export function parseFloatToken(token: string): number | undefined {
  if (token.length === 0) return undefined;
  for (let i = 0; i < token.length; i++) {
    if (!isFloatChar(token.charCodeAt(i))) return SPECIAL_VALUES.get(token.toLowerCase());
  }
  const value = Number(token);
  return Number.isNaN(value) ? undefined : value;
}

export function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export function describe(text: string, pos: number, end: number): string {
  if (pos >= end) return 'end of line';
  return JSON.stringify(truncate(text.slice(pos, Math.min(end, pos + 41))));
}
