/**
 * Semantic checks on a parsed statement or condition: known functions with the right arguments,
 * known paths, known enums, editors only as statements and converters only as values. Collects the
 * paths, functions and enums it sees as hints for context inference.
 *
 * Messages name functions, paths and enum symbols (identifiers) but never literal values.
 *
 * Longer than our usual file: one visitor over the AST whose checks share its state (the processor, the
 * hints it collects); the catalog and the messages it uses live in their own files.
 */
import { COLLECTOR } from '../constants';
import { clip } from '../core/clip';
import type { Argument, BoolExpr, CallValue, Key, PathValue, Statement, Value } from './ast';
import {
  candidateNames,
  describeParams,
  inProcessor,
  lookupFunction,
  type OttlFunction,
  type Param,
  type Processor,
} from './functions';
import type { Hints } from './infer';
import { converterAsStatement, editorAsCondition, editorAsValue } from './messages';
import { ALL_ENUMS } from './paths';
import { checkPath, displayPath } from './path-check';
import { didYouMean } from './suggest';

export interface Problem {
  at: number;
  message: string;
}

const isUpperFirst = (s: string): boolean => s.charCodeAt(0) >= 65 && s.charCodeAt(0) <= 90;
const ENUM_SHAPE = /^[A-Z][A-Z0-9_]*$/;
/**
 * How the collector finds the parameter of a named argument: strcase.ToCamel (iancoleman/strcase v0.3.0) of the
 * name must equal the Go field name. Only `_`, ` `, `-` and `.` separate words; a run of capitals collapses
 * (`XPath` is reached by `x_path`, never by `xpath` or `XPath`).
 */
export function toCamel(text: string): string {
  const s = text.trim();
  let out = '';
  let capNext = true;
  let prevIsCap = false;
  for (let i = 0; i < s.length; i++) {
    let c = s[i]!;
    const isCap = c >= 'A' && c <= 'Z';
    const isLow = c >= 'a' && c <= 'z';
    if (capNext) {
      if (isLow) c = c.toUpperCase();
    } else if (prevIsCap && isCap) {
      c = c.toLowerCase();
    }
    prevIsCap = isCap;
    if (isCap || isLow) {
      out += c;
      capNext = false;
    } else if (c >= '0' && c <= '9') {
      out += c;
      capNext = true;
    } else {
      capNext = c === '_' || c === ' ' || c === '-' || c === '.';
    }
  }
  return out;
}

function describeValue(v: Value): string {
  switch (v.kind) {
    case 'string':
      return 'a string literal';
    case 'int':
    case 'float':
      return 'a number';
    case 'bool':
      return 'a boolean';
    case 'nil':
      return 'nil';
    case 'bytes':
      return 'a bytes literal';
    case 'list':
      return 'a list';
    case 'map':
      return 'a map';
    case 'math':
      return 'an arithmetic expression';
    case 'path':
      return `the path "${displayPath(v)}"`;
    case 'call':
      return `a call of "${clip(v.name.text)}"`;
    case 'ident':
      return `"${clip(v.name.text)}"`;
    case 'lambda':
      return 'a lambda expression';
  }
}

export class Checker {
  readonly problems: Problem[] = [];
  readonly hints: Hints = { paths: [], functions: [], enums: [] };

  constructor(private readonly processor: Processor) {}

  statement(s: Statement): void {
    const { editor } = s;
    const name = editor.name.text;
    if (isUpperFirst(name)) {
      this.report(editor.name.at, converterAsStatement(name));
      return;
    }
    const f = lookupFunction(name);
    if (!f) {
      this.report(editor.name.at, `unknown function "${clip(name)}"${didYouMean(name, candidateNames('editor', 'transform'))}`);
    } else if (this.usable(f, editor)) {
      this.hints.functions.push({ name, at: editor.name.at });
      this.args(f, editor);
    }
    const key = editor.keys[0];
    if (key) this.report(key.at, `only paths and converters may be indexed, not editor "${name}"`);
    if (s.where) this.bool(s.where);
  }

  bool(b: BoolExpr): void {
    switch (b.kind) {
      case 'or':
      case 'and':
        b.operands.forEach((o) => this.bool(o));
        return;
      case 'not':
        this.bool(b.operand);
        return;
      case 'compare':
        this.value(b.left);
        this.value(b.right);
        return;
      case 'boolConst':
        return;
      case 'callCond':
        if (!isUpperFirst(b.call.name.text)) this.report(b.call.name.at, editorAsCondition(b.call.name.text));
        else this.converter(b.call);
        return;
    }
  }

  private value(v: Value, param?: Param, owner?: OttlFunction): void {
    switch (v.kind) {
      case 'path':
        this.path(v);
        return;
      case 'call':
        if (!isUpperFirst(v.name.text)) this.report(v.name.at, editorAsValue(v.name.text));
        else this.converter(v);
        return;
      case 'ident':
        this.ident(v.name.text, v.at, param?.kind === 'function');
        return;
      case 'list':
        v.items.forEach((i) => this.value(i));
        return;
      case 'map':
        v.entries.forEach((e) => this.value(e));
        return;
      case 'math':
        this.value(v.left);
        this.value(v.right);
        return;
      case 'lambda':
        // A lambda handed to a gated or unavailable function was reported with the function already.
        if (!owner?.featureGate) this.report(v.at, `lambda expressions are not part of OTTL in the pinned collector (contrib v${COLLECTOR.version})`);
        return;
      default:
        return;
    }
  }

  private ident(name: string, at: number, functionName: boolean): void {
    const f = lookupFunction(name);
    if (functionName) {
      if (!f || f.kind !== 'converter') {
        this.report(at, `unknown function "${clip(name)}"${didYouMean(name, candidateNames('converter', this.processor))}`);
      } else if (this.processor === 'transform' && ENUM_SHAPE.test(name)) {
        // The pinned grammar lexes an all-uppercase name (SHA256) as an enum symbol, and context inference then
        // looks for that enum in every context (src/ottl/infer.ts explains the failure).
        this.hints.enums.push({ name, at });
      }
      return;
    }
    if (ENUM_SHAPE.test(name) && ALL_ENUMS.includes(name)) {
      this.hints.enums.push({ name, at });
      return;
    }
    if (f && f.kind === 'converter') {
      this.report(at, `converter "${name}" must be called with parentheses, e.g. ${name}(...)`);
      return;
    }
    this.report(at, `unknown enum "${name}"${didYouMean(name, ALL_ENUMS)}`);
  }

  private converter(call: CallValue): void {
    const name = call.name.text;
    const f = lookupFunction(name);
    if (!f) {
      this.report(call.name.at, `unknown function "${clip(name)}"${didYouMean(name, candidateNames('converter', this.processor))}`);
      call.args.forEach((a) => this.value(a.value));
    } else if (this.usable(f, call)) {
      this.hints.functions.push({ name, at: call.name.at });
      this.args(f, call);
    }
    this.keys(call.keys);
  }

  /** Whether the function may be used here at all; reports why not. */
  private usable(f: OttlFunction, call: CallValue): boolean {
    const at = call.name.at;
    if (f.unavailable) {
      this.report(at, `function "${f.name}" ${f.unavailable} and cannot be used in a MetricPipeline`);
      return false;
    }
    if (!inProcessor(f, this.processor)) {
      this.report(at, `function "${f.name}" is only available in the ${f.processor} processor, not in ${this.processor} rules`);
      return false;
    }
    if (this.processor === 'filter' && !f.contexts.includes('datapoint')) {
      const instead = f.instead ? `; use ${f.instead} instead` : '';
      this.report(
        at,
        `function "${f.name}" is only available in the filter processor's metric context, but Kyma evaluates filter conditions on data points${instead}`,
      );
      return false;
    }
    if (f.featureGate) {
      this.report(at, `function "${f.name}" requires the collector feature gate ${f.featureGate}, which the rendered collector does not enable`);
      return false;
    }
    return true;
  }

  private args(f: OttlFunction, call: CallValue): void {
    const filled = new Array<Argument | undefined>(f.params.length).fill(undefined);
    let named = false;
    let ok = true;
    call.args.forEach((arg, i) => {
      if (!arg.name) {
        if (named) {
          this.report(arg.at, `positional arguments must come before named arguments in "${f.name}"`);
          ok = false;
        } else if (i >= f.params.length) {
          if (i === f.params.length) this.report(arg.at, arityMessage(f, call.args.length));
          ok = false;
        } else {
          filled[i] = arg;
        }
        return;
      }
      named = true;
      const field = toCamel(arg.name.text);
      const index = f.params.findIndex((p) => p.names.some((n) => toCamel(n) === field));
      if (index < 0) {
        const names = f.params.map((p) => p.names[0] as string);
        this.report(arg.name.at, `function "${f.name}" has no parameter "${clip(arg.name.text)}"${didYouMean(arg.name.text, names)}`);
        ok = false;
      } else if (filled[index]) {
        this.report(arg.name.at, `parameter "${f.params[index]?.names[0]}" of "${f.name}" is given twice`);
        ok = false;
      } else {
        filled[index] = arg;
      }
    });
    if (ok) {
      const missing = f.params.findIndex((p, i) => !p.optional && !filled[i]);
      if (missing >= 0) {
        const message = named
          ? `function "${f.name}" is missing its required argument "${f.params[missing]?.names[0]}"`
          : arityMessage(f, call.args.length);
        this.report(call.closeAt, message);
      }
    }
    f.params.forEach((p, i) => {
      const arg = filled[i];
      if (arg && this.argKind(f, p, arg)) this.value(arg.value, p, f);
    });
    // Arguments that matched no parameter are still checked for unknown names inside them.
    call.args.filter((a) => !filled.includes(a)).forEach((a) => this.value(a.value, undefined, f));
  }

  /** Checks the argument's form against the parameter kind; false when reported. */
  private argKind(f: OttlFunction, p: Param, arg: Argument): boolean {
    const v = arg.value;
    const label = `argument "${p.names[0]}" of "${f.name}"`;
    if (p.kind === 'path' && v.kind !== 'path') {
      this.report(v.at, `${label} must be a path such as datapoint.attributes["key"], found ${describeValue(v)}`);
      return false;
    }
    if (p.kind === 'list' && v.kind !== 'list') {
      this.report(v.at, `${label} must be a list literal [...], found ${describeValue(v)}`);
      return false;
    }
    if (p.kind === 'bytes' && (v.kind !== 'bytes' || v.size !== p.size)) {
      // A Go []byte parameter takes only a bytes literal, and the ID functions check its length when the
      // collector parses the statement ("span ids must be 8 bytes").
      const found = v.kind === 'bytes' ? `${v.size} ${v.size === 1 ? 'byte' : 'bytes'}` : describeValue(v);
      this.report(v.at, `${label} must be a bytes literal of ${p.size} bytes (0x followed by ${2 * (p.size ?? 0)} hex digits), found ${found}`);
      return false;
    }
    if (p.kind === 'function' && v.kind !== 'ident') {
      this.report(v.at, `${label} must be the name of a converter without parentheses (e.g. SHA256), found ${describeValue(v)}`);
      return false;
    }
    return true;
  }

  private keys(keys: readonly Key[]): void {
    for (const k of keys) if (k.kind === 'exprKey') this.value(k.expr);
  }

  private path(p: PathValue): void {
    const hint = checkPath(p, { report: (at, message) => this.report(at, message), value: (v) => this.value(v) });
    if (hint) this.hints.paths.push(hint);
  }

  private report(at: number, message: string): void {
    this.problems.push({ at, message });
  }
}

function arityMessage(f: OttlFunction, got: number): string {
  const required = f.params.filter((p) => !p.optional).length;
  const max = f.params.length;
  const count = required === max ? `${max}` : `${required} to ${max}`;
  const plural = max === 1 && required === max ? 'argument' : 'arguments';
  const params = max > 0 ? ` (${describeParams(f)})` : '';
  return `function "${f.name}" takes ${count} ${plural}${params}, got ${got}`;
}
