/** A minimal normalized MetricPipeline for OTTL validation tests. */
import type { FilterSpec, MetricPipeline, TransformSpec } from '../../src/api/model';

export function pipelineWith(transform: TransformSpec[], filter: FilterSpec[] = []): MetricPipeline {
  const namespaces = {};
  return {
    name: 'backend',
    ref: { apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', name: 'backend' },
    input: {
      otlp: { enabled: true, namespaces },
      prometheus: { enabled: false, namespaces, diagnosticMetrics: false },
      istio: { enabled: false, namespaces, diagnosticMetrics: false, envoyMetrics: false },
      runtime: {
        enabled: false,
        namespaces,
        resources: { pod: false, container: false, node: false, volume: false, statefulset: false, deployment: false, daemonset: false, job: false },
        additionalMetrics: [],
      },
    },
    output: {
      protocol: 'grpc',
      endpoint: { value: 'https://backend.example.com:4317' },
      headers: [],
      compression: 'gzip',
      temporality: 'preserve',
    },
    transform,
    filter,
  };
}
