/**
 * Component types available in the pinned distribution (COLLECTOR: otelcol-k8s 0.159.0), per kind.
 * Only types confirmed by the distribution manifest as summarized in the reference
 * (otel-collector.md §1.7, type names per §0 and §1) are listed; a type missing here is reported by the
 * structural checker and must be confirmed against the manifest before it is emitted.
 */
import type { ComponentKind } from './types';

export const DISTRIBUTION_COMPONENTS: Readonly<Record<ComponentKind, readonly string[]>> = {
  receiver: ['otlp', 'prometheus', 'kubelet_stats', 'k8s_cluster', 'k8s_objects', 'file_log'],
  processor: [
    'memory_limiter',
    'batch',
    'k8s_attributes',
    'resource',
    'transform',
    'filter',
    'cumulativetodelta',
    'deltatocumulative',
    'resource_detection',
  ],
  exporter: ['otlp_grpc', 'otlp_http', 'debug', 'loadbalancing'],
  connector: ['forward', 'routing'],
  extension: [
    'health_check',
    'pprof',
    'cgroup_runtime',
    'oauth2client',
    'k8s_leader_elector',
    'basicauth',
    'bearertokenauth',
    'headers_setter',
    'file_storage',
  ],
};

/**
 * Old type names the collector still accepts but logs as deprecated (otel-collector.md §0). The function
 * never emits them: the checker reports them with the current name.
 */
export const DEPRECATED_TYPE_ALIASES: Readonly<Record<ComponentKind, Readonly<Record<string, string>>>> = {
  receiver: { kubeletstats: 'kubelet_stats', filelog: 'file_log', k8sobjects: 'k8s_objects' },
  processor: { k8sattributes: 'k8s_attributes', resourcedetection: 'resource_detection' },
  exporter: { otlp: 'otlp_grpc', otlphttp: 'otlp_http' },
  connector: {},
  extension: {},
};

/** The type part of a component id: `otlp_grpc/metricpipeline-a` -> `otlp_grpc`. */
export function componentType(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}
