/**
 * Identity of the gateway pods. The only API access the gateway needs is k8s_attributes' pod metadata
 * lookup: pods, namespaces and nodes, plus replicasets to resolve a pod's Deployment. Kyma's ClusterRole also
 * lists its own CRDs (kymastats receiver) and leases (leader election); neither receiver runs here.
 */
import { GATEWAY } from '../../constants';
import type { GatewayPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import { clusterRoleBindingFor, RBAC_API_VERSION, readVerbs } from '../rbac';
import type { ClusterRole, ClusterRoleBinding, ServiceAccount } from '../types';

const { clusterMeta: gatewayClusterMeta, meta: gatewayMeta } = componentMeta(GATEWAY);

export function gatewayServiceAccount(plan: GatewayPlan): ServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: gatewayMeta(plan.settings, GATEWAY.name) };
}

export function gatewayClusterRole(): ClusterRole {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'ClusterRole',
    metadata: gatewayClusterMeta(GATEWAY.name),
    rules: [
      { apiGroups: [''], resources: ['namespaces', 'nodes', 'pods'], verbs: readVerbs() },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: readVerbs() },
    ],
  };
}

export function gatewayClusterRoleBinding(plan: GatewayPlan): ClusterRoleBinding {
  return clusterRoleBindingFor(gatewayClusterMeta(GATEWAY.name), GATEWAY.name, plan.settings.namespace);
}
