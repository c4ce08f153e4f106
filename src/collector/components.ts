/**
 * One builder per shared collector component. Settings follow Kyma's gateway (<= 1.62) unless a comment
 * says otherwise, so that load, memory and batching behave like the component users migrate from.
 * Builders that carry OTTL escape `$` themselves, so callers pass plain OTTL text.
 */
import type { PodLabelSelector } from '../api/function-config';
import { ENV, GATEWAY_GRPC_KEEPALIVE, PORTS } from '../constants';
import { envRef, escapeDollar } from '../plan/env-vars';
import { TYPES } from './distribution';
import type {
  ComponentId,
  ConnectorComponent,
  CumulativeToDeltaConfig,
  ExtensionComponent,
  K8sAttributesConfig,
  K8sAttributesTagRule,
  FilterConditions,
  OttlStatementGroup,
  ProcessorComponent,
  ReceiverComponent,
  RoutingConnectorConfig,
} from './types';

const POD_IP = envRef(ENV.podIp);

// ---------------------------------------------------------------------------------------------- receivers

/**
 * OTLP on both protocols, bound to the pod IP: the collector's default is localhost since v0.110. gRPC
 * connections end after `maxConnectionAge` (GATEWAY_GRPC_KEEPALIVE says why).
 */
export function otlpReceiver(maxConnectionAge: string): ReceiverComponent {
  const keepalive = { server_parameters: { max_connection_age: maxConnectionAge, max_connection_age_grace: GATEWAY_GRPC_KEEPALIVE.maxConnectionAgeGrace } };
  return {
    kind: 'receiver',
    id: 'otlp',
    config: {
      protocols: {
        grpc: { endpoint: `${POD_IP}:${PORTS.otlpGrpc}`, keepalive },
        http: { endpoint: `${POD_IP}:${PORTS.otlpHttp}` },
      },
    },
  };
}

// --------------------------------------------------------------------------------------------- processors

/** Refuses data (receivers report `refused`) before the container's memory limit is reached. */
export function memoryLimiter(): ProcessorComponent {
  return {
    kind: 'processor',
    id: 'memory_limiter',
    config: { check_interval: '1s', limit_percentage: 75, spike_limit_percentage: 15 },
  };
}

/** 1024 per batch keeps OTLP messages below the 4 MiB gRPC message limit common at backends. */
export function batch(): ProcessorComponent {
  return {
    kind: 'processor',
    id: 'batch',
    config: { send_batch_size: 1024, timeout: '10s', send_batch_max_size: 1024 },
  };
}

/** The workload metadata Kyma adds; the service-name fallback (enrichment.ts) reads several of them. */
export const K8S_METADATA = [
  'k8s.pod.name',
  'k8s.node.name',
  'k8s.namespace.name',
  'k8s.deployment.name',
  'k8s.statefulset.name',
  'k8s.daemonset.name',
  'k8s.cronjob.name',
  'k8s.job.name',
] as const;

/** Temporary attributes carrying the app labels for the service-name fallback; dropped before export. */
export const APP_NAME_ATTRIBUTES = {
  kubernetesIoName: 'kyma.kubernetes_io_app_name',
  app: 'kyma.app_name',
} as const;

export interface K8sAttributesOptions {
  /**
   * Set for collectors that run once per node (the agent) so that each instance watches only its node's
   * pods. The gateway is a Deployment that receives data from every node, so it must not filter.
   */
  nodeFromEnvVar?: string;
  /** Pod labels copied onto the data as `k8s.pod.label.<key>` (Kyma's extractPodLabels). */
  podLabels?: readonly PodLabelSelector[];
}

const regexQuote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Kyma's mapping: a key matches exactly, a prefix matches every key it starts; `$0` names the attribute after
 * the whole key. Written `$$` because the collector expands `$` in every config string.
 */
function podLabelRule(selector: PodLabelSelector): K8sAttributesTagRule {
  const keyRegex = 'key' in selector ? `(^${regexQuote(selector.key)}$)` : `(${regexQuote(selector.keyPrefix)}.*)`;
  return { from: 'pod', key_regex: escapeDollar(keyRegex), tag_name: escapeDollar('k8s.pod.label.$0') };
}

export function k8sAttributes(options: K8sAttributesOptions = {}): ProcessorComponent {
  const config: K8sAttributesConfig = {
    auth_type: 'serviceAccount',
    passthrough: false,
    ...(options.nodeFromEnvVar !== undefined ? { filter: { node_from_env_var: options.nodeFromEnvVar } } : {}),
    extract: {
      metadata: [...K8S_METADATA],
      labels: [
        { from: 'pod', key: 'app.kubernetes.io/name', tag_name: APP_NAME_ATTRIBUTES.kubernetesIoName },
        { from: 'pod', key: 'app', tag_name: APP_NAME_ATTRIBUTES.app },
        { from: 'node', key: 'topology.kubernetes.io/region', tag_name: 'cloud.region' },
        { from: 'node', key: 'topology.kubernetes.io/zone', tag_name: 'cloud.availability_zone' },
        { from: 'node', key: 'node.kubernetes.io/instance-type', tag_name: 'host.type' },
        { from: 'node', key: 'kubernetes.io/arch', tag_name: 'host.arch' },
        ...(options.podLabels ?? []).map(podLabelRule),
      ],
    },
    // Senders usually set k8s.pod.ip or k8s.pod.uid; otherwise the peer address identifies the pod.
    pod_association: [
      { sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] },
      { sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] },
      { sources: [{ from: 'connection' }] },
    ],
  };
  return { kind: 'processor', id: TYPES.k8sAttributes, config };
}

/**
 * A transform processor over metrics. Every statement and condition is `$`-escaped here, the one place
 * where OTTL text enters the config. `error_mode: ignore` so that one bad data point never blocks a batch.
 */
export function transformProcessor(id: ComponentId, groups: OttlStatementGroup[]): ProcessorComponent {
  return {
    kind: 'processor',
    id,
    config: {
      error_mode: 'ignore',
      metric_statements: groups.map((g) => {
        const group: OttlStatementGroup = { statements: g.statements.map(escapeDollar) };
        if (g.conditions !== undefined && g.conditions.length > 0) group.conditions = g.conditions.map(escapeDollar);
        return group;
      }),
    },
  };
}

/**
 * A filter processor over metrics; `$` is escaped here as in `transformProcessor`. The pinned filter processor
 * (0.141.0) has no context inference (`metric_conditions` came later): it takes one list of conditions per
 * context (`metrics.resource`, `metrics.metric`, `metrics.datapoint`) and drops the resource, metric or data
 * point for which any condition of its context is true. Each caller names the context its conditions mean.
 * Prefixed paths of higher contexts (`resource.attributes[...]`, `metric.name`) are understood in every lower
 * context; a context's own paths carry its prefix (`datapoint.attributes[...]`) like everywhere else.
 */
export function filterProcessor(id: ComponentId, conditions: FilterConditions): ProcessorComponent {
  const metrics: FilterConditions = {};
  for (const context of FILTER_CONTEXTS) {
    const list = conditions[context];
    if (list !== undefined && list.length > 0) metrics[context] = list.map(escapeDollar);
  }
  if (Object.keys(metrics).length === 0) throw new Error(`internal: filter processor ${id} without conditions`);
  return { kind: 'processor', id, config: { error_mode: 'ignore', metrics } };
}

/** The filter processor's metric contexts, in the order it evaluates them (resource first). */
export const FILTER_CONTEXTS = ['resource', 'metric', 'datapoint'] as const;

/**
 * How long the gateway keeps the last value of a series it no longer hears from. Without a bound it keeps
 * every series forever and its memory grows with series churn (pods come and go). Five minutes outlasts the
 * longest usual push or scrape interval (SDKs export every 60 s by default), so live series never lose state.
 */
export const CUMULATIVE_TO_DELTA_MAX_STALENESS = '5m';

export function cumulativeToDelta(): ProcessorComponent {
  const config: CumulativeToDeltaConfig = { max_staleness: CUMULATIVE_TO_DELTA_MAX_STALENESS, initial_value: 'auto' };
  return { kind: 'processor', id: 'cumulativetodelta', config };
}

// --------------------------------------------------------------------------------------------- connectors

/** Joins the pipeline that exports to it with the pipelines that receive from it. */
export function forwardConnector(id: ComponentId): ConnectorComponent {
  return { kind: 'connector', id, config: {} };
}

/**
 * Sends each resource to the pipelines of the first table entry whose statement matches, else to
 * `default_pipelines`. Statements are `$`-escaped here like other OTTL.
 */
export function routingConnector(id: ComponentId, config: RoutingConnectorConfig): ConnectorComponent {
  return {
    kind: 'connector',
    id,
    config: {
      default_pipelines: [...config.default_pipelines],
      error_mode: config.error_mode,
      table: config.table.map((entry) => ({ statement: escapeDollar(entry.statement), pipelines: [...entry.pipelines] })),
    },
  };
}

// --------------------------------------------------------------------------------------------- extensions

/** Bound to the pod IP so that kubelet probes reach it (the default is localhost). */
export function healthCheck(): ExtensionComponent {
  return { kind: 'extension', id: 'health_check', config: { endpoint: `${POD_IP}:${PORTS.healthCheck}` } };
}

/** Loopback only: profiles are for `kubectl port-forward`, never for the network. */
export function pprof(): ExtensionComponent {
  return { kind: 'extension', id: 'pprof', config: { endpoint: `127.0.0.1:${PORTS.pprof}` } };
}

/**
 * Sets the Go memory limit (GOMEMLIMIT) to 80 % of the container's memory limit so the garbage collector
 * works harder before memory_limiter has to refuse data. GOMAXPROCS stays untouched, as in Kyma: the
 * collectors set no CPU limit by default, so there is nothing to derive it from.
 */
export function cgroupRuntime(): ExtensionComponent {
  return {
    kind: 'extension',
    id: TYPES.cgroupRuntime,
    config: { gomaxprocs: { enabled: false }, gomemlimit: { enabled: true, ratio: 0.8 } },
  };
}
