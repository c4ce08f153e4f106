/** Labels and metadata of the gateway's objects. */
import { GATEWAY } from '../../constants';
import type { Settings } from '../../api/function-config';
import { componentLabels, objectMeta, selectorLabels } from '../metadata';
import type { ObjectMeta, StringMap } from '../types';

export function gatewayLabels(): StringMap {
  return componentLabels(GATEWAY.name, GATEWAY.component);
}

export function gatewaySelector(): StringMap {
  return selectorLabels(GATEWAY.name);
}

/** Metadata of a namespaced gateway object with the standard labels plus `extraLabels`. */
export function gatewayMeta(settings: Settings, name: string, extraLabels: StringMap = {}, annotations: StringMap = {}): ObjectMeta {
  return objectMeta(name, settings.namespace, { ...extraLabels, ...gatewayLabels() }, annotations);
}

/**
 * Metadata of a cluster-scoped gateway object. No namespace: the API server would drop it, and GitOps tools
 * would then report the object as drifted.
 */
export function gatewayClusterMeta(name: string): ObjectMeta {
  return objectMeta(name, undefined, gatewayLabels());
}
