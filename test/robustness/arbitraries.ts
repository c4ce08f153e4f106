/**
 * fast-check generators for ResourceLists: valid MetricPipelines (every option the API has), their
 * Secrets, and unrelated objects full of scalars that YAML 1.1 readers treat specially.
 */
import fc from 'fast-check';

const dnsLabel = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
const namespaces = fc.uniqueArray(dnsLabel, { minLength: 1, maxLength: 3 });
const secretName = 'pipeline-secrets';
const secretNamespace = 'kyma-system';

export interface GeneratedCase {
  items: Record<string, unknown>[];
  functionConfig?: Record<string, unknown>;
}

const valueOrSecret = (key: string, value: string) =>
  fc.constantFrom<Record<string, unknown>>({ value }, { valueFrom: { secretKeyRef: { name: secretName, namespace: secretNamespace, key } } });

const selector = fc.oneof(
  fc.constant(undefined),
  fc.constant({}),
  namespaces.map((include) => ({ include })),
  namespaces.map((exclude) => ({ exclude })),
);

function pipeline(name: string) {
  return fc
    .record({
      protocol: fc.constantFrom('grpc', 'http'),
      endpoint: valueOrSecret(`${name}-endpoint`, ''),
      otlpEnabled: fc.option(fc.boolean(), { nil: undefined }),
      otlpNamespaces: selector,
      prometheus: fc.option(fc.record({ enabled: fc.boolean(), namespaces: selector }), { nil: undefined }),
      runtime: fc.option(fc.record({ enabled: fc.boolean() }), { nil: undefined }),
      basic: fc.option(fc.tuple(valueOrSecret(`${name}-user`, 'user'), valueOrSecret(`${name}-password`, 'pw')), { nil: undefined }),
      headers: fc.uniqueArray(fc.stringMatching(/^X-[A-Z][a-z]{1,6}$/), { maxLength: 2 }),
      prefix: fc.option(fc.constantFrom('Bearer', 'Api-Token'), { nil: undefined }),
      compression: fc.option(fc.constantFrom('none', 'gzip', 'snappy', 'zstd'), { nil: undefined }),
      temporality: fc.option(fc.constantFrom('preserve', 'delta'), { nil: undefined }),
      insecure: fc.option(fc.boolean(), { nil: undefined }),
      transform: fc.boolean(),
      filter: fc.boolean(),
    })
    .map((p) => {
      const host = `${name}.backend.example.com`;
      const endpointValue = p.protocol === 'grpc' ? `https://${host}:4317` : `https://${host}:4318`;
      const endpoint = 'value' in p.endpoint ? { value: endpointValue } : p.endpoint;
      const otlp: Record<string, unknown> = { protocol: p.protocol, endpoint };
      if (p.protocol === 'http') otlp['path'] = '/v1/metrics';
      if (p.basic) otlp['authentication'] = { basic: { user: p.basic[0], password: p.basic[1] } };
      if (p.headers.length > 0) otlp['headers'] = p.headers.map((h) => ({ name: h, value: `v-${h}`, ...(p.prefix ? { prefix: p.prefix } : {}) }));
      if (p.compression) otlp['compression'] = p.compression;
      if (p.temporality) otlp['temporality'] = p.temporality;
      if (p.insecure !== undefined) otlp['tls'] = { insecure: p.insecure };
      const input: Record<string, unknown> = {};
      if (p.otlpEnabled !== undefined || p.otlpNamespaces !== undefined) {
        input['otlp'] = { ...(p.otlpEnabled !== undefined ? { enabled: p.otlpEnabled } : {}), ...(p.otlpNamespaces ? { namespaces: p.otlpNamespaces } : {}) };
      }
      if (p.prometheus) input['prometheus'] = { enabled: p.prometheus.enabled, ...(p.prometheus.namespaces ? { namespaces: p.prometheus.namespaces } : {}) };
      if (p.runtime) input['runtime'] = p.runtime;
      const spec: Record<string, unknown> = { input, output: { otlp } };
      if (p.transform) spec['transform'] = [{ statements: ['set(resource.attributes["team"], "a$b")'], conditions: ['metric.name != ""'] }];
      if (p.filter) spec['filter'] = [{ conditions: ['IsMatch(metric.name, "^debug_.*$")'] }];
      return { apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', metadata: { name }, spec };
    });
}

function secretFor(pipelines: Record<string, unknown>[]): Record<string, unknown> {
  const stringData: Record<string, string> = {};
  for (const p of pipelines) {
    const name = (p['metadata'] as { name: string }).name;
    const protocol = ((p['spec'] as { output: { otlp: { protocol: string } } }).output.otlp.protocol);
    stringData[`${name}-endpoint`] = protocol === 'grpc' ? `https://${name}.secret.example.com:4317` : `https://${name}.secret.example.com:4318`;
    stringData[`${name}-user`] = 'secret-user';
    stringData[`${name}-password`] = 'secret-password';
  }
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: secretNamespace }, type: 'Opaque', stringData };
}

/** Objects that must come out exactly as they went in. */
export const otherObject = fc
  .record({
    name: dnsLabel,
    kind: fc.constantFrom('ConfigMap', 'Service', 'ShopSettings'),
    values: fc.dictionary(dnsLabel, fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constantFrom('0755', 'yes', '2021-01-01', '1.10', 'null', '~', '${env:X}'))),
  })
  .map(({ name, kind, values }) => ({
    apiVersion: kind === 'ShopSettings' ? 'example.com/v1' : 'v1',
    kind,
    metadata: { name: `${kind.toLowerCase()}-${name}`, namespace: 'apps', labels: { app: name } },
    ...(kind === 'ConfigMap' ? { data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) } : { spec: values }),
  }));

export const resourceListCase: fc.Arbitrary<GeneratedCase> = fc
  .uniqueArray(dnsLabel, { minLength: 0, maxLength: 4 })
  .chain((names) => fc.tuple(fc.tuple(...names.map(pipeline)), fc.uniqueArray(otherObject, { maxLength: 5, selector: (o) => `${o.kind}/${o.metadata.name}` })))
  .map(([pipelines, others]) => ({
    items: [...pipelines, ...(pipelines.length > 0 ? [secretFor(pipelines)] : []), ...others],
    functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { maxPipelines: '0' } },
  }));
