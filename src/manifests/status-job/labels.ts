/** Labels and metadata of the status job's objects. */
import type { Settings } from '../../api/function-config';
import { STATUS_JOB } from '../../constants';
import { componentLabels, objectMeta } from '../metadata';
import type { ObjectMeta, StringMap } from '../types';

export function statusLabels(): StringMap {
  return componentLabels(STATUS_JOB.name, STATUS_JOB.component);
}

export function statusMeta(settings: Settings, name: string = STATUS_JOB.name): ObjectMeta {
  return objectMeta(name, settings.namespace, statusLabels());
}

/** Cluster-scoped objects carry no namespace: the API server would drop it and GitOps tools see drift. */
export function statusClusterMeta(name: string = STATUS_JOB.name): ObjectMeta {
  return objectMeta(name, undefined, statusLabels());
}
