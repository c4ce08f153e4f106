/** Labels and metadata of the metric agent's objects. */
import { AGENT } from '../../constants';
import type { Settings } from '../../api/function-config';
import { componentLabels, objectMeta, selectorLabels } from '../metadata';
import type { ObjectMeta, StringMap } from '../types';

export function agentLabels(): StringMap {
  return componentLabels(AGENT.name, AGENT.component);
}

export function agentSelector(): StringMap {
  return selectorLabels(AGENT.name);
}

/** Metadata of a namespaced agent object with the standard labels plus `extraLabels`. */
export function agentMeta(settings: Settings, name: string, extraLabels: StringMap = {}, annotations: StringMap = {}): ObjectMeta {
  return objectMeta(name, settings.namespace, { ...extraLabels, ...agentLabels() }, annotations);
}

/** Cluster-scoped objects carry no namespace (the API server would drop it and GitOps tools see drift). */
export function agentClusterMeta(name: string): ObjectMeta {
  return objectMeta(name, undefined, agentLabels());
}
