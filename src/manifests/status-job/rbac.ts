/**
 * Identity and permissions of the status job: exactly the calls of src/status/cluster/api.ts, narrowed to
 * the named objects wherever the verb allows it (`get`/`update` can be, `list`/`create` cannot).
 * Cluster-wide only what is cluster-scoped (MetricPipelines); everything else is a Role in the namespace.
 * test/status/job/rbac.test.ts compares these rules with the requests the job actually makes.
 */
import type { Settings } from '../../api/function-config';
import { AGENT, GATEWAY, STATUS_JOB, TELEMETRY_GROUP } from '../../constants';
import { componentMeta } from '../metadata';
import { clusterRoleBindingFor, RBAC_API_VERSION, roleBindingFor } from '../rbac';
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, ServiceAccount } from '../types';

const { clusterMeta: statusClusterMeta, meta: statusMeta } = componentMeta(STATUS_JOB);

/** Functions, not shared constants: a sub-object used twice would be written as a YAML anchor and alias. */
export function clusterRules(): PolicyRule[] {
  return [
    // list: every pipeline's spec and status; get: re-read one after a write conflict.
    { apiGroups: [TELEMETRY_GROUP], resources: ['metricpipelines'], verbs: ['get', 'list'] },
    { apiGroups: [TELEMETRY_GROUP], resources: ['metricpipelines/status'], verbs: ['patch'] },
  ];
}

export function namespaceRules(): PolicyRule[] {
  return [
    // The gateway ConfigMap holds what the function rendered; the job's own keeps state between runs.
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [GATEWAY.name, STATUS_JOB.stateConfigMap], verbs: ['get'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [STATUS_JOB.stateConfigMap], verbs: ['update'] },
    // Creating cannot be narrowed to a name (the object does not exist yet).
    { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    // Why a workload is not ready (label selector; list cannot be narrowed to names).
    { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [GATEWAY.name], verbs: ['get'] },
    { apiGroups: ['apps'], resources: ['daemonsets'], resourceNames: [AGENT.name], verbs: ['get'] },
    // The collectors' pod addresses, by the metrics Services' label kubernetes.io/service-name.
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list'] },
  ];
}

export function statusServiceAccount(settings: Settings): ServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: statusMeta(settings) };
}

export function statusClusterRole(): ClusterRole {
  return { apiVersion: RBAC_API_VERSION, kind: 'ClusterRole', metadata: statusClusterMeta(), rules: clusterRules() };
}

export function statusClusterRoleBinding(settings: Settings): ClusterRoleBinding {
  return clusterRoleBindingFor(statusClusterMeta(), STATUS_JOB.name, settings.namespace);
}

export function statusRole(settings: Settings): Role {
  return { apiVersion: RBAC_API_VERSION, kind: 'Role', metadata: statusMeta(settings), rules: namespaceRules() };
}

export function statusRoleBinding(settings: Settings): RoleBinding {
  return roleBindingFor(statusMeta(settings), STATUS_JOB.name, settings.namespace);
}
