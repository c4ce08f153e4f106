/**
 * A deliberately small OTTL evaluator for the statements and conditions the function generates, so that a
 * test can push a sample data point through a rendered collector config (test/support/pipeline-walk.ts).
 * It understands: string literals, nil, `resource.attributes["k"]`, `attributes["k"]` (resource context),
 * `datapoint.attributes["k"]`, `metric.name`, `==`, `!=`, `and`, `or`, `not(...)`, parentheses,
 * `IsMatch(x, "re")`, and the statements `set(path, value) [where cond]`, `delete_key(resource.attributes, "k")`
 * and `delete_matching_keys(resource.attributes, "re")`. Anything else throws, so a walk never silently
 * ignores a processor it cannot evaluate.
 */

export interface Sample {
  resource: Record<string, string>;
  metric: string;
  datapoint: Record<string, string>;
}

type Value = string | null;
type Token = { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let v = '';
      i++;
      while (text[i] !== '"') {
        if (i >= text.length) throw new Error(`unterminated string in: ${text}`);
        if (text[i] === '\\') i++;
        v += text[i];
        i++;
      }
      i++;
      tokens.push({ t: 'str', v });
    } else if (text.startsWith('==', i) || text.startsWith('!=', i)) {
      tokens.push({ t: 'op', v: text.slice(i, i + 2) });
      i += 2;
    } else if ('()[],.'.includes(c)) {
      tokens.push({ t: 'op', v: c });
      i++;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      if (m === null) throw new Error(`unexpected "${c}" in: ${text}`);
      tokens.push({ t: 'id', v: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

type Path = { scope: 'resource' | 'datapoint'; key: string } | { scope: 'metric.name' };

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private next(): Token {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw new Error(`unexpected end of: ${this.text}`);
    return t;
  }
  private expect(v: string): void {
    const t = this.next();
    if (t.v !== v) throw new Error(`expected "${v}", got "${t.v}" in: ${this.text}`);
  }
  expectComma(): void {
    this.expect(',');
  }
  done(): boolean {
    return this.pos >= this.tokens.length;
  }
  isId(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === 'id' && t.v === v;
  }

  /** `resource.attributes["k"]`, `datapoint.attributes["k"]`, `attributes["k"]` or `metric.name`. */
  path(): Path {
    const head = this.next().v;
    if (head === 'metric') {
      this.expect('.');
      this.expect('name');
      return { scope: 'metric.name' };
    }
    let scope: 'resource' | 'datapoint' = 'resource';
    if (head === 'resource' || head === 'datapoint') {
      scope = head;
      this.expect('.');
      this.expect('attributes');
    } else if (head !== 'attributes') {
      throw new Error(`unsupported path "${head}" in: ${this.text}`);
    }
    this.expect('[');
    const key = this.next();
    if (key.t !== 'str') throw new Error(`attribute key must be a string in: ${this.text}`);
    this.expect(']');
    return { scope, key: key.v };
  }

  value(sample: Sample): Value {
    const t = this.peek();
    if (t?.t === 'str') return this.next().v;
    if (t?.t === 'id' && t.v === 'nil') {
      this.next();
      return null;
    }
    if (t?.t === 'id' && t.v === 'IsMatch') throw new Error(`IsMatch is not a value in: ${this.text}`);
    return read(sample, this.path());
  }

  primary(sample: Sample): boolean {
    if (this.isId('not')) {
      this.next();
      this.expect('(');
      const v = this.or(sample);
      this.expect(')');
      return !v;
    }
    if (this.peek()?.v === '(') {
      this.next();
      const v = this.or(sample);
      this.expect(')');
      return v;
    }
    if (this.isId('IsMatch')) {
      this.next();
      this.expect('(');
      const subject = this.value(sample);
      this.expect(',');
      const pattern = this.next();
      if (pattern.t !== 'str') throw new Error(`IsMatch needs a literal pattern in: ${this.text}`);
      this.expect(')');
      return subject !== null && new RegExp(pattern.v).test(subject);
    }
    const left = this.value(sample);
    const op = this.next().v;
    const right = this.value(sample);
    if (op === '==') return left === right;
    if (op === '!=') return left !== right;
    throw new Error(`unsupported operator "${op}" in: ${this.text}`);
  }

  and(sample: Sample): boolean {
    let v = this.primary(sample);
    while (this.isId('and')) {
      this.next();
      v = this.primary(sample) && v;
    }
    return v;
  }

  or(sample: Sample): boolean {
    let v = this.and(sample);
    while (this.isId('or')) {
      this.next();
      v = this.and(sample) || v;
    }
    return v;
  }
}

function read(sample: Sample, path: Path): Value {
  if (path.scope === 'metric.name') return sample.metric;
  const map = path.scope === 'resource' ? sample.resource : sample.datapoint;
  return map[path.key] ?? null;
}

/** The collector turns `$$` into `$` before a component sees the text. */
function unescape(text: string): string {
  return text.replace(/\$\$/g, '$');
}

export function evaluateCondition(condition: string, sample: Sample): boolean {
  const text = unescape(condition);
  const parser = new Parser(tokenize(text), text);
  const result = parser.or(sample);
  if (!parser.done()) throw new Error(`trailing input in: ${text}`);
  return result;
}

/** Applies one transform statement to `sample` in place. */
export function applyStatement(statement: string, sample: Sample): void {
  const text = unescape(statement);
  const where = /^(.*?)\swhere\s(.*)$/.exec(text);
  const body = (where ? where[1]! : text).trim();
  if (where && !evaluateCondition(where[2]!, sample)) return;
  const call = /^(set|delete_key|delete_matching_keys)\((.*)\)$/.exec(body);
  if (call === null) throw new Error(`unsupported statement: ${text}`);
  const parser = new Parser(tokenize(call[2]!), text);
  if (call[1] === 'set') {
    const target = parser.path();
    if (target.scope !== 'resource') throw new Error(`only resource attributes can be set here: ${text}`);
    parser.expectComma();
    const value = parser.value(sample);
    if (value === null) delete sample.resource[target.key];
    else sample.resource[target.key] = value;
    return;
  }
  const arg = /^resource\.attributes,\s*"((?:[^"\\]|\\.)*)"$/.exec(call[2]!.trim());
  if (arg === null) throw new Error(`unsupported arguments in: ${text}`);
  const literal = arg[1]!.replace(/\\(.)/g, '$1');
  if (call[1] === 'delete_key') delete sample.resource[literal];
  else for (const key of Object.keys(sample.resource)) if (new RegExp(literal).test(key)) delete sample.resource[key];
}
