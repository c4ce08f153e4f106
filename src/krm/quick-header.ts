/**
 * Reads an item's identifying fields straight from its lines, for the common case of plain block YAML,
 * so that items the function only passes through are never parsed into a tree. It accepts only lines
 * whose meaning is beyond doubt (simple keys, and values that every YAML reader takes for the same
 * string) and gives up on anything else; the caller then parses the item.
 */
import { isPlainSafe } from '../yaml/emit-yaml';
import type { ItemHeader } from './resource-list';

const KEY_LINE = /^( *)([A-Za-z][A-Za-z0-9_.\/-]*):(?: (.*))?$/;

/** A scalar that reads as the same string everywhere: plain-safe, or simply quoted. */
function simpleScalar(raw: string): string | undefined {
  const v = raw.trim();
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'") && !v.slice(1, -1).includes("'")) return v.slice(1, -1);
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"') && !/["\\]/.test(v.slice(1, -1))) return v.slice(1, -1);
  return isPlainSafe(v) ? v : undefined;
}

interface Line {
  indent: number;
  key: string;
  value: string | undefined;
}

function lines(text: string): Line[] | undefined {
  const out: Line[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const m = KEY_LINE.exec(raw);
    if (!m) {
      out.push({ indent: raw.length - raw.trimStart().length, key: '', value: undefined });
      continue;
    }
    out.push({ indent: m[1]!.length, key: m[2]!, value: m[3] });
  }
  return out;
}

/** A literal or folded block scalar's header without an explicit indentation indicator (`|`, `>-`, ...). */
const BLOCK_HEADER = /^[|>][-+]?$/;

/**
 * The `key: value` children of the map that starts after line `at`, or undefined if not that simple.
 * `skippable` keys may hold a block scalar instead: kustomize writes `kustomize.config.k8s.io/id: |` on every
 * item it sends, and the header never needs that value. Its lines are skipped when they are all at least as
 * indented as its first line (anything else is for the parser to judge); the value is not recorded.
 */
function simpleMap(all: Line[], at: number, indent: number, text: string, skippable: (key: string) => boolean = () => false): { map: Record<string, string>; end: number } | undefined {
  const map: Record<string, string> = {};
  let i = at + 1;
  for (; i < all.length && all[i]!.indent > indent; i++) {
    const line = all[i]!;
    if (line.indent !== indent + 2 || line.key === '' || line.value === undefined) return undefined;
    if (BLOCK_HEADER.test(line.value.trim()) && skippable(line.key)) {
      // Whitespace-only lines are not in `all`; before a block's first line they may be an error, so decline.
      if (/^ +$/m.test(text)) return undefined;
      const inner = all[i + 1]?.indent ?? 0;
      while (i + 1 < all.length && all[i + 1]!.indent > indent + 2) {
        if (all[i + 1]!.indent < inner) return undefined;
        i++;
      }
      continue;
    }
    const v = simpleScalar(line.value);
    if (v === undefined) return undefined;
    map[line.key] = v;
  }
  return { map, end: i };
}

export function quickHeader(text: string, annotationKeys: { path: readonly string[]; index: readonly string[] }): ItemHeader | undefined {
  const all = lines(text);
  if (!all || all.length === 0) return undefined;
  const base = all[0]!.indent;
  const top: Record<string, string> = {};
  let metadata: { name?: string; namespace?: string; labels: Record<string, string>; annotations: Record<string, string> } | undefined;
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (line.indent > base) continue; // inside a top-level value other than metadata
    if (line.indent < base || line.key === '') return undefined;
    if (line.key in top || (line.key === 'metadata' && metadata)) return undefined; // duplicate keys: let the parser judge
    if (line.key === 'apiVersion' || line.key === 'kind') {
      const v = line.value === undefined ? undefined : simpleScalar(line.value);
      if (v === undefined) return undefined;
      top[line.key] = v;
    } else if (line.key === 'metadata') {
      if (line.value !== undefined) return undefined;
      metadata = { labels: {}, annotations: {} };
      let j = i + 1;
      while (j < all.length && all[j]!.indent > base) {
        const m = all[j]!;
        if (m.indent !== base + 2 || m.key === '') return undefined;
        if (m.key === 'labels' || m.key === 'annotations') {
          if (m.value !== undefined) return undefined;
          const needed = [...annotationKeys.path, ...annotationKeys.index];
          const map = simpleMap(all, j, base + 2, text, m.key === 'annotations' ? (key) => !needed.includes(key) : undefined);
          if (!map) return undefined;
          metadata[m.key] = map.map;
          j = map.end;
          continue;
        }
        if (m.value === undefined) return undefined;
        if (m.key === 'name' || m.key === 'namespace') {
          const v = simpleScalar(m.value);
          if (v === undefined) return undefined;
          metadata[m.key] = v;
        } else if (m.value.trim() === '' || /^[&*!|>]/.test(m.value.trim())) {
          return undefined; // a nested block or something to resolve: not simple
        }
        j++;
      }
      i = j - 1;
    }
  }
  if (top['apiVersion'] === undefined || top['kind'] === undefined || !metadata) return undefined;
  const pick = (keys: readonly string[]) => keys.map((k) => metadata!.annotations[k]).find((v) => v !== undefined) ?? '';
  return {
    apiVersion: top['apiVersion'],
    kind: top['kind'],
    name: metadata.name ?? '',
    namespace: metadata.namespace ?? '',
    path: pick(annotationKeys.path),
    index: pick(annotationKeys.index),
    labels: metadata.labels,
  };
}
