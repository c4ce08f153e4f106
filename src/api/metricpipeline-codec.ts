/**
 * io-ts codecs for the MetricPipeline API exactly as Kyma's CRD defines it (telemetry.kyma-project.io,
 * v1beta1 and the deprecated v1alpha1). Structural rules live here; the CEL rules and the manager's checks
 * live in src/validate so that every violation gets its own message and field path.
 */
import * as t from 'io-ts';

const nonEmptyString = new t.Type<string, string, unknown>(
  'non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) =>
    typeof u === 'string' && u.length > 0
      ? t.success(u)
      : t.failure(u, c, typeof u === 'string' ? 'must not be empty' : undefined),
  t.identity,
);

function oneOf<L extends string>(values: readonly L[], name: string): t.Type<L, L, unknown> {
  return new t.Type<L, L, unknown>(
    name,
    (u): u is L => typeof u === 'string' && (values as readonly string[]).includes(u),
    (u, c) =>
      typeof u === 'string' && (values as readonly string[]).includes(u)
        ? t.success(u as L)
        : t.failure(u, c, `must be one of ${values.map((v) => `"${v}"`).join(', ')}`),
    t.identity,
  );
}

export const SecretKeyRefCodec = t.type({ name: nonEmptyString, namespace: nonEmptyString, key: nonEmptyString });
export const ValueTypeCodec = t.partial({
  value: t.string,
  valueFrom: t.type({ secretKeyRef: SecretKeyRefCodec }),
});
export const NamespaceSelectorCodec = t.partial({ include: t.array(t.string), exclude: t.array(t.string) });
const Enabled = t.partial({ enabled: t.boolean });

export const PrometheusInputCodec = t.partial({
  enabled: t.boolean,
  namespaces: NamespaceSelectorCodec,
  diagnosticMetrics: Enabled,
});
export const IstioInputCodec = t.partial({
  enabled: t.boolean,
  namespaces: NamespaceSelectorCodec,
  diagnosticMetrics: Enabled,
  envoyMetrics: Enabled,
});
export const RUNTIME_RESOURCES = [
  'pod',
  'container',
  'node',
  'volume',
  'daemonset',
  'deployment',
  'statefulset',
  'job',
] as const;
export type RuntimeResource = (typeof RUNTIME_RESOURCES)[number];
export const RuntimeInputCodec = t.partial({
  enabled: t.boolean,
  namespaces: NamespaceSelectorCodec,
  resources: t.partial(Object.fromEntries(RUNTIME_RESOURCES.map((r) => [r, Enabled])) as Record<RuntimeResource, typeof Enabled>),
  additionalMetrics: t.array(t.string),
});

export const PROTOCOLS = ['grpc', 'http'] as const;
export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'zstd'] as const;
export const TEMPORALITIES = ['preserve', 'delta'] as const;

const HeaderCodec = t.intersection([
  t.type({ name: nonEmptyString }),
  t.partial({ prefix: t.string, value: t.string, valueFrom: t.type({ secretKeyRef: SecretKeyRefCodec }) }),
]);
const TlsCodec = t.partial({
  insecure: t.boolean,
  insecureSkipVerify: t.boolean,
  ca: ValueTypeCodec,
  cert: ValueTypeCodec,
  key: ValueTypeCodec,
});
const AuthenticationCodec = t.partial({
  basic: t.type({ user: ValueTypeCodec, password: ValueTypeCodec }),
  oauth2: t.intersection([
    t.type({ tokenURL: ValueTypeCodec, clientID: ValueTypeCodec, clientSecret: ValueTypeCodec }),
    t.partial({ scopes: t.array(t.string), params: t.record(t.string, t.string) }),
  ]),
});

function otlpOutputCodec(withCompression: boolean) {
  return t.intersection([
    t.type({ endpoint: ValueTypeCodec }),
    t.partial({
      protocol: oneOf(PROTOCOLS, 'protocol'),
      path: t.string,
      authentication: AuthenticationCodec,
      headers: t.array(HeaderCodec),
      tls: TlsCodec,
      temporality: oneOf(TEMPORALITIES, 'temporality'),
      ...(withCompression ? { compression: oneOf(COMPRESSIONS, 'compression') } : {}),
    }),
  ]);
}

const TransformCodec = t.partial({ conditions: t.array(t.string), statements: t.array(t.string) });
const FilterCodec = t.partial({ conditions: t.array(t.string) });

function specCodec(otlpInput: t.Mixed, withCompression: boolean) {
  return t.intersection([
    t.type({ output: t.type({ otlp: otlpOutputCodec(withCompression) }) }),
    t.partial({
      input: t.partial({
        prometheus: PrometheusInputCodec,
        istio: IstioInputCodec,
        runtime: RuntimeInputCodec,
        otlp: otlpInput,
      }),
      transform: t.array(TransformCodec),
      filter: t.array(FilterCodec),
    }),
  ]);
}

export const V1Beta1SpecCodec = specCodec(t.partial({ enabled: t.boolean, namespaces: NamespaceSelectorCodec }), true);
/** v1alpha1: the OTLP input is switched off with `disabled`, and there is no `compression`. */
export const V1Alpha1SpecCodec = specCodec(t.partial({ disabled: t.boolean, namespaces: NamespaceSelectorCodec }), false);

export type V1Beta1Spec = t.TypeOf<typeof V1Beta1SpecCodec>;
export type V1Alpha1Spec = t.TypeOf<typeof V1Alpha1SpecCodec>;
export type ValueType = t.TypeOf<typeof ValueTypeCodec>;
export type SecretKeyRef = t.TypeOf<typeof SecretKeyRefCodec>;
export type NamespaceSelector = t.TypeOf<typeof NamespaceSelectorCodec>;

export const MetricPipelineMetadataCodec = t.intersection([
  t.type({ name: t.string }),
  t.partial({
    namespace: t.string,
    generation: t.number,
    labels: t.record(t.string, t.string),
    annotations: t.record(t.string, t.string),
  }),
]);

export function metricPipelineCodec(version: 'v1beta1' | 'v1alpha1') {
  return t.type({
    metadata: MetricPipelineMetadataCodec,
    spec: version === 'v1beta1' ? V1Beta1SpecCodec : V1Alpha1SpecCodec,
  });
}
