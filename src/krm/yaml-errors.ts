/**
 * One-line messages for YAML the parser rejects. The parser's own messages quote source text (`Invalid
 * escape sequence \U...`, `Unresolved tag: ...`); inside a Secret that text is a credential, so there the
 * message names the item and the line and nothing else. An item whose kind cannot be read counts as a
 * Secret when its text mentions one: a syntax error is exactly what garbles the kind.
 */
import { isMap, isSeq, type Document, type YAMLMap } from 'yaml';

/** The item, or the input, whose text must not be shown. */
interface Hidden {
  where: string;
  why: string;
}

const PLAIN_KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const SAYS_SECRET = /\bkind["']?\s*:\s*["']?Secret\b/;
const MENTIONS_SECRET = /\bSecret\b/;

function plainString(node: YAMLMap, path: string[], pattern: RegExp): string | undefined {
  const v = node.getIn(path);
  return typeof v === 'string' && pattern.test(v) ? v : undefined;
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  return node !== null && typeof node === 'object' && 'range' in node ? (node as { range?: [number, number, number] }).range : undefined;
}

function secretAt(doc: Document, text: string, offset: number): Hidden | undefined {
  const root = doc.contents;
  const items = isMap(root) ? root.get('items', true) : undefined;
  const nodes = isSeq(items) ? items.items : [];
  const index = nodes.findIndex((n) => {
    const r = rangeOf(n);
    return r !== undefined && r[0] <= offset && offset < r[2];
  });
  if (index < 0) return MENTIONS_SECRET.test(text) ? { where: 'the input', why: 'the input holds a Secret' } : undefined;
  const node = nodes[index];
  const [start, , end] = rangeOf(node)!;
  const source = text.slice(start, end);
  const kind = isMap(node) ? plainString(node, ['kind'], PLAIN_KIND) : undefined;
  if (kind === 'Secret' && isMap(node)) {
    const name = plainString(node, ['metadata', 'name'], DNS_NAME);
    const namespace = plainString(node, ['metadata', 'namespace'], DNS_NAME);
    const what = name ? `Secret ${namespace ? `${namespace}/` : ''}${name}` : 'a Secret';
    return { where: `${what} (items[${index}])`, why: 'the item is a Secret' };
  }
  if (SAYS_SECRET.test(source) || (kind === undefined && MENTIONS_SECRET.test(source))) {
    return { where: `items[${index}]`, why: 'the item may be a Secret' };
  }
  return undefined;
}

/** The first syntax error of `doc`, parsed from `text`. */
export function syntaxErrorMessage(doc: Document, text: string): string {
  const e = doc.errors[0]!;
  const pos = e.linePos?.[0] ?? lineAndColumn(text, e.pos[0]);
  const hidden = secretAt(doc, text, e.pos[0]);
  if (hidden) return `input is not valid YAML at line ${pos.line}, in ${hidden.where}; the parser's message is withheld because ${hidden.why}`;
  const what = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return `input is not valid YAML at line ${pos.line}, column ${pos.col}: ${what}`;
}

/** An alias without an anchor before it, at `offset`; its name is source text too. */
export function danglingAliasMessage(doc: Document, text: string, name: string, offset: number): string {
  const hidden = secretAt(doc, text, offset);
  if (!hidden) return `input is not valid YAML: alias *${name} has no anchor before it`;
  const { line } = lineAndColumn(text, offset);
  return `input is not valid YAML at line ${line}, in ${hidden.where}: an alias has no anchor before it (its name is withheld because ${hidden.why})`;
}
