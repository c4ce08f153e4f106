/**
 * A hand-written parser for the Prometheus text exposition format (0.0.4), limited to what the flow-health
 * evaluation needs: metric name, labels, value, optional timestamp. It walks the text once with charCodeAt and
 * only allocates strings for the series the caller asks for, because the status job parses the `/metrics`
 * output of every collector pod twice per run (hundreds of pods x hundreds of series) within a short budget.
 *
 * Tolerated beyond 0.0.4 so that real scrapes never fail: `\r\n` line ends, quoted (UTF-8) metric and label
 * names inside the braces (`{"my.metric",a="b"}`), a trailing comma in the label list, OpenMetrics exemplars
 * (`# {...} v` after the sample) and `# EOF`, float timestamps, and unknown escape sequences in label values
 * (kept literally). `_created`, `_bucket` etc. are ordinary series here; the caller decides what it wants.
 */
import { BACKSLASH, CLOSE_BRACE, COMMA, CR, EQUALS, HASH, OPEN_BRACE, QUOTE } from './prometheus-tokens';
import { describe, isBlank, isLabelNameChar, isLabelNameStart, isNameChar, isNameStart, parseFloatToken, truncate } from './prometheus-tokens';

export { parseFloatToken };

/** Invalid exposition text; `line` is 1-based. The message is a single line, safe to print as is. */
export class PrometheusParseError extends Error {
  override readonly name = 'PrometheusParseError';
  constructor(
    /** What is wrong, without position. */
    readonly reason: string,
    readonly line: number,
    /** File name or other origin, for the message. */
    readonly source?: string,
  ) {
    super(`${source === undefined ? 'line ' : `${source}:`}${line}: not Prometheus text: ${reason}`);
  }
}

/** Labels as flat pairs `[name0, value0, name1, value1, ...]`, in exposition order. */
export type LabelPairs = readonly string[];

export interface SampleVisitor {
  /**
   * Whether to decode this metric's labels and report its samples. Unwanted lines are still fully
   * validated, but without building strings. Absent: every sample is wanted. Called exactly once per
   * sample line, before its labels are read.
   */
  wants?(name: string): boolean;
  sample(name: string, labels: LabelPairs, value: number, timestamp: number | undefined, line: number): void;
  /** Comment lines other than `# HELP` / `# TYPE`, the text after `#` trimmed. */
  comment?(text: string, line: number): void;
}

/**
 * Parses `text`, calling the visitor for every wanted sample in order. Returns the number of sample lines
 * (wanted or not). Throws PrometheusParseError at the first invalid line.
 */
export function parsePrometheusText(text: string, visitor: SampleVisitor, source?: string): number {
  const parser = new LineParser(text, visitor, source);
  return parser.run();
}

/** Convenience for tests and small inputs: every sample as an object. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

export function parseSamples(text: string, source?: string): Sample[] {
  const out: Sample[] = [];
  parsePrometheusText(
    text,
    {
      sample(name, labels, value, timestamp) {
        const record: Record<string, string> = {};
        for (let i = 0; i < labels.length; i += 2) record[labels[i] as string] = labels[i + 1] as string;
        out.push(timestamp === undefined ? { name, labels: record, value } : { name, labels: record, value, timestamp });
      },
    },
    source,
  );
  return out;
}

/** State of one pass; a class so the hot loop works on fields instead of closures and returned tuples. */
class LineParser {
  private pos = 0;
  private end = 0;
  private lineNo = 0;
  /** Outputs of labelSet (fields rather than a returned object: no allocation per line). */
  private setName: string | undefined;
  private setLabels: string[] | undefined;
  private setDecode = false;
  /** Output of readQuoted when decoding. */
  private quoted = '';
  /** Position of the next backslash in the whole text (text.length if none); searched once per backslash. */
  private nextBackslash = -1;

  constructor(
    private readonly text: string,
    private readonly visitor: SampleVisitor,
    private readonly source: string | undefined,
  ) {}

  run(): number {
    const { text } = this;
    const length = text.length;
    let start = 0;
    let samples = 0;
    while (start < length) {
      this.lineNo++;
      let newline = text.indexOf('\n', start);
      if (newline < 0) newline = length;
      let end = newline;
      if (end > start && text.charCodeAt(end - 1) === CR) end--;
      this.pos = start;
      this.end = end;
      if (this.line()) samples++;
      start = newline + 1;
    }
    return samples;
  }

  private fail(reason: string): never {
    throw new PrometheusParseError(reason, this.lineNo, this.source);
  }

  private skipBlanks(): void {
    while (this.pos < this.end && isBlank(this.text.charCodeAt(this.pos))) this.pos++;
  }

  /** Parses the current line; true when it was a sample. */
  private line(): boolean {
    this.skipBlanks();
    if (this.pos >= this.end) return false;
    const { text } = this;
    if (text.charCodeAt(this.pos) === HASH) {
      this.commentLine();
      return false;
    }
    let name: string | undefined;
    let labels: string[] | undefined;
    let decode = true;
    const first = text.charCodeAt(this.pos);
    if (isNameStart(first)) {
      const nameStart = this.pos;
      while (this.pos < this.end && isNameChar(text.charCodeAt(this.pos))) this.pos++;
      name = text.slice(nameStart, this.pos);
      decode = this.visitor.wants === undefined || this.visitor.wants(name);
      const afterName = this.pos;
      this.skipBlanks();
      if (this.pos >= this.end || text.charCodeAt(this.pos) !== OPEN_BRACE) this.pos = afterName;
    } else if (first !== OPEN_BRACE) {
      this.fail(`expected a metric name, found ${describe(text, this.pos, this.end)}`);
    }
    let blankBeforeValue = true;
    if (this.pos < this.end && text.charCodeAt(this.pos) === OPEN_BRACE) {
      this.labelSet(name, decode);
      name = this.setName;
      labels = this.setLabels;
      decode = this.setDecode;
      blankBeforeValue = false; // `name{a="b"}1` is accepted by Prometheus, `name1` is another name
    }
    if (name === undefined) this.fail('missing metric name');
    const value = this.number('value', blankBeforeValue);
    if (value === undefined) this.fail('missing sample value');
    const timestamp = this.number('timestamp', true);
    this.skipBlanks();
    // OpenMetrics exemplar (`# {trace_id="..."} 1`): not needed, ignored.
    if (this.pos < this.end && text.charCodeAt(this.pos) !== HASH) {
      this.fail(`unexpected ${describe(text, this.pos, this.end)} after the sample value`);
    }
    if (decode) this.visitor.sample(name, labels ?? NO_LABELS, value, timestamp, this.lineNo);
    return true;
  }

  private commentLine(): void {
    const { text } = this;
    this.pos++; // '#'
    this.skipBlanks();
    // HELP and TYPE lines carry nothing the evaluation needs; skip them without slicing.
    if (text.startsWith('HELP', this.pos) || text.startsWith('TYPE', this.pos)) {
      const after = this.pos + 4;
      if (after >= this.end || isBlank(text.charCodeAt(after))) return;
    }
    if (this.visitor.comment !== undefined) this.visitor.comment(text.slice(this.pos, this.end).trim(), this.lineNo);
  }

  /**
   * Parses `{...}` at pos into setName/setLabels/setDecode. `name` is the metric name read before the brace,
   * if any; a quoted string without `=` is the metric name in the UTF-8 syntax. Labels are only built when
   * decoding.
   */
  private labelSet(name: string | undefined, decode: boolean): void {
    const { text } = this;
    this.pos++; // '{'
    let labels: string[] | undefined = decode && name !== undefined ? [] : undefined;
    let first = true;
    for (;;) {
      this.skipBlanks();
      if (this.pos >= this.end) this.fail('unterminated label set');
      let c = text.charCodeAt(this.pos);
      if (c === CLOSE_BRACE) {
        this.pos++;
        break;
      }
      let labelName: string | undefined;
      if (c === QUOTE) {
        this.readQuoted(labels !== undefined || (first && name === undefined));
        labelName = this.quoted;
        this.skipBlanks();
        c = this.pos < this.end ? text.charCodeAt(this.pos) : -1;
        if (first && name === undefined && (c === COMMA || c === CLOSE_BRACE)) {
          name = labelName;
          decode = this.visitor.wants === undefined || this.visitor.wants(name);
          labels = decode ? [] : undefined;
          first = false;
          if (c === COMMA) this.pos++;
          continue;
        }
      } else if (isLabelNameStart(c)) {
        const labelStart = this.pos;
        while (this.pos < this.end && isLabelNameChar(text.charCodeAt(this.pos))) this.pos++;
        if (labels !== undefined) labelName = text.slice(labelStart, this.pos);
        this.skipBlanks();
      } else {
        this.fail(`expected a label name, found ${describe(text, this.pos, this.end)}`);
      }
      first = false;
      if (this.pos >= this.end || text.charCodeAt(this.pos) !== EQUALS) {
        this.fail(`expected '=' after label name, found ${describe(text, this.pos, this.end)}`);
      }
      this.pos++;
      this.skipBlanks();
      if (this.pos >= this.end || text.charCodeAt(this.pos) !== QUOTE) {
        this.fail(`expected a quoted label value, found ${describe(text, this.pos, this.end)}`);
      }
      this.readQuoted(labels !== undefined);
      if (labels !== undefined) labels.push(labelName as string, this.quoted);
      this.skipBlanks();
      if (this.pos >= this.end) this.fail('unterminated label set');
      c = text.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
      } else if (c !== CLOSE_BRACE) {
        this.fail(`expected ',' or '}' in label set, found ${describe(text, this.pos, this.end)}`);
      }
    }
    this.setName = name;
    this.setLabels = labels;
    this.setDecode = decode;
  }

  /** Reads `"..."` at pos; sets `quoted` to the unescaped content when `keep`, else only validates. */
  private readQuoted(keep: boolean): void {
    const { text, end } = this;
    const open = this.pos + 1;
    // Fast path, nearly every label value: no backslash before the closing quote, so native indexOf finds it.
    if (this.nextBackslash < open) {
      this.nextBackslash = text.indexOf('\\', open);
      if (this.nextBackslash < 0) this.nextBackslash = text.length;
    }
    const close = text.indexOf('"', open);
    if (close >= 0 && close < end && close < this.nextBackslash) {
      if (keep) this.quoted = text.slice(open, close);
      this.pos = close + 1;
      return;
    }
    let p = open;
    let chunkStart = p;
    let out = '';
    for (;;) {
      if (p >= end) this.fail('unterminated quoted string');
      const c = text.charCodeAt(p);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        if (p + 1 >= end) this.fail('unterminated quoted string');
        if (keep) {
          const next = text.charCodeAt(p + 1);
          out += text.slice(chunkStart, p);
          out += next === 110 ? '\n' : next === BACKSLASH || next === QUOTE ? text[p + 1] : text.slice(p, p + 2);
        }
        p += 2;
        chunkStart = p;
        continue;
      }
      p++;
    }
    if (keep) this.quoted = chunkStart === open ? text.slice(chunkStart, p) : out + text.slice(chunkStart, p);
    this.pos = p + 1;
  }

  /** Reads a blank-separated number token; undefined at end of line or before an exemplar. */
  private number(what: 'value' | 'timestamp', blankRequired: boolean): number | undefined {
    const { text } = this;
    const before = this.pos;
    this.skipBlanks();
    if (this.pos >= this.end || text.charCodeAt(this.pos) === HASH) return undefined;
    if (blankRequired && this.pos === before) this.fail(`expected a blank before the ${what}, found ${describe(text, this.pos, this.end)}`);
    const start = this.pos;
    while (this.pos < this.end && !isBlank(text.charCodeAt(this.pos))) this.pos++;
    const token = text.slice(start, this.pos);
    const value = parseFloatToken(token);
    if (value === undefined) this.fail(`invalid ${what} ${JSON.stringify(truncate(token))}`);
    return value;
  }
}

const NO_LABELS: LabelPairs = [];
