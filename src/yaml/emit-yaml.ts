/**
 * A YAML printer for the plain data the function generates (maps, lists, strings, numbers, booleans,
 * null). The general printer of the `yaml` package handles every node kind, comments and styles, and
 * most of a cold start went into running it for the first time; this one is small and does one style:
 * block collections, compact lists, plain scalars where both YAML 1.1 and 1.2 readers read them as the
 * same string, double quotes otherwise, and literal blocks for multi-line strings.
 * test/yaml/emit-yaml.test.ts checks that every output parses back to its input under both versions.
 */

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain | undefined };

/** Words YAML 1.1 or 1.2 read as booleans or null. */
const RESERVED = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
/**
 * Strings a YAML 1.1 or 1.2 reader resolves to a number or a date: the union of both schemas' patterns
 * (1.1 is the laxer: `0755`, `1_000`, `1:20`, `E0` and `.` are numbers to it).
 */
const NUMBER_LIKE = new RegExp(
  [
    /^[-+]?0b[0-1_]+$/,
    /^[-+]?0[0-7_]+$/,
    /^[-+]?[0-9][0-9_]*$/,
    /^[-+]?0x[0-9a-fA-F_]+$/,
    /^0o[0-7]+$/,
    /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
    /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
    /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/,
    /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  ]
    .map((r) => `(?:${r.source})`)
    .join('|'),
);
const UNSAFE_FIRST = /^[-?:,[\]{}#&*!|>'"%@`<= ]/;
/** Printable and no line break in either version (1.1 also breaks lines at U+0085, U+2028, U+2029). */
const PRINTABLE = /^[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;

export function isPlainSafe(s: string): boolean {
  return (
    s !== '' &&
    PRINTABLE.test(s) &&
    !UNSAFE_FIRST.test(s) &&
    !RESERVED.test(s) &&
    !NUMBER_LIKE.test(s) &&
    !s.endsWith(' ') &&
    !s.endsWith(':') &&
    !s.includes(': ') &&
    !s.includes(' #')
  );
}

function quoted(s: string): string {
  // JSON string syntax is valid YAML double-quoted syntax; only `\/` would differ and JSON never writes it.
  return JSON.stringify(s);
}

function key(k: string): string {
  return isPlainSafe(k) ? k : quoted(k);
}

/** Multi-line strings as literal blocks when YAML can carry them exactly, else quoted. */
function block(s: string, indent: string): string | undefined {
  // The first line sets the block's indentation: it must start with content, or an indentation indicator
  // would be needed, whose meaning depends on the parent. Such strings are quoted instead.
  if (!/^[^\s]/.test(s) || !s.split('\n').every((l) => PRINTABLE.test(l))) return undefined;
  const chomp = s.endsWith('\n\n') ? '+' : s.endsWith('\n') ? '' : '-';
  const body = chomp === '+' ? s.slice(0, -1) : chomp === '' ? s.slice(0, -1) : s;
  const inner = `${indent}  `;
  const lines = body.split('\n').map((l) => (l === '' ? '' : `${inner}${l}`));
  return `|${chomp}\n${lines.join('\n')}`;
}

function scalar(value: null | boolean | number | string, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('cannot print a non-finite number');
    return String(value);
  }
  if (value.includes('\n')) return block(value, indent) ?? quoted(value);
  return isPlainSafe(value) ? value : quoted(value);
}

function isCollection(v: Plain): v is Plain[] | { [key: string]: Plain | undefined } {
  return v !== null && typeof v === 'object';
}

function entries(v: { [key: string]: Plain | undefined }): [string, Plain][] {
  return Object.entries(v).filter((e): e is [string, Plain] => e[1] !== undefined);
}

function isEmpty(v: Plain[] | { [key: string]: Plain | undefined }): boolean {
  return Array.isArray(v) ? v.length === 0 : entries(v).length === 0;
}

export interface EmitOptions {
  /** Indent a list under a key (`key:\n  - a`) instead of the compact `key:\n- a`. */
  indentSeq?: boolean;
}

/** Lines of a collection at `indent`. */
function collection(v: Plain[] | { [key: string]: Plain | undefined }, indent: string, out: string[], opts: EmitOptions): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isCollection(item) && !isEmpty(item)) {
        const nested: string[] = [];
        collection(item, `${indent}  `, nested, opts);
        out.push(`${indent}- ${nested[0]!.slice(indent.length + 2)}`, ...nested.slice(1));
      } else {
        out.push(`${indent}- ${value(item, `${indent}  `)}`);
      }
    }
    return;
  }
  for (const [k, item] of entries(v)) {
    if (isCollection(item) && !isEmpty(item)) {
      out.push(`${indent}${key(k)}:`);
      collection(item, Array.isArray(item) && !opts.indentSeq ? indent : `${indent}  `, out, opts);
    } else {
      out.push(`${indent}${key(k)}: ${value(item, indent)}`);
    }
  }
}

function value(v: Plain, indent: string): string {
  if (isCollection(v)) return Array.isArray(v) ? '[]' : '{}';
  return scalar(v, indent);
}

/** The YAML text of a top-level map or list, ending with a newline. */
export function emitYaml(v: Plain[] | { [key: string]: Plain | undefined }, opts: EmitOptions = {}): string {
  if (isEmpty(v)) return `${Array.isArray(v) ? '[]' : '{}'}\n`;
  const out: string[] = [];
  collection(v, '', out, opts);
  return `${out.join('\n')}\n`;
}
