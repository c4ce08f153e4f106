/**
 * Labels and metadata shared by all generated objects; every builder goes through `objectMeta`. The
 * managed-by label marks the function's output, but anyone can set it: a re-run replaces only labelled
 * objects that are also ones the function generates (src/krm/generated-objects.ts).
 */
import { FUNCTION_NAME, LABELS, LABEL_VALUES } from '../constants';
import type { ObjectMeta, StringMap } from './types';

/** Code-unit order, not locale order: output must not depend on the machine rendering it. */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedMap(map: StringMap): StringMap {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => byKey(a, b)));
}

/**
 * User-supplied entries first, then the function's own: the function's labels win, because the selector,
 * the managed-by marker and the checksum must not be overridable by settings. Sorted for stable output.
 */
export function mergeOwnLast(user: StringMap, own: StringMap): StringMap {
  return sortedMap({ ...user, ...own });
}

/** The labels on every object of one component (Kyma's convention with our managed-by value). */
export function componentLabels(name: string, component: string): StringMap {
  return sortedMap({
    [LABELS.name]: name,
    [LABELS.component]: component,
    [LABELS.managedBy]: LABEL_VALUES.managedBy,
    [LABELS.partOf]: LABEL_VALUES.partOf,
  });
}

/** The selector of a component's pods; only the name label, as in Kyma, so label additions never break it. */
export function selectorLabels(name: string): StringMap {
  return { [LABELS.name]: name };
}

/** Metadata with conventional key order; empty annotations are left out rather than written as `{}`. */
export function objectMeta(
  name: string,
  namespace: string | undefined,
  labels: StringMap,
  annotations: StringMap = {},
): ObjectMeta {
  const meta: ObjectMeta = { name };
  if (namespace !== undefined) meta.namespace = namespace;
  meta.labels = sortedMap(labels);
  if (Object.keys(annotations).length > 0) meta.annotations = sortedMap(annotations);
  return meta;
}

/** True when the object carries the label this function puts on everything it generates; alone, no proof of origin. */
export function isGeneratedByFunction(labels: StringMap | undefined): boolean {
  return labels?.[LABELS.managedBy] === FUNCTION_NAME;
}
