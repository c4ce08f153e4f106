/**
 * The syntax tree of an OTTL statement or condition, shaped after the participle grammar in the
 * collector's `pkg/ottl/grammar.go` (v0.141.0). Every node records `at`, the UTF-16 offset of its first
 * character in the source text, so the checker can point at the exact column.
 */

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type MathOp = '+' | '-' | '*' | '/';

/** A name as written, with where it starts (identifiers are the only text messages may echo). */
export interface Name {
  text: string;
  at: number;
}

/** `[ "key" ]`, `[ 0 ]` or, since key expressions were added, `[ path-or-converter ]`. */
export type Key =
  | { kind: 'stringKey'; at: number }
  | { kind: 'intKey'; at: number }
  | { kind: 'exprKey'; at: number; expr: Value };

export interface Field {
  name: Name;
  keys: Key[];
}

/**
 * `resource.attributes["k"]`: `context` is the first segment when a dot follows it, as the grammar's
 * `(@Lowercase '.')?` does; a bare `attributes["k"]` has no context.
 */
export interface PathValue {
  kind: 'path';
  at: number;
  context?: Name;
  fields: Field[];
}

export interface Argument {
  at: number;
  name?: Name;
  value: Value;
}

/** A function invocation; `name` decides editor (lowercase) or converter (uppercase) later. */
export interface CallValue {
  kind: 'call';
  at: number;
  name: Name;
  args: Argument[];
  keys: Key[];
  /** Offset of the closing parenthesis, for "missing argument" columns. */
  closeAt: number;
}

/** A bare identifier starting with an uppercase letter: an enum symbol or a function-name argument. */
export interface IdentValue {
  kind: 'ident';
  at: number;
  name: Name;
}

export interface LambdaValue {
  kind: 'lambda';
  at: number;
  params: Name[];
}

export type Value =
  | { kind: 'nil'; at: number }
  | { kind: 'string'; at: number }
  | { kind: 'int'; at: number; text: string }
  | { kind: 'float'; at: number; text: string }
  | { kind: 'bool'; at: number; value: boolean }
  /** `size`: the number of bytes (never the bytes themselves: messages do not echo literals). */
  | { kind: 'bytes'; at: number; size: number }
  | { kind: 'list'; at: number; items: Value[] }
  | { kind: 'map'; at: number; entries: Value[] }
  | { kind: 'math'; at: number; op: MathOp; left: Value; right: Value }
  | PathValue
  | CallValue
  | IdentValue
  | LambdaValue;

export type BoolExpr =
  | { kind: 'or'; at: number; operands: BoolExpr[] }
  | { kind: 'and'; at: number; operands: BoolExpr[] }
  | { kind: 'not'; at: number; operand: BoolExpr }
  | { kind: 'compare'; at: number; op: CompareOp; left: Value; right: Value }
  | { kind: 'boolConst'; at: number; value: boolean }
  /** A call used as a boolean on its own: a converter (valid) or an editor (rejected by the checker). */
  | { kind: 'callCond'; at: number; call: CallValue };

export interface Statement {
  editor: CallValue;
  where?: BoolExpr;
}
