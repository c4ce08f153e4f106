/**
 * Identity of the agent pods. The ClusterRole grants read access to exactly what the components of the
 * enabled inputs read, and nothing for inputs no pipeline uses:
 *
 * - always: k8s_attributes resolves this node's pods to their namespace, node and workload
 *   (pods, namespaces, nodes; replicasets to find a pod's Deployment).
 * - prometheus: service discovery of annotated Pods and Services (role pod and role endpoints).
 * - istio: service discovery of the sidecars (role pod).
 * - runtime: kubelet_stats calls the node's kubelet (nodes/stats; nodes/pods for pod and volume metadata,
 *   nodes/proxy on kubelets without fine-grained authorization) and resolves PVC-backed volumes; k8s_cluster
 *   watches the workload kinds it reports (its informers need all of them, whatever metrics are enabled).
 *
 * The Role lets the agents elect the one that runs k8s_cluster; it exists only with the runtime input.
 */
import { AGENT } from '../../constants';
import type { AgentPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import { clusterRoleBindingFor, RBAC_API_VERSION, readVerbs, roleBindingFor } from '../rbac';
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, ServiceAccount } from '../types';

const { clusterMeta: agentClusterMeta, meta: agentMeta } = componentMeta(AGENT);

/** API group -> resources the enabled inputs read. */
function readAccess(plan: AgentPlan): Map<string, Set<string>> {
  const access = new Map<string, Set<string>>();
  const grant = (group: string, ...resources: string[]) => {
    const set = access.get(group) ?? new Set<string>();
    for (const r of resources) set.add(r);
    access.set(group, set);
  };
  grant('', 'namespaces', 'nodes', 'pods');
  grant('apps', 'replicasets');
  if (plan.inputs.prometheus) grant('', 'endpoints', 'services');
  if (plan.inputs.runtime !== undefined) {
    grant('', 'persistentvolumeclaims', 'persistentvolumes', 'replicationcontrollers', 'resourcequotas', 'services');
    grant('apps', 'daemonsets', 'deployments', 'statefulsets');
    grant('batch', 'cronjobs', 'jobs');
    grant('autoscaling', 'horizontalpodautoscalers');
    // k8s.service.endpoint.count counts EndpointSlices.
    grant('discovery.k8s.io', 'endpointslices');
  }
  return access;
}

/** Fixed group order, sorted resources: the rules must not reorder between runs. */
const GROUP_ORDER = ['', 'apps', 'batch', 'autoscaling', 'discovery.k8s.io'];

export function agentClusterRole(plan: AgentPlan): ClusterRole {
  const access = readAccess(plan);
  const rules: PolicyRule[] = GROUP_ORDER.filter((g) => access.has(g)).map((group) => ({
    apiGroups: [group],
    resources: [...access.get(group)!].sort(),
    verbs: readVerbs(),
  }));
  if (plan.inputs.runtime !== undefined) {
    // Kubelet API authorization maps GET /stats/summary to nodes/stats and GET /pods to nodes/pods
    // (fine-grained kubelet authorization) or, on older kubelets, nodes/proxy.
    rules.push({ apiGroups: [''], resources: ['nodes/pods', 'nodes/proxy', 'nodes/stats'], verbs: ['get'] });
  }
  return { apiVersion: RBAC_API_VERSION, kind: 'ClusterRole', metadata: agentClusterMeta(AGENT.name), rules };
}

export function agentServiceAccount(plan: AgentPlan): ServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: agentMeta(plan.settings, AGENT.name) };
}

export function agentClusterRoleBinding(plan: AgentPlan): ClusterRoleBinding {
  return clusterRoleBindingFor(agentClusterMeta(AGENT.name), AGENT.name, plan.settings.namespace);
}

/**
 * The leader-election lease. k8s_leader_elector runs client-go leader election with a Lease lock and no
 * event recorder, which gets, creates and updates (renews, releases) that one lease and does nothing else;
 * Kyma and the extension's README grant list, watch, patch and delete as well. Creating cannot be limited
 * to a name (the name is not known when a create is authorized), the rest can.
 */
export function agentLeaseRole(plan: AgentPlan): Role | undefined {
  if (plan.inputs.runtime === undefined) return undefined;
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'Role',
    metadata: agentMeta(plan.settings, AGENT.name),
    rules: [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [AGENT.leaseName], verbs: ['get', 'update'] },
    ],
  };
}

export function agentLeaseRoleBinding(plan: AgentPlan): RoleBinding | undefined {
  if (plan.inputs.runtime === undefined) return undefined;
  return roleBindingFor(agentMeta(plan.settings, AGENT.name), AGENT.name, plan.settings.namespace);
}
