/**
 * Applies the defaults Kyma's mutating admission webhook applies, so a MetricPipeline read from Git
 * behaves exactly as the same object would after `kubectl apply` on a Kyma cluster.
 */
import { SYSTEM_NAMESPACES } from '../constants';
import { RUNTIME_RESOURCES, type V1Alpha1Spec, type V1Beta1Spec, type NamespaceSelector as RawSelector } from './metricpipeline-codec';
import type { Compression, MetricPipeline, NamespaceSelector, ResourceRef, RuntimeResource, Tls, ValueType } from './model';

type RawSpec = V1Beta1Spec | V1Alpha1Spec;

function selector(raw: RawSelector | undefined): NamespaceSelector {
  const out: NamespaceSelector = {};
  if (raw?.include !== undefined) out.include = [...raw.include];
  if (raw?.exclude !== undefined) out.exclude = [...raw.exclude];
  return out;
}

/** Enabled pull inputs without a selector skip the system namespaces; `namespaces: {}` means all. */
function pullSelector(enabled: boolean, raw: RawSelector | undefined): NamespaceSelector {
  if (enabled && raw === undefined) return { exclude: [...SYSTEM_NAMESPACES] };
  return selector(raw);
}

function value(raw: ValueType): ValueType {
  const out: ValueType = {};
  if (raw.value !== undefined) out.value = raw.value;
  if (raw.valueFrom !== undefined) out.valueFrom = { secretKeyRef: { ...raw.valueFrom.secretKeyRef } };
  return out;
}

function otlpInputEnabled(spec: RawSpec): boolean {
  const otlp = spec.input?.otlp as { enabled?: boolean; disabled?: boolean } | undefined;
  if (otlp === undefined) return true;
  if ('disabled' in otlp && otlp.disabled !== undefined) return !otlp.disabled;
  return otlp.enabled ?? true;
}

export function defaultPipeline(ref: ResourceRef, spec: RawSpec, generation?: number): MetricPipeline {
  const input = spec.input ?? {};
  const prometheusEnabled = input.prometheus?.enabled ?? false;
  const istioEnabled = input.istio?.enabled ?? false;
  const runtimeEnabled = input.runtime?.enabled ?? false;
  const otlp = spec.output.otlp;
  const rawResources = input.runtime?.resources ?? {};
  const resources = Object.fromEntries(
    RUNTIME_RESOURCES.map((r) => [r, rawResources[r]?.enabled ?? true]),
  ) as Record<RuntimeResource, boolean>;

  let tls: Tls | undefined;
  if (otlp.tls !== undefined) {
    tls = { insecure: otlp.tls.insecure ?? false, insecureSkipVerify: otlp.tls.insecureSkipVerify ?? false };
    if (otlp.tls.ca) tls.ca = value(otlp.tls.ca);
    if (otlp.tls.cert) tls.cert = value(otlp.tls.cert);
    if (otlp.tls.key) tls.key = value(otlp.tls.key);
  }

  const pipeline: MetricPipeline = {
    name: ref.name,
    ref,
    input: {
      otlp: { enabled: otlpInputEnabled(spec), namespaces: selector(input.otlp?.namespaces) },
      prometheus: {
        enabled: prometheusEnabled,
        namespaces: pullSelector(prometheusEnabled, input.prometheus?.namespaces),
        diagnosticMetrics: input.prometheus?.diagnosticMetrics?.enabled ?? false,
      },
      istio: {
        enabled: istioEnabled,
        namespaces: pullSelector(istioEnabled, input.istio?.namespaces),
        diagnosticMetrics: input.istio?.diagnosticMetrics?.enabled ?? false,
        envoyMetrics: input.istio?.envoyMetrics?.enabled ?? false,
      },
      runtime: {
        enabled: runtimeEnabled,
        namespaces: pullSelector(runtimeEnabled, input.runtime?.namespaces),
        resources,
        additionalMetrics: [...(input.runtime?.additionalMetrics ?? [])],
      },
    },
    output: {
      protocol: otlp.protocol ?? 'grpc',
      endpoint: value(otlp.endpoint),
      headers: (otlp.headers ?? []).map((h) => {
        const header: MetricPipeline['output']['headers'][number] = { name: h.name, value: value(h) };
        if (h.prefix !== undefined && h.prefix !== '') header.prefix = h.prefix;
        return header;
      }),
      compression: (otlp as { compression?: Compression }).compression ?? 'gzip',
      temporality: otlp.temporality ?? 'preserve',
    },
    transform: (spec.transform ?? []).map((tr) => ({
      conditions: [...(tr.conditions ?? [])],
      statements: [...(tr.statements ?? [])],
    })),
    filter: (spec.filter ?? []).map((f) => ({ conditions: [...(f.conditions ?? [])] })),
  };
  if (generation !== undefined) pipeline.generation = generation;
  if (otlp.path !== undefined && otlp.path !== '') pipeline.output.path = otlp.path;
  if (tls) pipeline.output.tls = tls;
  const auth = otlp.authentication;
  if (auth?.basic) pipeline.output.basic = { user: value(auth.basic.user), password: value(auth.basic.password) };
  if (auth?.oauth2) {
    pipeline.output.oauth2 = {
      tokenURL: value(auth.oauth2.tokenURL),
      clientID: value(auth.oauth2.clientID),
      clientSecret: value(auth.oauth2.clientSecret),
      scopes: [...(auth.oauth2.scopes ?? [])],
      params: { ...(auth.oauth2.params ?? {}) },
    };
  }
  return pipeline;
}
