/**
 * The metrics the runtime input collects, per MetricPipeline resource, and the names `additionalMetrics`
 * may list. Kyma's lists (telemetry-manager `internal/otelcollector/config/metricagent/kubeletstats_metrics.go`,
 * `k8scluster_metrics.go` and Kyma's runtime-metrics documentation), so that pipelines written for Kyma
 * collect the same metrics here. kubeletstats and k8s_cluster are the two receivers behind the input.
 * Here in src/api because the names are part of the API: validation accepts exactly these.
 */
import type { RuntimeResource } from './model';

/** kubeletstats groups (`metric_groups`); the other resources come from k8s_cluster only. */
export type KubeletGroup = 'container' | 'pod' | 'node' | 'volume';
export const KUBELET_GROUPS: readonly KubeletGroup[] = ['container', 'pod', 'node', 'volume'];

/** What kubeletstats emits for an enabled resource (Kyma's curated defaults). */
export const KUBELET_DEFAULTS: Readonly<Record<KubeletGroup, readonly string[]>> = {
  container: [
    'container.cpu.time',
    'container.cpu.usage',
    'container.filesystem.available',
    'container.filesystem.capacity',
    'container.filesystem.usage',
    'container.memory.available',
    'container.memory.major_page_faults',
    'container.memory.page_faults',
    'container.memory.rss',
    'container.memory.usage',
    'container.memory.working_set',
  ],
  pod: [
    'k8s.pod.cpu.time',
    'k8s.pod.cpu.usage',
    'k8s.pod.filesystem.available',
    'k8s.pod.filesystem.capacity',
    'k8s.pod.filesystem.usage',
    'k8s.pod.memory.available',
    'k8s.pod.memory.major_page_faults',
    'k8s.pod.memory.page_faults',
    'k8s.pod.memory.rss',
    'k8s.pod.memory.usage',
    'k8s.pod.memory.working_set',
    'k8s.pod.network.errors',
    'k8s.pod.network.io',
  ],
  node: [
    'k8s.node.cpu.usage',
    'k8s.node.filesystem.available',
    'k8s.node.filesystem.capacity',
    'k8s.node.filesystem.usage',
    'k8s.node.memory.available',
    'k8s.node.memory.rss',
    'k8s.node.memory.usage',
    'k8s.node.memory.working_set',
    'k8s.node.network.errors',
    'k8s.node.network.io',
  ],
  volume: ['k8s.volume.available', 'k8s.volume.capacity', 'k8s.volume.inodes', 'k8s.volume.inodes.free', 'k8s.volume.inodes.used'],
};

/** On by default in kubeletstats but not in Kyma's node defaults: the receiver config turns them off. */
export const KUBELET_DEFAULTS_OFF: readonly string[] = ['k8s.node.cpu.time', 'k8s.node.memory.major_page_faults', 'k8s.node.memory.page_faults'];

/** Off by default in kubeletstats; only collected when a pipeline lists them in additionalMetrics. */
export const KUBELET_OPTIONAL: readonly string[] = [
  'container.uptime',
  'k8s.container.cpu.node.utilization',
  'k8s.container.cpu_limit_utilization',
  'k8s.container.cpu_request_utilization',
  'k8s.container.memory.node.utilization',
  'k8s.container.memory_limit_utilization',
  'k8s.container.memory_request_utilization',
  'k8s.node.uptime',
  'k8s.pod.cpu.node.utilization',
  'k8s.pod.cpu_limit_utilization',
  'k8s.pod.cpu_request_utilization',
  'k8s.pod.memory.node.utilization',
  'k8s.pod.memory_limit_utilization',
  'k8s.pod.memory_request_utilization',
  'k8s.pod.uptime',
  'k8s.pod.volume.usage',
];

/** k8s_cluster metrics of each resource it reports; switched off when no pipeline enables the resource. */
export const CLUSTER_DEFAULTS: Readonly<Partial<Record<RuntimeResource, readonly string[]>>> = {
  pod: ['k8s.pod.phase'],
  container: ['k8s.container.cpu_request', 'k8s.container.cpu_limit', 'k8s.container.memory_request', 'k8s.container.memory_limit', 'k8s.container.restarts'],
  statefulset: ['k8s.statefulset.current_pods', 'k8s.statefulset.desired_pods', 'k8s.statefulset.ready_pods', 'k8s.statefulset.updated_pods'],
  job: ['k8s.job.active_pods', 'k8s.job.desired_successful_pods', 'k8s.job.failed_pods', 'k8s.job.max_parallel_pods', 'k8s.job.successful_pods'],
  deployment: ['k8s.deployment.available', 'k8s.deployment.desired'],
  daemonset: [
    'k8s.daemonset.current_scheduled_nodes',
    'k8s.daemonset.desired_scheduled_nodes',
    'k8s.daemonset.misscheduled_nodes',
    'k8s.daemonset.ready_nodes',
  ],
};

/** On by default in k8s_cluster, always switched off unless a pipeline lists them in additionalMetrics. */
export const CLUSTER_DEFAULTS_OFF: readonly string[] = [
  'k8s.container.storage_request',
  'k8s.container.storage_limit',
  'k8s.container.ephemeralstorage_request',
  'k8s.container.ephemeralstorage_limit',
  'k8s.container.ready',
  'k8s.namespace.phase',
  'k8s.hpa.current_replicas',
  'k8s.hpa.desired_replicas',
  'k8s.hpa.min_replicas',
  'k8s.hpa.max_replicas',
  'k8s.replicaset.available',
  'k8s.replicaset.desired',
  'k8s.replication_controller.available',
  'k8s.replication_controller.desired',
  'k8s.resource_quota.hard_limit',
  'k8s.resource_quota.used',
  'k8s.cronjob.active_jobs',
];

/** Off by default in k8s_cluster. */
export const CLUSTER_OPTIONAL: readonly string[] = [
  'k8s.container.status.reason',
  'k8s.container.status.state',
  'k8s.node.condition',
  'k8s.pod.status_reason',
];

/**
 * In Kyma's allow-list but not in the pinned collector: the kubeletstats and k8s_cluster receivers of
 * contrib 0.141.0 have no such metric and reject the `metrics:` key (the agent would not start), so they are
 * not offered (additionalMetrics naming one is RuntimeAdditionalMetricInvalid). They came with later releases.
 */
export const NOT_IN_PINNED_COLLECTOR: readonly string[] = [
  // kubeletstats 0.141.0
  'k8s.container.ephemeral_storage.usage',
  'k8s.node.system_container.cpu.time',
  'k8s.node.system_container.cpu.usage',
  'k8s.node.system_container.memory.usage',
  'k8s.node.system_container.memory.working_set',
  // k8s_cluster 0.141.0
  'k8s.persistentvolume.status.phase',
  'k8s.persistentvolume.storage.capacity',
  'k8s.persistentvolumeclaim.status.phase',
  'k8s.persistentvolumeclaim.storage.capacity',
  'k8s.persistentvolumeclaim.storage.request',
  'k8s.service.endpoint.count',
  'k8s.service.load_balancer.ingress.count',
];

const KUBELET_ALL = [...KUBELET_GROUPS.flatMap((g) => KUBELET_DEFAULTS[g]), ...KUBELET_DEFAULTS_OFF, ...KUBELET_OPTIONAL];
const CLUSTER_ALL = [...Object.values(CLUSTER_DEFAULTS).flat(), ...CLUSTER_DEFAULTS_OFF, ...CLUSTER_OPTIONAL];

/** Every name `spec.input.runtime.additionalMetrics` accepts (Kyma's allow-list less NOT_IN_PINNED_COLLECTOR), sorted. */
export const RUNTIME_ADDITIONAL_METRICS: readonly string[] = [...new Set([...KUBELET_ALL, ...CLUSTER_ALL])].sort();

export function isKubeletMetric(name: string): boolean {
  return KUBELET_ALL.includes(name);
}

export function isClusterMetric(name: string): boolean {
  return CLUSTER_ALL.includes(name);
}

/**
 * The metric names of one resource, as regular expressions over `metric.name` (Kyma's patterns). A pipeline
 * that switched a resource off drops what matches, except the additional metrics it asked for.
 */
export const RESOURCE_PATTERNS: Readonly<Record<RuntimeResource, string>> = {
  pod: '^k8s[.]pod[.].*',
  container: '(^k8s[.]container[.].*)|(^container[.].*)',
  node: '^k8s[.]node[.].*',
  volume: '^k8s[.]volume[.].*',
  daemonset: '^k8s[.]daemonset[.].*',
  deployment: '^k8s[.]deployment[.].*',
  statefulset: '^k8s[.]statefulset[.].*',
  job: '^k8s[.]job[.].*',
};

/** The resource whose pattern a metric name matches, if any. */
export function resourceOf(metric: string): RuntimeResource | undefined {
  const entry = Object.entries(RESOURCE_PATTERNS).find(([, pattern]) => new RegExp(pattern).test(metric));
  return entry?.[0] as RuntimeResource | undefined;
}

/** The kubeletstats group a kubelet metric needs in `metric_groups`, by Kyma's name patterns. */
export function kubeletGroupOf(metric: string): KubeletGroup | undefined {
  const resource = resourceOf(metric);
  return resource !== undefined && (KUBELET_GROUPS as readonly string[]).includes(resource) ? (resource as KubeletGroup) : undefined;
}

/** What an enabled resource delivers by default, from both receivers. */
export function resourceDefaults(resource: RuntimeResource): readonly string[] {
  const kubelet = (KUBELET_GROUPS as readonly string[]).includes(resource) ? KUBELET_DEFAULTS[resource as KubeletGroup] : [];
  return [...kubelet, ...(CLUSTER_DEFAULTS[resource] ?? [])];
}
