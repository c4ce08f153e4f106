import { strict as assert } from 'node:assert';
import type { BoolExpr, Value } from '../../src/ottl/ast';
import { parseCondition, parseStatement } from '../../src/ottl/parser';

function condition(src: string): BoolExpr {
  const r = parseCondition(src);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A compact rendering of the tree, to assert structure and precedence. */
function show(b: BoolExpr): string {
  switch (b.kind) {
    case 'or':
      return `or(${b.operands.map(show).join(', ')})`;
    case 'and':
      return `and(${b.operands.map(show).join(', ')})`;
    case 'not':
      return `not(${show(b.operand)})`;
    case 'compare':
      return `${val(b.left)}${b.op}${val(b.right)}`;
    case 'boolConst':
      return String(b.value);
    case 'callCond':
      return `${b.call.name.text}()`;
  }
}

function val(v: Value): string {
  switch (v.kind) {
    case 'path':
      return [v.context ? `<${v.context.text}>` : '', ...v.fields.map((f) => f.name.text + '[]'.repeat(f.keys.length))].join('.');
    case 'math':
      return `(${val(v.left)}${v.op}${val(v.right)})`;
    case 'int':
    case 'float':
      return v.text;
    case 'ident':
      return v.name.text;
    case 'call':
      return `${v.name.text}(${v.args.length})`;
    default:
      return v.kind;
  }
}

describe('OTTL parser', () => {
  it('binds and tighter than or, and not tightest', () => {
    assert.equal(show(condition('a.b == 1 or not a.c == 2 and true')), 'or(<a>.b==1, and(not(<a>.c==2), true))');
  });

  it('lets parentheses override precedence', () => {
    assert.equal(show(condition('(a.b == 1 or a.c == 2) and a.d == 3')), 'and(or(<a>.b==1, <a>.c==2), <a>.d==3)');
  });

  it('parses arithmetic with * and / before + and -, and math groups on the left of a comparison', () => {
    assert.equal(show(condition('a.b + 2 * 3 - 4 / 2 > 0')), '((<a>.b+(2*3))-(4/2))>0');
    assert.equal(show(condition('(a.b + 1) * 2 >= 10')), '((<a>.b+1)*2)>=10');
  });

  it('takes the first path segment as context only when a dot follows it', () => {
    assert.equal(show(condition('resource.attributes["k"] == nil')), '<resource>.attributes[]==nil');
    assert.equal(show(condition('attributes["k"]["n"] == nil')), '.attributes[][]==nil');
    assert.equal(show(condition('datapoint.positive.offset == 1')), '<datapoint>.positive.offset==1');
  });

  it('parses converters as conditions, with keys, and enums as values', () => {
    assert.equal(show(condition('IsMatch(metric.name, "x")')), 'IsMatch()');
    assert.equal(show(condition('Split(metric.name, ".")[0] == "k8s"')), 'Split(2)==string');
    assert.equal(show(condition('metric.type == METRIC_DATA_TYPE_SUM')), '<metric>.type==METRIC_DATA_TYPE_SUM');
  });

  it('parses statements with named arguments, lists and maps (commas between map entries are optional)', () => {
    const r = parseStatement('append(datapoint.attributes["t"], values = ["a", {"k": 1 "l": [2]}]) where true');
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.value.editor.args[1]?.name?.text, 'values');
    assert.equal(r.value.where?.kind, 'boolConst');
  });

  it('knows where a lambda ends', () => {
    const r = parseStatement('set(datapoint.attributes["x"], Filter(datapoint.attributes["t"], (_, v) => v == "a" and true))');
    assert.ok(r.ok);
    if (!r.ok) return;
    const filter = r.value.editor.args[1]?.value;
    assert.equal(filter?.kind === 'call' ? filter.args[1]?.value.kind : undefined, 'lambda');
  });

  it('reports the furthest error with its offset', () => {
    const r = parseCondition('(metric.name == "a" or metric.unit == "b"');
    assert.ok(!r.ok);
    if (r.ok) return;
    assert.equal(r.error.at, 41);
    assert.equal(r.error.message, 'expected ")", "and" or "or", found end of input');
  });

  it('accepts only one not per operand, like the grammar', () => {
    const r = parseCondition('not not true');
    assert.ok(!r.ok);
  });
});

describe('OTTL parser limits', () => {
  it('reports absurd nesting instead of overflowing the stack', () => {
    const deep = '('.repeat(20000) + 'metric.name == "a"' + ')'.repeat(20000);
    const r = parseCondition(deep);
    assert.ok(!r.ok);
    if (!r.ok) assert.equal(r.error.message, 'the expression is nested too deeply');
  });
});
