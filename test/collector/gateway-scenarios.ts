/**
 * The gateway scenarios with golden files: one MetricPipeline feature each, so a golden diff points at
 * the feature that changed.
 */
import type { Settings } from '../../src/api/function-config';
import type { MetricPipeline } from '../../src/api/model';
import { GRPC_OUTPUT, metricPipeline } from './fixtures';

export interface GatewayScenario {
  /** Golden file name under test/golden/collector/ (without .yaml). */
  name: string;
  description: string;
  pipelines: () => MetricPipeline[];
  settings?: Partial<Settings>;
}

const secretRef = (key: string) => `{valueFrom: {secretKeyRef: {name: backend, namespace: default, key: ${key}}}}`;

export const GATEWAY_SCENARIOS: GatewayScenario[] = [
  {
    name: 'gateway-single-grpc',
    description: 'one gRPC pipeline with defaults',
    pipelines: () => [metricPipeline('backend', GRPC_OUTPUT)],
  },
  {
    name: 'gateway-http-path-basic-headers',
    description: 'HTTP with a path, basic authentication and headers (one with a prefix)',
    pipelines: () => [
      metricPipeline(
        'http-backend',
        `output:
  otlp:
    protocol: http
    endpoint: {value: "https://otlp.example.com/api"}
    path: /v1/custom-metrics
    authentication:
      basic:
        user: ${secretRef('user')}
        password: ${secretRef('password')}
    headers:
      - {name: X-Tenant, value: acme}
      - {name: X-Api-Key, prefix: Bearer, valueFrom: {secretKeyRef: {name: backend, namespace: default, key: token}}}
    compression: zstd`,
      ),
    ],
  },
  {
    name: 'gateway-oauth2',
    description: 'OAuth2 client credentials with scopes and parameters (one with a $)',
    pipelines: () => [
      metricPipeline(
        'oauth',
        `output:
  otlp:
    protocol: http
    endpoint: {value: "https://otlp.example.com"}
    authentication:
      oauth2:
        tokenURL: {value: "https://auth.example.com/oauth2/token"}
        clientID: ${secretRef('client-id')}
        clientSecret: ${secretRef('client-secret')}
        scopes: [metrics.write, "tenant:$default"]
        params: {resource: "https://metrics.example.com", audience: otel}`,
      ),
    ],
  },
  {
    name: 'gateway-tls',
    description: 'mutual TLS with CA, certificate and key from a Secret',
    pipelines: () => [
      metricPipeline(
        'mtls',
        `${GRPC_OUTPUT}
    tls:
      insecureSkipVerify: true
      ca: ${secretRef('ca')}
      cert: ${secretRef('cert')}
      key: ${secretRef('key')}`,
      ),
    ],
  },
  {
    name: 'gateway-otlp-input-disabled',
    description: 'OTLP input disabled (the pipeline only wants what the agent pulls)',
    pipelines: () => [
      metricPipeline(
        'runtime-only',
        `input:
  otlp: {enabled: false}
  runtime: {enabled: true}
${GRPC_OUTPUT}`,
      ),
    ],
  },
  {
    name: 'gateway-otlp-namespace-include',
    description: 'OTLP input limited to two namespaces',
    pipelines: () => [
      metricPipeline(
        'apps',
        `input:
  otlp:
    namespaces: {include: [apps, monitoring]}
${GRPC_OUTPUT}`,
      ),
    ],
  },
  {
    name: 'gateway-otlp-namespace-exclude',
    description: 'OTLP input without two namespaces',
    pipelines: () => [
      metricPipeline(
        'no-system',
        `input:
  otlp:
    namespaces: {exclude: [kube-system, istio-system]}
${GRPC_OUTPUT}`,
      ),
    ],
  },
  {
    name: 'gateway-transform-filter',
    description: 'user transform and filter whose regular expressions contain $',
    pipelines: () => [
      metricPipeline(
        'custom',
        `transform:
  - conditions: ['IsMatch(metric.name, "^http_.*_total$")']
    statements: ['set(resource.attributes["deployment.environment"], "prod")']
  - statements: ['replace_pattern(metric.name, "^app_(.*)$", "$1")']
filter:
  - conditions: ['IsMatch(metric.name, "^go_.*$")', 'metric.type == METRIC_DATA_TYPE_SUMMARY']
${GRPC_OUTPUT}`,
      ),
    ],
  },
  {
    name: 'gateway-delta-temporality',
    description: 'delta temporality',
    pipelines: () => [
      metricPipeline(
        'dynatrace',
        `${GRPC_OUTPUT}
    temporality: delta`,
      ),
    ],
  },
  {
    name: 'gateway-three-pipelines',
    description: 'three pipelines share the queue budget (256 / 3 = 85) and are rendered by name',
    pipelines: () => [
      metricPipeline('c-prod', GRPC_OUTPUT),
      metricPipeline(
        'a-http',
        `output:
  otlp:
    protocol: http
    endpoint: {value: "http://collector.observability:4318"}`,
      ),
      metricPipeline(
        'b-apps',
        `input:
  otlp:
    namespaces: {include: [apps]}
${GRPC_OUTPUT}`,
      ),
    ],
  },
  {
    name: 'gateway-cluster-name',
    description: 'cluster name configured in the function settings',
    pipelines: () => [metricPipeline('backend', GRPC_OUTPUT)],
    settings: { clusterName: 'prod-eu-1' },
  },
  {
    name: 'gateway-extract-pod-labels',
    description: "pod labels copied onto metrics by key and by prefix (Kyma's extractPodLabels)",
    pipelines: () => [metricPipeline('backend', GRPC_OUTPUT)],
    settings: { extractPodLabels: [{ key: 'app.kubernetes.io/part-of' }, { keyPrefix: 'team.example.com/' }] },
  },
];
