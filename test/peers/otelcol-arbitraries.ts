/**
 * fast-check generators for valid MetricPipeline sets that together use every field of the API (v1beta1 and
 * v1alpha1) and every functionConfig setting that reaches a collector config, for the real-collector checks
 * (otelcol-validate.test.ts). Unlike test/robustness/arbitraries.ts, which stresses the ResourceList edge,
 * these aim at the configs: inputs with their namespaces, diagnostic and Envoy metrics, runtime resources and
 * additional metrics, every output option (basic, OAuth2, headers, TLS with PEMs, path, compression,
 * temporality) and OTTL from a corpus the function accepts.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RUNTIME_RESOURCES } from '../../src/api/metricpipeline-codec';
import { RUNTIME_ADDITIONAL_METRICS } from '../../src/api/runtime-metric-catalog';
import { REPO_ROOT } from '../support/run-fn';

const SECRET = { name: 'pipeline-secrets', namespace: 'kyma-system' } as const;
const pem = (file: string) => readFileSync(path.join(REPO_ROOT, 'fixtures', 'certs', file), 'utf8');

/** Transform entries the function accepts, using editors and converters of every kind the catalog has. */
export const TRANSFORMS: readonly { statements: string[]; conditions?: string[] }[] = [
  { statements: ['set(resource.attributes["deployment.environment"], "production")'] },
  { statements: ['set(resource.attributes["team"], "a$b")'], conditions: ['metric.name != ""'] },
  { statements: ['delete_key(datapoint.attributes, "pid")', 'delete_matching_keys(datapoint.attributes, "^tmp_")'] },
  { statements: ['keep_keys(resource.attributes, ["service.name", "k8s.namespace.name"])'] },
  { statements: ['replace_pattern(metric.name, "^(.*)$", "app_$1")'], conditions: ['IsMatch(metric.name, "^requests")'] },
  { statements: ['convert_sum_to_gauge() where metric.name == "system.processes.count"'] },
  { statements: ['convert_gauge_to_sum("cumulative", false) where metric.name == "prometheus_metric"'] },
  { statements: ['scale_metric(0.001, "s") where metric.name == "latency_ms"'] },
  { statements: ['set(datapoint.attributes["key"], Concat([resource.attributes["k8s.namespace.name"], metric.name], "/"))'] },
  { statements: ['truncate_all(datapoint.attributes, 256)', 'limit(datapoint.attributes, 10, ["http.method"])'] },
  { statements: ['set(metric.description, "Sum") where metric.type == METRIC_DATA_TYPE_SUM'] },
  { statements: ['set(datapoint.attributes["host"], ToLowerCase(resource.attributes["host.name"]))'] },
  { statements: ['copy_metric(name="requests_copy") where metric.name == "requests"'] },
  { statements: ['aggregate_on_attributes("sum", ["service.name"]) where metric.name == "requests_total"'] },
  { statements: ['extract_sum_metric(true) where metric.name == "latency"', 'extract_count_metric(true) where metric.name == "latency"'] },
  { statements: ['set(resource.attributes["pod.hash"], SHA256(resource.attributes["k8s.pod.name"]))'] },
  { statements: ['merge_maps(datapoint.attributes, ParseJSON(datapoint.attributes["json"]), "upsert") where datapoint.attributes["json"] != nil'] },
  { statements: ['replace_all_patterns(datapoint.attributes, "value", "[0-9]{16}", "****")'] },
  { statements: ['convert_summary_count_val_to_sum("delta", true) where metric.name == "rpc"'] },
  { statements: ['set(scope.attributes["origin"], "kyma")', 'set(resource.attributes["x"], Format("%s-%d", [resource.attributes["a"], 1]))'] },
];

/** Filter entries the function accepts (Kyma evaluates them on data points). */
export const FILTERS: readonly { conditions: string[] }[] = [
  { conditions: ['IsMatch(metric.name, "^debug_.*$")'] },
  { conditions: ['metric.type == METRIC_DATA_TYPE_SUMMARY'] },
  { conditions: ['datapoint.attributes["env"] == "dev"', 'resource.attributes["k8s.namespace.name"] == "test"'] },
  { conditions: ['IsString(datapoint.attributes["x"]) and Len(datapoint.attributes["x"]) > 100'] },
  { conditions: ['datapoint.value_double < 0 or datapoint.flags == FLAG_NO_RECORDED_VALUE'] },
  { conditions: ['HasPrefix(metric.name, "go_") and not(IsMatch(resource.attributes["service.name"], "keep"))'] },
];

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const namespaces = fc.uniqueArray(label, { minLength: 1, maxLength: 3 });
const selector = fc.oneof(fc.constant(undefined), fc.constant({}), namespaces.map((include) => ({ include })), namespaces.map((exclude) => ({ exclude })));
const enabled = fc.option(fc.boolean().map((e) => ({ enabled: e })), { nil: undefined });

type Json = Record<string, unknown>;
type SecretValues = Record<string, string>;

function definedKeys(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** One pipeline's raw fields; `secret` collects the values it reads from the shared Secret. */
function pipelineFields(name: string) {
  return fc.record({
    alpha: fc.boolean(),
    protocol: fc.constantFrom('grpc', 'http'),
    plaintext: fc.boolean(),
    path: fc.constantFrom(undefined, '/v1/metrics', '/otlp/v1/metrics'),
    auth: fc.constantFrom('none', 'basic', 'oauth2'),
    scopes: fc.subarray(['metrics.write', 'tenant:$default', 'a,b']),
    params: fc.subarray(['audience', 'resource']),
    headers: fc.uniqueArray(fc.constantFrom('X-Tenant', 'X-Api-Key', 'Authorization'), { maxLength: 2 }),
    prefix: fc.constantFrom(undefined, 'Bearer', 'Api-Token'),
    tls: fc.constantFrom('none', 'insecure', 'skip-verify', 'ca', 'mtls'),
    compression: fc.constantFrom(undefined, 'none', 'gzip', 'snappy', 'zstd'),
    temporality: fc.constantFrom(undefined, 'preserve', 'delta'),
    otlp: fc.record({ on: fc.option(fc.boolean(), { nil: undefined }), namespaces: selector }),
    prometheus: fc.option(fc.record({ enabled: fc.boolean(), namespaces: selector, diagnostic: enabled }), { nil: undefined }),
    istio: fc.option(fc.record({ enabled: fc.boolean(), namespaces: selector, diagnostic: enabled, envoy: enabled }), { nil: undefined }),
    runtime: fc.option(
      fc.record({
        enabled: fc.boolean(),
        namespaces: selector,
        resources: fc.subarray([...RUNTIME_RESOURCES]).chain((rs) => fc.tuple(...rs.map((r) => fc.boolean().map((e) => [r, { enabled: e }] as const)))),
        additional: fc.subarray([...RUNTIME_ADDITIONAL_METRICS], { maxLength: 6 }),
      }),
      { nil: undefined },
    ),
    transform: fc.subarray([...TRANSFORMS], { maxLength: 3 }),
    filter: fc.subarray([...FILTERS], { maxLength: 2 }),
    inline: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  }).map((f) => ({ name, ...f }));
}

type Fields = ReturnType<typeof pipelineFields> extends fc.Arbitrary<infer T> ? T : never;

function pipelineObject(f: Fields, secret: SecretValues): Json {
  let n = 0;
  /** Inline or from the Secret, as the pre-drawn booleans say (so the object is a pure function of `f`). */
  const v = (key: string, value: string): Json => {
    if (f.inline[n++ % f.inline.length]) return { value };
    secret[`${f.name}-${key}`] = value;
    return { valueFrom: { secretKeyRef: { ...SECRET, key: `${f.name}-${key}` } } };
  };
  // OAuth2 over gRPC must not send plaintext, and client certificates need TLS.
  const plaintext = f.plaintext && !(f.auth === 'oauth2' && f.protocol === 'grpc') && f.tls !== 'ca' && f.tls !== 'mtls';
  const host = `${f.name}.backend.example.com`;
  const endpoint = `${plaintext ? 'http' : 'https'}://${host}:${f.protocol === 'grpc' ? 4317 : 4318}`;
  const otlp: Json = { protocol: f.protocol, endpoint: v('endpoint', endpoint) };
  if (f.protocol === 'http' && f.path !== undefined) otlp['path'] = f.path;
  if (f.auth === 'basic') otlp['authentication'] = { basic: { user: v('user', 'writer'), password: v('password', 'p$ss${env:HOME}') } };
  if (f.auth === 'oauth2') {
    otlp['authentication'] = {
      oauth2: {
        tokenURL: v('token-url', 'https://auth.example.com/oauth2/token'),
        clientID: v('client-id', 'otel'),
        clientSecret: v('client-secret', 's$cr3t'),
        ...(f.scopes.length > 0 ? { scopes: f.scopes } : {}),
        ...(f.params.length > 0 ? { params: Object.fromEntries(f.params.map((p) => [p, `${p}-value,2`])) } : {}),
      },
    };
  }
  const headers = f.headers.filter((h) => !(h === 'Authorization' && f.auth === 'basic'));
  if (headers.length > 0) otlp['headers'] = headers.map((h) => ({ name: h, ...(f.prefix ? { prefix: f.prefix } : {}), ...v(`header-${h.toLowerCase()}`, `tok$n-${h}`) }));
  if (f.tls === 'insecure' && !(f.auth === 'oauth2' && f.protocol === 'grpc')) otlp['tls'] = { insecure: true };
  if (f.tls === 'skip-verify') otlp['tls'] = { insecureSkipVerify: true };
  if (f.tls === 'ca') otlp['tls'] = { ca: v('ca', pem('valid-ca.pem')) };
  if (f.tls === 'mtls') otlp['tls'] = { ca: v('ca', pem('valid-ca.pem')), cert: v('cert', pem('valid-cert.pem')), key: v('key', pem('valid-key.pem')) };
  if (f.compression !== undefined && !f.alpha) otlp['compression'] = f.compression;
  if (f.temporality !== undefined) otlp['temporality'] = f.temporality;

  const input: Json = {};
  if (f.otlp.on !== undefined || f.otlp.namespaces !== undefined) {
    input['otlp'] = definedKeys({
      ...(f.otlp.on === undefined ? {} : f.alpha ? { disabled: !f.otlp.on } : { enabled: f.otlp.on }),
      namespaces: f.otlp.namespaces,
    });
  }
  if (f.prometheus) input['prometheus'] = definedKeys({ enabled: f.prometheus.enabled, namespaces: f.prometheus.namespaces, diagnosticMetrics: f.prometheus.diagnostic });
  if (f.istio) {
    input['istio'] = definedKeys({
      enabled: f.istio.enabled,
      namespaces: f.istio.namespaces,
      diagnosticMetrics: f.istio.diagnostic,
      envoyMetrics: f.istio.envoy,
    });
  }
  if (f.runtime) {
    input['runtime'] = definedKeys({
      enabled: f.runtime.enabled,
      namespaces: f.runtime.namespaces,
      resources: f.runtime.resources.length > 0 ? Object.fromEntries(f.runtime.resources) : undefined,
      additionalMetrics: f.runtime.additional.length > 0 ? f.runtime.additional : undefined,
    });
  }
  const spec: Json = { ...(Object.keys(input).length > 0 ? { input } : {}), output: { otlp } };
  if (f.transform.length > 0) spec['transform'] = f.transform;
  if (f.filter.length > 0) spec['filter'] = f.filter;
  return {
    apiVersion: `telemetry.kyma-project.io/${f.alpha ? 'v1alpha1' : 'v1beta1'}`,
    kind: 'MetricPipeline',
    metadata: { name: f.name },
    spec,
  };
}

const functionConfig = fc
  .record({
    namespace: fc.constantFrom(undefined, 'telemetry'),
    clusterName: fc.constantFrom(undefined, 'eu-prod', 'we"ird $cluster'),
    istio: fc.constantFrom(undefined, 'true', 'false'),
    interval: fc.constantFrom(undefined, '15s', '1m'),
    runtimeInterval: fc.constantFrom(undefined, '2m30s'),
  })
  .map((c) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'fn-config' },
    data: definedKeys({
      maxPipelines: '0',
      statusImage: 'registry.example.com/metricpipeline-fn:1',
      namespace: c.namespace,
      clusterName: c.clusterName,
      istio: c.istio,
      collectionInterval: c.interval,
      runtimeCollectionInterval: c.runtimeInterval,
    }) as Record<string, string>,
  }));

export interface PipelineSetCase {
  items: Json[];
  functionConfig: Json;
}

/** 1 to 4 pipelines, the Secret they read from, and a functionConfig. */
export const pipelineSet: fc.Arbitrary<PipelineSetCase> = fc
  .uniqueArray(label, { minLength: 1, maxLength: 4 })
  .chain((names) => fc.tuple(fc.tuple(...names.map(pipelineFields)), functionConfig))
  .map(([fields, config]) => {
    const secret: SecretValues = {};
    const pipelines = fields.map((f) => pipelineObject(f, secret));
    const items = [...pipelines];
    if (Object.keys(secret).length > 0) items.push({ apiVersion: 'v1', kind: 'Secret', metadata: { ...SECRET }, type: 'Opaque', stringData: secret });
    return { items, functionConfig: config };
  });
