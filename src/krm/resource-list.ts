/**
 * ResourceList I/O on the `yaml` Document API. Every item becomes its output text as it is read: items
 * without comments are written back as their own text, the others as re-printed with their scalars
 * spelled as they came; only what the function needs is converted to plain objects. Block-style lists
 * are read item by item (split-items.ts), so memory holds one item's tree at a time.
 *
 * Longer than our usual file: reading and writing share the per-item bookkeeping (text, anchors, aliases,
 * the fast pass-through path), which would otherwise have to cross a module boundary as mutable state.
 */
import { Document, isMap, isNode, isSeq, parseDocument, visit, type Alias, type Node, type YAMLMap } from 'yaml';
import { METRIC_PIPELINE_KIND } from '../constants';
import { emitYaml, type Plain } from '../yaml/emit-yaml';
import { quickHeader } from './quick-header';
import { splitItems } from './split-items';
import { danglingAliasMessage, syntaxErrorMessage } from './yaml-errors';
import { PARSE_OPTIONS, STRINGIFY_OPTIONS } from './yaml-options';

export const OUTPUT_API_VERSION = 'config.kubernetes.io/v1';
const ACCEPTED_API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1', 'config.kubernetes.io/v1alpha1'];

export const PATH_ANNOTATION = 'internal.config.kubernetes.io/path';
export const INDEX_ANNOTATION = 'internal.config.kubernetes.io/index';
const LEGACY_PATH_ANNOTATION = 'config.kubernetes.io/path';
const LEGACY_INDEX_ANNOTATION = 'config.kubernetes.io/index';

/**
 * Integers are parsed as BigInt so that pass-through output keeps them exact; what the function reads
 * gets plain numbers (or the digits as a string when a number would lose precision).
 */
function plainNumbers(_key: unknown, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

const TO_JS = { maxAliasCount: 100, reviver: plainNumbers };

/** The identifying fields of one item, read without converting the whole item. */
export interface ItemHeader {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  path: string;
  index: string;
  labels: Record<string, string>;
}

export interface Item {
  header: ItemHeader;
  /** The item as written into the output's `items` list: `- ` and the item, ending with a newline. */
  block: string;
  /** The item as a plain object (only for items the function reads). */
  toJs: () => Record<string, unknown>;
}

export interface ResourceList {
  items: Item[];
  functionConfig: unknown;
}

/** `parsed`: the input was a YAML mapping, so a ResourceList with results can be written back. */
export type ReadResult = { ok: true; list: ResourceList } | { ok: false; message: string; parsed: boolean };

function str(node: YAMLMap, path: (string | number)[]): string {
  const v = node.getIn(path);
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function stringMap(node: unknown): Record<string, string> {
  if (!isMap(node)) return {};
  const out: Record<string, string> = {};
  for (const pair of node.items) {
    const key = (pair.key as { value?: unknown } | null)?.value;
    const value = (pair.value as { value?: unknown } | null)?.value;
    if (typeof key === 'string' && typeof value === 'string') out[key] = value;
  }
  return out;
}

function header(node: YAMLMap): ItemHeader {
  const annotations = stringMap(node.getIn(['metadata', 'annotations'], true));
  return {
    apiVersion: str(node, ['apiVersion']),
    kind: str(node, ['kind']),
    name: str(node, ['metadata', 'name']),
    namespace: str(node, ['metadata', 'namespace']),
    path: annotations[PATH_ANNOTATION] ?? annotations[LEGACY_PATH_ANNOTATION] ?? '',
    index: annotations[INDEX_ANNOTATION] ?? annotations[LEGACY_INDEX_ANNOTATION] ?? '',
    labels: stringMap(node.getIn(['metadata', 'labels'], true)),
  };
}

function quoted(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null) return 'null';
  return typeof value === 'object' ? 'a collection' : String(value);
}

/**
 * The yaml parser accepts an alias without an anchor and fails only when the value is used. `any` tells
 * whether the document has aliases at all, so that only such documents pay for the alias cap.
 */
function scanAliases(doc: Document): { dangling?: Alias; any: boolean } {
  let dangling: Alias | undefined;
  let any = false;
  visit(doc, {
    Alias(_, alias) {
      any = true;
      if (alias.resolve(doc) === undefined) {
        dangling = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return dangling ? { dangling, any } : { any };
}

type Checked = { ok: true; hasAliases: boolean } | { ok: false; message: string };

/** `text` is what `doc` was parsed from; messages quote it only where no Secret can be. */
function checkDocument(doc: Document, text: string): Checked {
  if (doc.errors.length > 0) return { ok: false, message: syntaxErrorMessage(doc, text) };
  const aliases = scanAliases(doc);
  const d = aliases.dangling;
  if (d) return { ok: false, message: danglingAliasMessage(doc, text, d.source, d.range?.[0] ?? 0) };
  return { ok: true, hasAliases: aliases.any };
}

const ALIAS_CAP_MESSAGE = `input has too many YAML aliases: expanding them would exceed the limit of ${TO_JS.maxAliasCount} alias uses (a "billion laughs" input?)`;

/**
 * The cap yaml puts on alias use within one conversion (maxAliasCount), over all of `doc` at once: for the
 * whole ResourceList, an anchor in one item and its aliases in others would otherwise count per item, and
 * copying them apart (detachCrossItemAliases) could grow without bound. yaml counts before it expands,
 * and shares what it expands, so this fails fast.
 */
function withinAliasCap(doc: Document): boolean {
  try {
    doc.toJS({ maxAliasCount: TO_JS.maxAliasCount });
    return true;
  } catch (e) {
    // yaml's way of refusing: "Excessive alias count indicates a resource exhaustion attack".
    if (e instanceof ReferenceError) return false;
    throw e;
  }
}

type Root = { ok: true; root: YAMLMap } | { ok: false; message: string; parsed: boolean };

function checkRoot(doc: Document): Root {
  const root = doc.contents;
  if (!isMap(root)) return { ok: false, parsed: false, message: 'input is not a ResourceList: expected a mapping with kind: ResourceList' };
  const kind = root.get('kind');
  const apiVersion = root.get('apiVersion');
  if (kind !== 'ResourceList' || typeof apiVersion !== 'string' || !ACCEPTED_API_VERSIONS.includes(apiVersion)) {
    return {
      ok: false,
      parsed: true,
      message: `input is not a ResourceList: got kind ${quoted(kind)} apiVersion ${quoted(apiVersion)}, expected kind ResourceList apiVersion ${ACCEPTED_API_VERSIONS.join(' or ')}`,
    };
  }
  return { ok: true, root };
}

function functionConfigOf(doc: Document, root: YAMLMap): unknown {
  const fc = root.get('functionConfig', true) as Node | undefined;
  return fc === undefined ? undefined : fc.toJS(doc, TO_JS);
}

function stripComments(node: Node): void {
  visit(node, {
    Node(_, n) {
      n.comment = undefined;
      n.commentBefore = undefined;
    },
  });
}

/**
 * `- ` plus a top-level mapping's text, indented as an element of the output's `items` list. Only the final
 * line break goes: more blank lines at the end belong to a keep-chomping block scalar's value.
 */
function asListElement(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return `${lines.map((l, i) => (i === 0 ? `- ${l}` : l === '' ? l : `  ${l}`)).join('\n')}\n`;
}

/** A node's text on its own. Comments are dropped: kpt and kustomize restore them by id (kpt#4211). */
function nodeText(node: Node): string {
  const doc = new Document(undefined, PARSE_OPTIONS);
  stripComments(node);
  doc.contents = node;
  return doc.toString(STRINGIFY_OPTIONS);
}

/** Items the function may read keep their tree; all others are dropped after printing. */
function mayBeRead(header: ItemHeader): boolean {
  return header.kind === METRIC_PIPELINE_KIND || (header.apiVersion === 'v1' && header.kind === 'Secret');
}

function readWhole(text: string): ReadResult {
  let doc: Document;
  try {
    doc = parseDocument(text, PARSE_OPTIONS);
  } catch {
    return { ok: false, parsed: false, message: 'input is not valid YAML' };
  }
  const problem = checkDocument(doc, text);
  if (!problem.ok) return { ok: false, parsed: false, message: problem.message };
  const checked = checkRoot(doc);
  if (!checked.ok) return checked;
  if (problem.hasAliases && !withinAliasCap(doc)) return { ok: false, parsed: true, message: ALIAS_CAP_MESSAGE };
  const itemsNode = checked.root.get('items', true);
  if (itemsNode === undefined || (itemsNode as { value?: unknown }).value === null) {
    return { ok: false, parsed: true, message: 'ResourceList.items is required (an empty list is fine)' };
  }
  if (!isSeq(itemsNode)) return { ok: false, parsed: true, message: 'ResourceList.items must be a list' };
  const nodes: YAMLMap[] = [];
  for (let i = 0; i < itemsNode.items.length; i++) {
    const node = itemsNode.items[i];
    if (!isMap(node)) return { ok: false, parsed: true, message: `ResourceList.items[${i}] must be an object` };
    nodes.push(node);
  }
  detachCrossItemAliases(doc, nodes);
  const items = nodes.map((node): Item => {
    const toJs = () => node.toJS(doc, TO_JS) as Record<string, unknown>;
    return { header: header(node), block: asListElement(nodeText(node)), toJs };
  });
  return { ok: true, list: { items, functionConfig: functionConfigOf(doc, checked.root) } };
}

/** undefined: the chunk is not an item the split path can take; the whole document is parsed instead. */
const ANNOTATION_KEYS = { path: [PATH_ANNOTATION, LEGACY_PATH_ANNOTATION], index: [INDEX_ANNOTATION, LEGACY_INDEX_ANNOTATION] };

function readChunk(chunk: { text: string; verbatim: string }): Item | undefined {
  const lazyJs = () => parseDocument(chunk.text, PARSE_OPTIONS).toJS(TO_JS) as Record<string, unknown>;
  // Comment-free items the function only passes through need no tree at all: their own text is the output.
  // An alias may point into another item, which only the whole document can resolve.
  if (!chunk.verbatim.includes('#') && !chunk.verbatim.includes('*')) {
    const quick = quickHeader(chunk.text, ANNOTATION_KEYS);
    if (quick && !mayBeRead(quick)) return { header: quick, block: chunk.verbatim, toJs: lazyJs };
  }
  const doc = parseDocument(chunk.text, PARSE_OPTIONS);
  const checked = checkDocument(doc, chunk.text);
  // Too many aliases: the whole document says so, as it does when one item's alias uses another's anchor.
  if (!checked.ok || (checked.hasAliases && !withinAliasCap(doc)) || !isMap(doc.contents)) return undefined;
  const node = doc.contents;
  const head = header(node);
  // Without a `#` there is no comment, and the item's own text is the most faithful output.
  const block = chunk.verbatim.includes('#') ? asListElement(nodeText(node)) : chunk.verbatim;
  if (!mayBeRead(head)) return { header: head, block, toJs: lazyJs };
  const js = node.toJS(doc, TO_JS) as Record<string, unknown>;
  return { header: head, block, toJs: () => js };
}

function readSplit(text: string): ReadResult | undefined {
  const split = splitItems(text);
  if (!split) return undefined;
  const doc = parseDocument(split.head, PARSE_OPTIONS);
  const problem = checkDocument(doc, split.head);
  if (!problem.ok || (problem.hasAliases && !withinAliasCap(doc))) return undefined;
  const checked = checkRoot(doc);
  if (!checked.ok) return undefined;
  const items: Item[] = [];
  for (const chunk of split.items) {
    const item = readChunk(chunk);
    if (!item) return undefined;
    items.push(item);
  }
  return { ok: true, list: { items, functionConfig: functionConfigOf(doc, checked.root) } };
}

/** Parses a ResourceList; the message of a failure is one line fit for stderr. */
export function readResourceList(text: string): ReadResult {
  if (text.trim() === '') return { ok: false, parsed: false, message: 'no input: expected a ResourceList on stdin' };
  if (text.includes('\u0000')) return { ok: false, parsed: false, message: 'input is not YAML or JSON text (it contains NUL bytes)' };
  // The split path only ever succeeds; every doubt (and every error message) goes through the whole document.
  return readSplit(text) ?? readWhole(text);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable order independent of input order, so permuted input gives byte-identical output. */
export function compareItems(a: Item, b: Item): number {
  const ha = a.header;
  const hb = b.header;
  return (
    compare(ha.path, hb.path) ||
    compare(ha.index.padStart(8, '0'), hb.index.padStart(8, '0')) ||
    compare(ha.apiVersion, hb.apiVersion) ||
    compare(ha.kind, hb.kind) ||
    compare(ha.namespace, hb.namespace) ||
    compare(ha.name, hb.name)
  );
}

/**
 * Items are written in a different order than they came, so an alias may not point into another item:
 * such aliases are replaced by a copy of the value they stand for (same value, no shared anchor), and
 * anchors that only served them are dropped, so the output does not depend on the input order.
 */
function detachCrossItemAliases(doc: Document, items: YAMLMap[]): void {
  const detached = new Set<Node>();
  for (const item of items) {
    const anchors = new Set<string>();
    visit(item, {
      Node(_, node) {
        if (node.anchor) anchors.add(node.anchor);
      },
      Alias(_, alias) {
        if (anchors.has(alias.source)) return;
        const target = alias.resolve(doc);
        if (!isNode(target)) return;
        detached.add(target);
        const copy = target.clone() as Node;
        visit(copy, {
          Node(__, n) {
            n.anchor = undefined;
          },
        });
        return copy;
      },
    });
  }
  if (detached.size === 0) return;
  const stillUsed = new Set<string>();
  for (const item of items) visit(item, { Alias: (_, alias) => void stillUsed.add(alias.source) });
  for (const target of detached) if (target.anchor && !stillUsed.has(target.anchor)) target.anchor = undefined;
}

export interface WriteInput {
  keep: Item[];
  generated: object[];
  results: object[];
}

function objectText(value: object): string {
  return emitYaml(value as Plain[] | { [key: string]: Plain });
}

/** Writes the output ResourceList: pass-through items in a stable order, then the generated objects. */
export function writeResourceList({ keep, generated, results }: WriteInput): string {
  const parts = [`apiVersion: ${OUTPUT_API_VERSION}\nkind: ResourceList\n`];
  const ordered = [...keep].sort(compareItems);
  if (ordered.length + generated.length === 0) parts.push('items: []\n');
  else {
    parts.push('items:\n');
    for (const item of ordered) parts.push(item.block);
    for (const obj of generated) parts.push(asListElement(objectText(obj)));
  }
  if (results.length > 0) parts.push(objectText({ results }));
  return parts.join('');
}
