/**
 * All Kubernetes objects of the metric agent, in a fixed order, annotated to land in one kpt file
 * (generated/telemetry-metric-agent.yaml). Pure: the same plan and config always give the same objects.
 */
import { AGENT } from '../constants';
import type { AgentPlan } from '../plan/types';
import { agentConfigMap, agentConfigMapData } from './agent/config';
import { agentDaemonSet } from './agent/daemonset';
import { agentMetricsNetworkPolicy, agentNetworkPolicy } from './agent/network-policies';
import { agentClusterRole, agentClusterRoleBinding, agentLeaseRole, agentLeaseRoleBinding, agentServiceAccount } from './agent/rbac';
import { agentMetricsService } from './agent/services';
import { configChecksum } from './checksum';
import { withKptPaths } from './kpt-path';
import type { KubeObject } from './types';

/** The kpt file all agent objects are written to, inside GENERATED_DIR. */
export const AGENT_FILE = `${AGENT.name}.yaml`;

/**
 * `configYaml` is the rendered collector config (ConfigMap key relay.conf). Order: identity, config,
 * workload, Service, NetworkPolicies.
 */
export function buildAgentObjects(plan: AgentPlan, configYaml: string): KubeObject[] {
  const checksum = configChecksum(agentConfigMapData(configYaml), {});
  return withKptPaths<KubeObject>(
    [
      agentServiceAccount(plan),
      agentClusterRole(plan),
      agentClusterRoleBinding(plan),
      agentLeaseRole(plan),
      agentLeaseRoleBinding(plan),
      agentConfigMap(plan, configYaml),
      agentDaemonSet(plan, checksum),
      agentMetricsService(plan),
      agentNetworkPolicy(plan),
      agentMetricsNetworkPolicy(plan),
    ],
    AGENT_FILE,
  );
}
