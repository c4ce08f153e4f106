/**
 * Recursive-descent parser for OTTL statements and conditions, following the participle grammar of
 * the collector's `pkg/ottl/grammar.go` (v0.141.0; lambdas `(k, v) => ...` are parsed only to report them):
 *
 *   statement  := editor ( "where" boolExpr )?
 *   boolExpr   := term ( "or" term )*            term := boolValue ( "and" boolValue )*
 *   boolValue  := "not"? ( comparison | true | false | converter | "(" boolExpr ")" )
 *   comparison := value ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) value
 *   value      := "nil" | mathExpr | bytes | string | bool | ENUM | map | list
 *   mathExpr   := addSubTerm ( ("+"|"-") addSubTerm )*   addSubTerm := mathValue ( ("*"|"/") mathValue )*
 *   mathValue  := "(" mathExpr ")" | converter | editor | float | int | path     (no unary operator:
 *                 only a number literal carries a sign, as part of the token)
 *   path       := ( lowercase "." )? field ( "." field )*   field := lowercase key*
 *   key        := "[" ( string | int | mathExpr ) "]"     (an int key stands alone: `[1 + 2]` is rejected)
 *   call       := name "(" ( argument ( "," argument )* )? ")" key*   argument := ( name "=" )? value
 *
 * Where the grammar is ambiguous (a "(" can open a math group or a boolean group), the parser tries
 * both, as participle's backtracking does, and reports the error that got furthest.
 *
 * Longer than our usual file: it is one grammar, and its productions call each other; split across files it
 * would be harder to check against grammar.go production by production.
 */
import { clip } from '../core/clip';
import type { Argument, BoolExpr, CallValue, CompareOp, Field, Key, MathOp, Name, PathValue, Statement, Value } from './ast';
import { LexError, tokenize, type Token, type TokenType } from './lexer';
import { converterAsStatement, editorAsCondition } from './messages';
import { describeToken } from './tokens';

export interface SyntaxError {
  /** UTF-16 offset the error points at. */
  at: number;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: SyntaxError };

class ParseError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const LOWER_NAME = /^[a-z][a-z0-9_]*$/;
const isUpperFirst = (s: string): boolean => s.charCodeAt(0) >= 65 && s.charCodeAt(0) <= 90;

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  statement(): Statement {
    const first = this.peek();
    if (first.type !== 'ident' || this.peek(1).type !== 'lparen') {
      throw this.fail('an editor invocation such as set(...) at the start of the statement');
    }
    const editor = this.call();
    if (isUpperFirst(editor.name.text)) throw new ParseError(converterAsStatement(editor.name.text), editor.name.at);
    const next = this.peek();
    if (next.type === 'eof') return { editor };
    if (next.type === 'ident' && next.text === 'where') {
      this.pos++;
      const where = this.boolExpr();
      this.expectEnd();
      return { editor, where };
    }
    const hint = next.type === 'ident' && next.text.toLowerCase() === 'where' ? ' ("where" must be lowercase)' : '';
    throw this.fail('"where" or end of statement', hint);
  }

  condition(): BoolExpr {
    const expr = this.boolExpr();
    const next = this.peek();
    // `set(...) where ...` given as a condition: the root cause is the editor, not the "where".
    if (next.type === 'ident' && next.text === 'where' && expr.kind === 'callCond' && !isUpperFirst(expr.call.name.text)) {
      throw new ParseError(editorAsCondition(expr.call.name.text), expr.call.name.at);
    }
    this.expectEnd();
    return expr;
  }

  private expectEnd(): void {
    const next = this.peek();
    if (next.type === 'eof') return;
    const lower = next.type === 'ident' ? next.text.toLowerCase() : '';
    const hint = lower === 'and' || lower === 'or' || lower === 'not' ? ` ("${lower}" must be lowercase)` : '';
    throw this.fail('"and", "or" or end of input', hint);
  }

  // --- boolean expressions -------------------------------------------------------------------

  private boolExpr(): BoolExpr {
    const at = this.peek().at;
    const operands = [this.term()];
    while (this.peek().type === 'or') {
      this.pos++;
      operands.push(this.term());
    }
    return operands.length === 1 ? (operands[0] as BoolExpr) : { kind: 'or', at, operands };
  }

  private term(): BoolExpr {
    const at = this.peek().at;
    const operands = [this.boolValue()];
    while (this.peek().type === 'and') {
      this.pos++;
      operands.push(this.boolValue());
    }
    return operands.length === 1 ? (operands[0] as BoolExpr) : { kind: 'and', at, operands };
  }

  private boolValue(): BoolExpr {
    const t = this.peek();
    if (t.type === 'not') {
      this.pos++;
      return { kind: 'not', at: t.at, operand: this.boolPrimary() };
    }
    return this.boolPrimary();
  }

  private boolPrimary(): BoolExpr {
    if (this.peek().type === 'lparen') {
      return this.firstOf<BoolExpr>([() => this.comparisonOrCall(), () => this.parenBool()]);
    }
    return this.comparisonOrCall();
  }

  private parenBool(): BoolExpr {
    this.expect('lparen', '"("');
    const inner = this.boolExpr();
    this.expect('rparen', '")", "and" or "or"');
    return inner;
  }

  private comparisonOrCall(): BoolExpr {
    const left = this.value();
    const t = this.peek();
    if (t.type === 'compare') {
      this.pos++;
      return { kind: 'compare', at: left.at, op: t.text as CompareOp, left, right: this.value() };
    }
    if (left.kind === 'call') return { kind: 'callCond', at: left.at, call: left };
    if (left.kind === 'bool') return { kind: 'boolConst', at: left.at, value: left.value };
    const hint =
      t.type === 'equal'
        ? ' (use "==" to compare)'
        : left.kind === 'path'
          ? '; a path is not a condition on its own, compare it (for example "== true")'
          : '';
    throw this.fail('a comparison operator (==, !=, <, <=, >, >=)', hint);
  }

  // --- values --------------------------------------------------------------------------------

  private value(): Value {
    const t = this.peek();
    switch (t.type) {
      case 'string':
        this.pos++;
        return { kind: 'string', at: t.at };
      case 'bytes': {
        // The collector hex-decodes the literal while parsing; an odd digit count fails there.
        const digits = t.text.length - 2;
        if (digits % 2 !== 0) throw new ParseError('a bytes literal needs an even number of hex digits (two per byte)', t.at);
        this.pos++;
        return { kind: 'bytes', at: t.at, size: digits / 2 };
      }
      case 'bool':
        this.pos++;
        return { kind: 'bool', at: t.at, value: t.text === 'true' };
      case 'lbrace':
        return this.map();
      case 'lbracket':
        return this.list();
      case 'ident':
        if (t.text === 'nil') {
          this.pos++;
          return { kind: 'nil', at: t.at };
        }
        if (isUpperFirst(t.text) && this.peek(1).type !== 'lparen') {
          this.pos++;
          return { kind: 'ident', at: t.at, name: { text: t.text, at: t.at } };
        }
        return this.mathExpr();
      default:
        return this.mathExpr();
    }
  }

  private mathExpr(): Value {
    let left = this.mathTerm();
    while (this.peek().type === 'addSub') {
      const op = this.next().text as MathOp;
      left = { kind: 'math', at: left.at, op, left, right: this.mathTerm() };
    }
    return left;
  }

  private mathTerm(): Value {
    let left = this.mathValue();
    while (this.peek().type === 'multDiv') {
      const op = this.next().text as MathOp;
      left = { kind: 'math', at: left.at, op, left, right: this.mathValue() };
    }
    return left;
  }

  private mathValue(): Value {
    const t = this.peek();
    if (t.type === 'lparen') {
      this.pos++;
      const inner = this.mathExpr();
      this.expect('rparen', '")" or an arithmetic operator');
      return inner;
    }
    if (t.type === 'int' || t.type === 'float') {
      this.pos++;
      return { kind: t.type, at: t.at, text: t.text };
    }
    if (t.type === 'ident') {
      if (this.peek(1).type === 'lparen') return this.call();
      if (!isUpperFirst(t.text)) return this.path();
    }
    const hint =
      t.type === 'addSub'
        ? ` (the pinned collector has no unary "${t.text}": only a number may carry a sign, directly before its first digit; multiply by -1 instead)`
        : '';
    throw this.fail('a value', hint);
  }

  private call(): CallValue {
    const nameTok = this.next();
    const name: Name = { text: nameTok.text, at: nameTok.at };
    this.expect('lparen', '"("');
    const args: Argument[] = [];
    if (this.peek().type !== 'rparen') {
      args.push(this.argument());
      while (this.peek().type === 'comma') {
        this.pos++;
        args.push(this.argument());
      }
    }
    const close = this.expect('rparen', '"," or ")"');
    return { kind: 'call', at: nameTok.at, name, args, keys: this.keys(), closeAt: close.at };
  }

  private argument(): Argument {
    const t = this.peek();
    if (t.type === 'ident' && !isUpperFirst(t.text) && this.peek(1).type === 'equal') {
      this.pos += 2;
      return { at: t.at, name: { text: t.text, at: t.at }, value: this.value() };
    }
    if (t.type === 'lparen' && this.lambdaAhead()) return { at: t.at, value: this.lambda() };
    return { at: t.at, value: this.value() };
  }

  /** `(a, _) =>`: a lambda, gated behind a feature gate; parsed so its extent is known. */
  private lambdaAhead(): boolean {
    let i = this.pos + 1;
    if (this.tokenAt(i).type === 'rparen') return this.tokenAt(i + 1).type === 'arrow';
    for (;;) {
      const t = this.tokenAt(i);
      if (t.type !== 'underscore' && !(t.type === 'ident' && !isUpperFirst(t.text))) return false;
      const sep = this.tokenAt(i + 1);
      if (sep.type === 'rparen') return this.tokenAt(i + 2).type === 'arrow';
      if (sep.type !== 'comma') return false;
      i += 2;
    }
  }

  private lambda(): Value {
    const open = this.next();
    const params: Name[] = [];
    while (this.peek().type !== 'rparen') {
      const p = this.next();
      params.push({ text: p.text, at: p.at });
      if (this.peek().type === 'comma') this.pos++;
    }
    this.pos++; // ")"
    this.expect('arrow', '"=>"');
    this.firstOf<unknown>([() => this.boolExpr(), () => this.value()]);
    return { kind: 'lambda', at: open.at, params };
  }

  private path(): PathValue {
    const first = this.pathSegment();
    let context: Name | undefined;
    const fields: Field[] = [];
    if (this.peek().type === 'dot') {
      context = first;
      this.pos++;
      fields.push({ name: this.pathSegment(), keys: this.keys() });
    } else {
      fields.push({ name: first, keys: this.keys() });
    }
    while (this.peek().type === 'dot') {
      this.pos++;
      fields.push({ name: this.pathSegment(), keys: this.keys() });
    }
    const at = context ? context.at : first.at;
    return context ? { kind: 'path', at, context, fields } : { kind: 'path', at, fields };
  }

  private pathSegment(): Name {
    const t = this.peek();
    if (t.type !== 'ident') throw this.fail('a path segment');
    if (!LOWER_NAME.test(t.text)) {
      throw new ParseError(
        `path segment "${clip(t.text)}" is invalid: path segments are lowercase letters, digits and "_"`,
        t.at,
      );
    }
    this.pos++;
    return { text: t.text, at: t.at };
  }

  private keys(): Key[] {
    const keys: Key[] = [];
    while (this.peek().type === 'lbracket') {
      this.pos++;
      const t = this.peek();
      if (t.type === 'string') {
        this.pos++;
        keys.push({ kind: 'stringKey', at: t.at });
      } else if (t.type === 'int') {
        // The grammar takes an integer as the whole key; arithmetic starting with one needs parentheses.
        this.pos++;
        keys.push({ kind: 'intKey', at: t.at });
        if (this.peek().type !== 'rbracket') {
          throw this.fail('"]"', ' (an integer key must stand alone; put arithmetic starting with a number in parentheses, e.g. [(1 + 2)])');
        }
      } else if (t.type === 'ident' || t.type === 'float' || t.type === 'lparen') {
        keys.push({ kind: 'exprKey', at: t.at, expr: this.mathExpr() });
      } else {
        throw this.fail('a string, an integer, a path or a converter as key');
      }
      this.expect('rbracket', '"]"');
    }
    return keys;
  }

  private list(): Value {
    const open = this.next();
    const items: Value[] = [];
    if (this.peek().type !== 'rbracket') {
      items.push(this.value());
      while (this.peek().type === 'comma') {
        this.pos++;
        items.push(this.value());
      }
    }
    this.expect('rbracket', '"," or "]"');
    return { kind: 'list', at: open.at, items };
  }

  /** `{ "k": v, ... }`; the grammar makes the commas optional (`(@@ ','?)*`). */
  private map(): Value {
    const open = this.next();
    const entries: Value[] = [];
    while (this.peek().type !== 'rbrace') {
      if (this.peek().type !== 'string') throw this.fail('a string map key or "}"');
      this.pos++;
      this.expect('colon', '":"');
      entries.push(this.value());
      if (this.peek().type === 'comma') this.pos++;
    }
    this.pos++;
    return { kind: 'map', at: open.at, entries };
  }

  // --- plumbing ------------------------------------------------------------------------------

  private peek(k = 0): Token {
    return this.tokenAt(this.pos + k);
  }

  private tokenAt(i: number): Token {
    return this.tokens[Math.min(i, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.pos++;
    return t;
  }

  private expect(type: TokenType, expected: string): Token {
    const t = this.peek();
    if (t.type !== type) throw this.fail(expected);
    this.pos++;
    return t;
  }

  private fail(expected: string, hint = ''): ParseError {
    const t = this.peek();
    return new ParseError(`expected ${expected}, found ${describeToken(t)}${hint || this.numberHint(t)}`, t.at);
  }

  /** Why a number ended where the user did not expect it to (the pinned lexer's number rules). */
  private numberHint(t: Token): string {
    if ((t.type === 'int' || t.type === 'float') && (t.text[0] === '-' || t.text[0] === '+')) {
      return ` (a "${t.text[0]}" directly before a digit is read as the number's sign; put a space after the operator)`;
    }
    const before = this.pos > 0 ? this.tokenAt(this.pos - 1) : undefined;
    if (t.type === 'dot' && before?.type === 'int' && before.at + before.text.length === t.at) {
      return ' (a number with a decimal point needs a digit after it, e.g. 1.0)';
    }
    return '';
  }

  /** Tries each alternative from the same position; the error that got furthest wins. */
  private firstOf<T>(alternatives: Array<() => T>): T {
    const start = this.pos;
    let best: ParseError | undefined;
    for (const alt of alternatives) {
      try {
        return alt();
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        if (!best || e.at > best.at) best = e;
        this.pos = start;
      }
    }
    throw best as ParseError;
  }
}

function run<T>(src: string, entry: (p: Parser) => T): ParseResult<T> {
  try {
    if (src.trim() === '') return { ok: false, error: { at: 0, message: 'the text is empty' } };
    return { ok: true, value: entry(new Parser(tokenize(src))) };
  } catch (e) {
    if (e instanceof ParseError || e instanceof LexError) return { ok: false, error: { at: e.at, message: e.message } };
    // Thousands of nested parentheses exhaust the stack; report it instead of crashing the render.
    if (e instanceof RangeError) return { ok: false, error: { at: 0, message: 'the expression is nested too deeply' } };
    throw e;
  }
}

/** Parses a transform statement: an editor invocation with an optional `where` clause. */
export function parseStatement(src: string): ParseResult<Statement> {
  return run(src, (p) => p.statement());
}

/** Parses a condition: a boolean expression, as in `conditions` lists and where clauses. */
export function parseCondition(src: string): ParseResult<BoolExpr> {
  return run(src, (p) => p.condition());
}
