/**
 * The normalized MetricPipeline every later stage works on: one shape for v1beta1 and v1alpha1, with
 * Kyma's admission-webhook defaults applied, so builders never look at raw YAML or API versions.
 */
import type { ResourceRef } from '../core/finding';
import type { RuntimeResource, ValueType, SecretKeyRef } from './metricpipeline-codec';

export type { ResourceRef, RuntimeResource, ValueType, SecretKeyRef };
export type Protocol = 'grpc' | 'http';
export type Compression = 'none' | 'gzip' | 'snappy' | 'zstd';
export type Temporality = 'preserve' | 'delta';

export interface NamespaceSelector {
  include?: string[];
  exclude?: string[];
}

export interface OtlpInput {
  enabled: boolean;
  namespaces: NamespaceSelector;
}

export interface PrometheusInput {
  enabled: boolean;
  namespaces: NamespaceSelector;
  diagnosticMetrics: boolean;
}

export interface IstioInput {
  enabled: boolean;
  namespaces: NamespaceSelector;
  diagnosticMetrics: boolean;
  envoyMetrics: boolean;
}

export interface RuntimeInput {
  enabled: boolean;
  namespaces: NamespaceSelector;
  resources: Record<RuntimeResource, boolean>;
  additionalMetrics: string[];
}

export interface Header {
  name: string;
  prefix?: string;
  value: ValueType;
}

export interface Tls {
  insecure: boolean;
  insecureSkipVerify: boolean;
  ca?: ValueType;
  cert?: ValueType;
  key?: ValueType;
}

export interface BasicAuth {
  user: ValueType;
  password: ValueType;
}

export interface OAuth2 {
  tokenURL: ValueType;
  clientID: ValueType;
  clientSecret: ValueType;
  scopes: string[];
  params: Record<string, string>;
}

export interface OtlpOutput {
  protocol: Protocol;
  endpoint: ValueType;
  path?: string;
  basic?: BasicAuth;
  oauth2?: OAuth2;
  headers: Header[];
  tls?: Tls;
  compression: Compression;
  temporality: Temporality;
}

export interface TransformSpec {
  conditions: string[];
  statements: string[];
}

export interface FilterSpec {
  conditions: string[];
}

export interface MetricPipeline {
  name: string;
  ref: ResourceRef;
  /** `metadata.generation` when present (objects read back from a cluster); absent in Git. */
  generation?: number;
  input: {
    otlp: OtlpInput;
    prometheus: PrometheusInput;
    istio: IstioInput;
    runtime: RuntimeInput;
  };
  output: OtlpOutput;
  transform: TransformSpec[];
  filter: FilterSpec[];
}
