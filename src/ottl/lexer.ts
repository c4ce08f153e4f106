/**
 * Hand-written OTTL lexer following the rule order of the collector's participle lexer
 * (`buildLexer` in pkg/ottl/grammar.go of v0.141.0): at each position the FIRST rule that matches wins,
 * not the longest. That order is observable: a sign directly before a digit is part of the number, so
 * `1-1` lexes as Int(1) Int(-1) and fails to parse in the collector, exactly as it does here (the grammar of
 * that release has no unary operator). A float needs a digit after its point: `1.` is Int(1) and a ".".
 *
 * Identifiers are one token (`[A-Za-z][A-Za-z0-9_]*`); the collector splits them into Lowercase and
 * Uppercase runs and glues them back in the grammar, which only differs when a name is interrupted by
 * whitespace (`Is Match(`), a form nobody writes on purpose.
 */

export type TokenType =
  | 'bytes'
  | 'float'
  | 'int'
  | 'string'
  | 'not'
  | 'or'
  | 'and'
  | 'bool'
  | 'compare'
  | 'addSub'
  | 'multDiv'
  | 'arrow'
  | 'equal'
  | 'lparen'
  | 'rparen'
  | 'lbrace'
  | 'rbrace'
  | 'lbracket'
  | 'rbracket'
  | 'colon'
  | 'comma'
  | 'dot'
  | 'ident'
  | 'underscore'
  | 'eof';

export interface Token {
  type: TokenType;
  text: string;
  /** UTF-16 offset of the first character. */
  at: number;
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const KEYWORDS: Readonly<Record<string, TokenType>> = {
  not: 'not',
  or: 'or',
  and: 'and',
  true: 'bool',
  false: 'bool',
};

const PUNCT: Readonly<Record<string, TokenType>> = {
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
  '[': 'lbracket',
  ']': 'rbracket',
  ':': 'colon',
  ',': 'comma',
  '.': 'dot',
};

// Sticky regexes mirror the collector's patterns, tried in the collector's order.
const BYTES = /0x[a-fA-F0-9]+/y;
const FLOAT = /[-+]?\d*\.\d+(?:[eE][-+]?\d+)?/y;
const INT = /[-+]?\d+/y;
const IDENT = /[A-Za-z][A-Za-z0-9_]*/y;
const COMPARE = /==|!=|>=|<=|>|</y;
const SPACE = /\s+/y;

function matchAt(re: RegExp, src: string, pos: number): string | undefined {
  re.lastIndex = pos;
  const m = re.exec(src);
  return m ? m[0] : undefined;
}

/** Reads a double-quoted string with backslash escapes (`"(\\.|[^\\"])*"`), returning its end. */
function stringEnd(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 2;
    else if (c === 0x22 /* " */) return i + 1;
    else i += 1;
  }
  return -1;
}

function describeChar(c: string): string {
  if (c === "'") return 'unexpected character "\'": strings must be enclosed in double quotes';
  if (c === '!') return 'unexpected character "!": use "not" for negation or "!=" to compare';
  if (c === '&' || c === '|') return `unexpected character "${c}": use "and" / "or" to combine conditions`;
  if (c === '_') return 'unexpected character "_": names must start with a letter';
  return `unexpected character ${JSON.stringify(c)}`;
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < src.length) {
    const space = matchAt(SPACE, src, pos);
    if (space) {
      pos += space.length;
      continue;
    }
    const c = src[pos] as string;
    const bytes = matchAt(BYTES, src, pos);
    if (bytes) {
      tokens.push({ type: 'bytes', text: bytes, at: pos });
      pos += bytes.length;
      continue;
    }
    const float = matchAt(FLOAT, src, pos);
    if (float) {
      tokens.push({ type: 'float', text: float, at: pos });
      pos += float.length;
      continue;
    }
    const int = matchAt(INT, src, pos);
    if (int) {
      tokens.push({ type: 'int', text: int, at: pos });
      pos += int.length;
      continue;
    }
    if (c === '"') {
      const end = stringEnd(src, pos);
      if (end < 0) throw new LexError('unterminated string literal (missing closing \'"\')', pos);
      tokens.push({ type: 'string', text: src.slice(pos, end), at: pos });
      pos = end;
      continue;
    }
    const ident = matchAt(IDENT, src, pos);
    if (ident) {
      tokens.push({ type: KEYWORDS[ident] ?? 'ident', text: ident, at: pos });
      pos += ident.length;
      continue;
    }
    // `=>` is the lambda arrow of newer grammars; checked before `=` and the comparison operators.
    if (src.startsWith('=>', pos)) {
      tokens.push({ type: 'arrow', text: '=>', at: pos });
      pos += 2;
      continue;
    }
    const compare = matchAt(COMPARE, src, pos);
    if (compare) {
      tokens.push({ type: 'compare', text: compare, at: pos });
      pos += compare.length;
      continue;
    }
    if (c === '+' || c === '-') {
      tokens.push({ type: 'addSub', text: c, at: pos });
      pos += 1;
      continue;
    }
    if (c === '*' || c === '/') {
      tokens.push({ type: 'multDiv', text: c, at: pos });
      pos += 1;
      continue;
    }
    if (c === '=') {
      tokens.push({ type: 'equal', text: c, at: pos });
      pos += 1;
      continue;
    }
    const punct = PUNCT[c];
    if (punct) {
      tokens.push({ type: punct, text: c, at: pos });
      pos += 1;
      continue;
    }
    // A lone `_` only appears as an ignored lambda parameter.
    if (c === '_' && !/[A-Za-z0-9_]/.test(src[pos + 1] ?? '')) {
      tokens.push({ type: 'underscore', text: c, at: pos });
      pos += 1;
      continue;
    }
    throw new LexError(describeChar(c), pos);
  }
  tokens.push({ type: 'eof', text: '', at: src.length });
  return tokens;
}

/** 1-based column of a UTF-16 offset, counted in code points so non-ASCII keys do not skew it. */
export function columnOf(src: string, at: number): number {
  let column = 1;
  for (let i = 0; i < at && i < src.length; i++) {
    const c = src.charCodeAt(i);
    // Count a surrogate pair once: skip the high half.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < at) i++;
    column++;
  }
  return column;
}
