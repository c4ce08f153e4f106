/**
 * Component type names of the pinned collector (COLLECTOR in src/constants.ts: otelcol-k8s 0.141.0), per kind.
 *
 * `TYPES` holds every type the function emits, named as 0.141.0 knows them: the OTLP exporters are `otlp`
 * and `otlphttp` (core renamed them `otlp_grpc`/`otlp_http` in 0.144.0), and contrib components carry their
 * original names (`k8sattributes`, `kubeletstats`, `cgroupruntime`); the snake_case spellings of later
 * releases are unknown types to 0.141.0. The otelcol-k8s manifest at tag v0.141.0
 * (opentelemetry-collector-releases, distributions/otelcol-k8s/manifest.yaml) contains the module of every
 * one of them, and the tests' real collector (test/peers/collector/manifest.yaml) is built from the same
 * modules at the same release; test/peers/otelcol-validate.test.ts runs `otelcol validate` over every config
 * the tests render. Why 0.141.0: test/peers/collector/manifest.yaml.
 */
import type { ComponentKind } from './types';

export const TYPES = {
  otlpReceiver: 'otlp',
  prometheusReceiver: 'prometheus',
  kubeletStatsReceiver: 'kubeletstats',
  k8sClusterReceiver: 'k8s_cluster',
  memoryLimiter: 'memory_limiter',
  batch: 'batch',
  k8sAttributes: 'k8sattributes',
  transform: 'transform',
  filter: 'filter',
  cumulativeToDelta: 'cumulativetodelta',
  otlpGrpcExporter: 'otlp',
  otlpHttpExporter: 'otlphttp',
  forward: 'forward',
  routing: 'routing',
  healthCheck: 'health_check',
  pprof: 'pprof',
  cgroupRuntime: 'cgroupruntime',
  oauth2Client: 'oauth2client',
  bearerTokenAuth: 'bearertokenauth',
  basicAuth: 'basicauth',
  k8sLeaderElector: 'k8s_leader_elector',
} as const;

/** The types the function emits, per kind (each one is in TYPES). */
export const DISTRIBUTION_COMPONENTS: Readonly<Record<ComponentKind, readonly string[]>> = {
  receiver: [TYPES.otlpReceiver, TYPES.prometheusReceiver, TYPES.kubeletStatsReceiver, TYPES.k8sClusterReceiver],
  processor: [TYPES.memoryLimiter, TYPES.batch, TYPES.k8sAttributes, TYPES.transform, TYPES.filter, TYPES.cumulativeToDelta],
  exporter: [TYPES.otlpGrpcExporter, TYPES.otlpHttpExporter],
  connector: [TYPES.forward, TYPES.routing],
  extension: [TYPES.healthCheck, TYPES.pprof, TYPES.cgroupRuntime, TYPES.oauth2Client, TYPES.bearerTokenAuth, TYPES.basicAuth, TYPES.k8sLeaderElector],
};

/**
 * Type names the pinned collector still accepts but logs as deprecated: none in 0.141.0. The table stays so
 * that the next pin lists its aliases here and the tests' checker refuses them.
 */
export const DEPRECATED_TYPE_ALIASES: Readonly<Record<ComponentKind, Readonly<Record<string, string>>>> = {
  receiver: {},
  processor: {},
  exporter: {},
  connector: {},
  extension: {},
};

/** The type part of a component id: `otlp/metricpipeline-a` -> `otlp`. */
export function componentType(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}
