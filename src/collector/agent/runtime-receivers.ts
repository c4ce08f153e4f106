/**
 * The runtime input's receivers: kubeletstats (pod, container, node and volume usage from the agent's own
 * kubelet) and k8s_cluster (workload state from the API server). Every agent runs k8s_cluster, but only the
 * holder of the lease collects, so cluster metrics are reported once (k8s_leader_elector).
 *
 * Both receivers collect what the union of the pipelines asks for (resources and additional metrics); each
 * pipeline drops what it did not ask for in the gateway. Metrics no pipeline wants are switched off in the
 * receivers, so they are never collected at all.
 */
import type { RuntimeResource } from '../../api/model';
import {
  CLUSTER_DEFAULTS,
  CLUSTER_DEFAULTS_OFF,
  KUBELET_DEFAULTS,
  KUBELET_DEFAULTS_OFF,
  KUBELET_GROUPS,
  isClusterMetric,
  isKubeletMetric,
  kubeletGroupOf,
  type KubeletGroup,
} from '../../api/runtime-metric-catalog';
import { AGENT, ENV, PORTS } from '../../constants';
import { envRef } from '../../plan/env-vars';
import type { RuntimeCollection } from '../../plan/types';
import { TYPES } from '../distribution';
import type { EnabledToggles, ExtensionComponent, ReceiverComponent } from '../types';

export const LEADER_ELECTOR_ID = TYPES.k8sLeaderElector;

/** The lease in the agent's namespace (the Role grants access there only). */
export function leaderElector(namespace: string): ExtensionComponent {
  return {
    kind: 'extension',
    id: LEADER_ELECTOR_ID,
    config: { auth_type: 'serviceAccount', lease_name: AGENT.leaseName, lease_namespace: namespace },
  };
}

function toggles(off: readonly string[], on: readonly string[]): EnabledToggles {
  const out: EnabledToggles = {};
  for (const m of off) out[m] = { enabled: false };
  for (const m of on) out[m] = { enabled: true };
  return out;
}

/**
 * A group is collected when a pipeline enables its resource or lists one of its metrics. In the second case
 * the group's defaults are switched off, so only the listed metrics are collected.
 */
function kubeletGroups(collection: RuntimeCollection): { groups: KubeletGroup[]; silenced: KubeletGroup[] } {
  const wanted = new Set(collection.additionalMetrics.filter(isKubeletMetric).map(kubeletGroupOf));
  const groups = KUBELET_GROUPS.filter((g) => collection.resources[g] || wanted.has(g));
  return { groups, silenced: groups.filter((g) => !collection.resources[g]) };
}

/**
 * Whether any pipeline wants something from the kubelet. Without a metric group the kubeletstats receiver
 * would still call the kubelet every interval and throw the answer away (Kyma renders it anyway).
 */
export function collectsKubeletStats(collection: RuntimeCollection): boolean {
  return kubeletGroups(collection).groups.length > 0;
}

/** Whether the receivers deliver volume metrics, which the agent then limits to PVC-backed volumes. */
export function collectsVolumes(collection: RuntimeCollection): boolean {
  return kubeletGroups(collection).groups.includes('volume');
}

export function kubeletStatsReceiver(collection: RuntimeCollection, interval: string): ReceiverComponent {
  const { groups, silenced } = kubeletGroups(collection);
  const additional = collection.additionalMetrics.filter(isKubeletMetric);
  const off = [...KUBELET_DEFAULTS_OFF, ...silenced.flatMap((g) => KUBELET_DEFAULTS[g])].filter((m) => !additional.includes(m));
  return {
    kind: 'receiver',
    id: TYPES.kubeletStatsReceiver,
    config: {
      collection_interval: interval,
      auth_type: 'serviceAccount',
      endpoint: `https://${envRef(ENV.nodeName)}:${PORTS.kubelet}`,
      // The kubelet's serving certificate is usually self-signed and not issued for the node name.
      insecure_skip_verify: true,
      metric_groups: groups,
      metrics: toggles(off, additional),
      // Deprecated upstream and empty on supported Kubernetes versions (Kyma).
      resource_attributes: toggles(['aws.volume.id', 'fs.type', 'gce.pd.name', 'glusterfs.endpoints.name', 'glusterfs.path', 'partition'], []),
      // The volume type is how the agent tells PVC-backed volumes from configMap, secret and the like.
      extra_metadata_labels: ['k8s.volume.type'],
      // Every interface, so that the virtual ones can be told apart and dropped (filter/drop-virtual-network-interfaces).
      collect_all_network_interfaces: { node: true },
      // node and k8s_api_config: node capacity for the *.node.utilization additional metrics.
      node: envRef(ENV.nodeName),
      k8s_api_config: { auth_type: 'serviceAccount' },
    },
  };
}

const CLUSTER_RESOURCES = Object.keys(CLUSTER_DEFAULTS) as RuntimeResource[];

export function k8sClusterReceiver(collection: RuntimeCollection, interval: string): ReceiverComponent {
  const additional = collection.additionalMetrics.filter(isClusterMetric);
  const unused = CLUSTER_RESOURCES.filter((r) => !collection.resources[r]).flatMap((r) => CLUSTER_DEFAULTS[r] ?? []);
  const off = [...CLUSTER_DEFAULTS_OFF, ...unused].filter((m) => !additional.includes(m));
  return {
    kind: 'receiver',
    id: TYPES.k8sClusterReceiver,
    config: {
      auth_type: 'serviceAccount',
      collection_interval: interval,
      // No per-condition metrics (k8s.node.condition_ready, ...): node conditions are the additional metric
      // k8s.node.condition.
      node_conditions_to_report: [],
      metrics: toggles(off, additional),
      k8s_leader_elector: LEADER_ELECTOR_ID,
    },
  };
}
