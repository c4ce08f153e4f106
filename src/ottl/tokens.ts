/**
 * How tokens are named in parse errors. Literal contents (strings, numbers, bytes) are never echoed:
 * OTTL text may carry values a user considers sensitive, and findings must not contain values.
 */
import { clip } from '../core/clip';
import type { Token } from './lexer';

export function describeToken(t: Token): string {
  switch (t.type) {
    case 'eof':
      return 'end of input';
    case 'string':
      return 'a string literal';
    case 'int':
    case 'float':
      return 'a number';
    case 'bytes':
      return 'a bytes literal';
    case 'ident':
      return `"${clip(t.text)}"`;
    case 'underscore':
      return '"_"';
    default:
      return `"${clip(t.text)}"`;
  }
}
