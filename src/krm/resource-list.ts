/**
 * ResourceList I/O on the `yaml` Document API. Items the function does not generate are kept as parsed
 * nodes and written back as they came, so values keep their spelling; only what the function needs is
 * converted to plain objects.
 */
import { Document, isMap, isNode, isSeq, parseDocument, visit, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { PARSE_OPTIONS, STRINGIFY_OPTIONS } from './yaml-options';

export const OUTPUT_API_VERSION = 'config.kubernetes.io/v1';
const ACCEPTED_API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1', 'config.kubernetes.io/v1alpha1'];

export const PATH_ANNOTATION = 'internal.config.kubernetes.io/path';
export const INDEX_ANNOTATION = 'internal.config.kubernetes.io/index';
const LEGACY_PATH_ANNOTATION = 'config.kubernetes.io/path';
const LEGACY_INDEX_ANNOTATION = 'config.kubernetes.io/index';

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
  node: YAMLMap;
  header: ItemHeader;
}

export interface ResourceList {
  doc: Document;
  items: Item[];
  functionConfig: unknown;
}

export type ReadResult = { ok: true; list: ResourceList } | { ok: false; message: string; doc?: Document };

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

function firstError(doc: Document): string {
  const e = doc.errors[0]!;
  const pos = e.linePos?.[0];
  const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
  const what = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return `input is not valid YAML${where}: ${what}`;
}

function quoted(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null) return 'null';
  return typeof value === 'object' ? 'a collection' : String(value);
}

/** The yaml parser accepts an alias without an anchor and fails only when the value is used. */
function danglingAlias(doc: Document): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === undefined) {
        found = alias.source;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Parses a ResourceList; the message of a failure is one line fit for stderr. */
export function readResourceList(text: string): ReadResult {
  if (text.trim() === '') return { ok: false, message: 'no input: expected a ResourceList on stdin' };
  if (text.includes('\u0000')) return { ok: false, message: 'input is not YAML or JSON text (it contains NUL bytes)' };
  let doc: Document;
  try {
    doc = parseDocument(text, PARSE_OPTIONS);
  } catch {
    return { ok: false, message: 'input is not valid YAML' };
  }
  if (doc.errors.length > 0) return { ok: false, message: firstError(doc) };
  const dangling = danglingAlias(doc);
  if (dangling !== undefined) return { ok: false, message: `input is not valid YAML: alias *${dangling} has no anchor before it` };
  const root = doc.contents;
  if (!isMap(root)) return { ok: false, message: 'input is not a ResourceList: expected a mapping with kind: ResourceList' };
  const kind = root.get('kind');
  const apiVersion = root.get('apiVersion');
  if (kind !== 'ResourceList' || typeof apiVersion !== 'string' || !ACCEPTED_API_VERSIONS.includes(apiVersion)) {
    return {
      ok: false,
      doc,
      message: `input is not a ResourceList: got kind ${quoted(kind)} apiVersion ${quoted(apiVersion)}, expected kind ResourceList apiVersion ${ACCEPTED_API_VERSIONS.join(' or ')}`,
    };
  }
  const itemsNode = root.get('items', true);
  if (itemsNode === undefined || (itemsNode as { value?: unknown }).value === null) {
    return { ok: false, doc, message: 'ResourceList.items is required (an empty list is fine)' };
  }
  if (!isSeq(itemsNode)) return { ok: false, doc, message: 'ResourceList.items must be a list' };
  const items: Item[] = [];
  for (let i = 0; i < itemsNode.items.length; i++) {
    const node = itemsNode.items[i];
    if (!isMap(node)) return { ok: false, doc, message: `ResourceList.items[${i}] must be an object` };
    items.push({ node, header: header(node) });
  }
  const fc = root.get('functionConfig', true) as Node | undefined;
  const functionConfig = fc === undefined ? undefined : fc.toJS(doc, TO_JS);
  return { ok: true, list: { doc, items, functionConfig } };
}

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

/** Converts one item to a plain object (only for items the function reads). */
export function itemToJs(list: ResourceList, item: Item): Record<string, unknown> {
  return item.node.toJS(list.doc, TO_JS) as Record<string, unknown>;
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
function detachCrossItemAliases(doc: Document, items: Item[]): void {
  const detached = new Set<Node>();
  for (const item of items) {
    const anchors = new Set<string>();
    visit(item.node, {
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
  for (const item of items) visit(item.node, { Alias: (_, alias) => void stillUsed.add(alias.source) });
  for (const target of detached) if (target.anchor && !stillUsed.has(target.anchor)) target.anchor = undefined;
}

export interface WriteInput {
  /** The parsed document to write into (keeps anchors and scalar spelling), or none when input was unusable. */
  doc?: Document;
  keep: Item[];
  generated: object[];
  results: object[];
}

/**
 * Writes the output ResourceList. Comments are dropped on purpose: kpt and kustomize copy them back onto
 * items by id, and echoing them would duplicate them (kpt#4211).
 */
export function writeResourceList({ doc, keep, generated, results }: WriteInput): string {
  const out = doc ?? new Document({}, PARSE_OPTIONS);
  const items = out.createNode([]) as YAMLSeq;
  const ordered = [...keep].sort(compareItems);
  if (doc) detachCrossItemAliases(doc, ordered);
  for (const item of ordered) items.items.push(item.node);
  // Builders share objects (labels, selectors); they must not turn into anchors and aliases.
  for (const obj of generated) items.items.push(out.createNode(obj, { aliasDuplicateObjects: false }));
  const root = out.createNode({ apiVersion: OUTPUT_API_VERSION, kind: 'ResourceList' }) as YAMLMap;
  root.set('items', items);
  if (results.length > 0) root.set('results', out.createNode(results, { aliasDuplicateObjects: false }));
  out.contents = root;
  out.commentBefore = null;
  out.comment = null;
  visit(out, {
    Node(_, node) {
      node.comment = undefined;
      node.commentBefore = undefined;
    },
  });
  const text = out.toString(STRINGIFY_OPTIONS);
  return text;
}
