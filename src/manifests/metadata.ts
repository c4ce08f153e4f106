/**
 * Labels and metadata shared by all generated objects; every builder gets them from `componentMeta`. The
 * managed-by label marks the function's output, but anyone can set it: a re-run replaces only labelled
 * objects that are also ones the function generates (src/krm/generated-objects.ts).
 */
import type { Settings } from '../api/function-config';
import { FUNCTION_NAME, LABELS, LABEL_VALUES } from '../constants';
import { sortedMap } from '../core/order';
import type { ObjectMeta, StringMap } from './types';

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
function selectorLabels(name: string): StringMap {
  return { [LABELS.name]: name };
}

/** Metadata with conventional key order; empty annotations are left out rather than written as `{}`. */
function objectMeta(
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

/** A component the function renders: the gateway, the agent, the status job (GATEWAY, AGENT, STATUS_JOB). */
interface ComponentName {
  name: string;
  component: string;
}

/** Labels, pod selector and object metadata of one component's objects. */
export function componentMeta(of: ComponentName) {
  const labels = (): StringMap => componentLabels(of.name, of.component);
  return {
    labels,
    selector: (): StringMap => selectorLabels(of.name),
    /** A namespaced object with the component's labels plus `extraLabels` (the component's win). */
    meta: (settings: Settings, name: string = of.name, extraLabels: StringMap = {}, annotations: StringMap = {}): ObjectMeta =>
      objectMeta(name, settings.namespace, { ...extraLabels, ...labels() }, annotations),
    /** A cluster-scoped object: no namespace, which the API server would drop and GitOps tools see as drift. */
    clusterMeta: (name: string = of.name): ObjectMeta => objectMeta(name, undefined, labels()),
  };
}

/** True when the object carries the label this function puts on everything it generates; alone, no proof of origin. */
export function isGeneratedByFunction(labels: StringMap | undefined): boolean {
  return labels?.[LABELS.managedBy] === FUNCTION_NAME;
}
