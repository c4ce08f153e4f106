/**
 * A typed model of the OpenTelemetry Collector configuration the function emits, limited to the components
 * and keys it actually uses. Key names are the collector's (snake_case) so that an object of these types
 * serializes to the config file without any mapping step.
 *
 * JavaScript keeps object keys in creation order and the serializer keeps that order, so builders create
 * keys in the order the config should read (see serialize.ts).
 *
 * One file on purpose, over 300 lines: it reads top to bottom like a collector config (receivers,
 * processors, exporters, connectors, extensions, service), and most types are members of one union.
 */
import type { Compression } from '../api/model';

/** `<type>` or `<type>/<name>`, e.g. `otlp_grpc/metricpipeline-backend`. */
export type ComponentId = string;

export type ComponentKind = 'receiver' | 'processor' | 'exporter' | 'connector' | 'extension';

// ---------------------------------------------------------------------------------------------- receivers

export interface ServerEndpointConfig {
  endpoint: string;
  keepalive?: { server_parameters: { max_connection_age: string; max_connection_age_grace: string } };
}

export interface OtlpReceiverConfig {
  protocols: { grpc?: ServerEndpointConfig; http?: ServerEndpointConfig };
}

/** One Prometheus relabel rule; only the fields a rule uses are set. */
export interface RelabelConfig {
  source_labels?: string[];
  regex?: string;
  target_label?: string;
  replacement?: string;
  action: 'keep' | 'drop' | 'replace' | 'labelmap';
}

export interface KubernetesSdConfig {
  role: 'pod' | 'endpoints';
  selectors: { role: 'pod'; field: string }[];
}

export interface ScrapeTlsConfig {
  ca_file: string;
  cert_file: string;
  key_file: string;
  insecure_skip_verify: boolean;
}

export interface ScrapeConfig {
  job_name: string;
  sample_limit: number;
  body_size_limit: string;
  scrape_interval: string;
  metrics_path?: string;
  relabel_configs: RelabelConfig[];
  metric_relabel_configs?: RelabelConfig[];
  kubernetes_sd_configs: KubernetesSdConfig[];
  tls_config?: ScrapeTlsConfig;
}

/** The prometheus receiver embeds a Prometheus configuration; only scrape configs are used. */
export interface PrometheusReceiverConfig {
  config: { scrape_configs: ScrapeConfig[] };
}

export type EnabledToggles = Record<string, { enabled: boolean }>;

export interface KubeletStatsReceiverConfig {
  collection_interval: string;
  auth_type: 'serviceAccount';
  endpoint: string;
  insecure_skip_verify: boolean;
  metric_groups: string[];
  metrics: EnabledToggles;
  resource_attributes: EnabledToggles;
  extra_metadata_labels: string[];
  collect_all_network_interfaces: { node: boolean };
  node: string;
  k8s_api_config: { auth_type: 'serviceAccount' };
}

export interface K8sClusterReceiverConfig {
  auth_type: 'serviceAccount';
  collection_interval: string;
  node_conditions_to_report: string[];
  metrics: EnabledToggles;
  k8s_leader_elector: ComponentId;
}

export type ReceiverConfig = OtlpReceiverConfig | PrometheusReceiverConfig | KubeletStatsReceiverConfig | K8sClusterReceiverConfig;

// --------------------------------------------------------------------------------------------- processors

export interface MemoryLimiterConfig {
  check_interval: string;
  limit_percentage: number;
  spike_limit_percentage: number;
}

export interface BatchConfig {
  send_batch_size: number;
  timeout: string;
  send_batch_max_size: number;
}

/** One label to extract: by `key`, or every label whose key matches `key_regex` (`$0` in tag_name is the key). */
export type K8sAttributesTagRule = { from: 'pod' | 'namespace' | 'node'; tag_name: string } & ({ key: string } | { key_regex: string });

export type PodAssociationSource = { from: 'resource_attribute'; name: string } | { from: 'connection' };

export interface K8sAttributesConfig {
  auth_type: 'serviceAccount';
  passthrough: boolean;
  /** Only for collectors that run per node (the agent): watch the own node's pods only. */
  filter?: { node_from_env_var: string };
  extract: { metadata: string[]; labels: K8sAttributesTagRule[] };
  pod_association: { sources: PodAssociationSource[] }[];
}

export type ErrorMode = 'ignore' | 'silent' | 'propagate';

/** One `metric_statements` entry; without `context` the transform processor infers it from the paths. */
export interface OttlStatementGroup {
  statements: string[];
  conditions?: string[];
}

export interface TransformConfig {
  error_mode: ErrorMode;
  metric_statements: OttlStatementGroup[];
}

/**
 * The filter processor's OTTL conditions per context (0.141.0's `metrics:` block): a resource, metric or data
 * point for which any condition of its context is true is dropped. Empty contexts are left out.
 */
export interface FilterConditions {
  resource?: string[];
  metric?: string[];
  datapoint?: string[];
}

export interface FilterConfig {
  error_mode: ErrorMode;
  metrics: FilterConditions;
}

export interface CumulativeToDeltaConfig {
  max_staleness?: string;
  initial_value: 'auto' | 'keep' | 'drop';
}

export type ProcessorConfig =
  | MemoryLimiterConfig
  | BatchConfig
  | K8sAttributesConfig
  | TransformConfig
  | FilterConfig
  | CumulativeToDeltaConfig;

// ---------------------------------------------------------------------------------------------- exporters

export interface ClientTlsConfig {
  insecure?: boolean;
  insecure_skip_verify?: boolean;
  ca_file?: string;
  cert_file?: string;
  key_file?: string;
  /** Reloads cert_file and key_file (checked at the next handshake once the interval has passed). */
  reload_interval?: string;
}

export interface SendingQueueConfig {
  enabled: boolean;
  queue_size: number;
}

export interface RetryOnFailureConfig {
  enabled: boolean;
  initial_interval: string;
  max_interval: string;
  max_elapsed_time: string;
}

interface OtlpExporterCommon {
  headers?: Record<string, string>;
  tls?: ClientTlsConfig;
  compression: Compression;
  sending_queue: SendingQueueConfig;
  retry_on_failure: RetryOnFailureConfig;
  auth?: { authenticator: ComponentId };
}

export interface OtlpGrpcExporterConfig extends OtlpExporterCommon {
  endpoint: string;
}

/** Exactly one of `endpoint` (base URL, `/v1/metrics` is appended) and `metrics_endpoint` (full URL). */
export interface OtlpHttpExporterConfig extends OtlpExporterCommon {
  endpoint?: string;
  metrics_endpoint?: string;
}

export type ExporterConfig = OtlpGrpcExporterConfig | OtlpHttpExporterConfig;

// --------------------------------------------------------------------------------------------- connectors

/** The forward connector has no settings; it joins two pipelines. */
export type ForwardConnectorConfig = Record<string, never>;

/** In the routing connector's default (resource) context: each resource goes where its first match says. */
export interface RoutingTableEntry {
  statement: string;
  pipelines: string[];
}

export interface RoutingConnectorConfig {
  default_pipelines: string[];
  error_mode: ErrorMode;
  table: RoutingTableEntry[];
}

export type ConnectorConfig = ForwardConnectorConfig | RoutingConnectorConfig;

// --------------------------------------------------------------------------------------------- extensions

export interface HealthCheckConfig {
  endpoint: string;
}

export interface PprofConfig {
  endpoint: string;
}

export interface CgroupRuntimeConfig {
  gomaxprocs: { enabled: boolean };
  gomemlimit: { enabled: boolean; ratio: number };
}

/** Exactly one of client_id/client_id_file and of client_secret/client_secret_file. */
export interface OAuth2ClientConfig {
  token_url: string;
  client_id?: string;
  client_id_file?: string;
  client_secret?: string;
  client_secret_file?: string;
  scopes?: string[];
  /** Lists, not strings: the collector decodes a string into url.Values by splitting it at commas. */
  endpoint_params?: Record<string, string[]>;
}

/** bearertokenauth as a client: sends `scheme token` ("" scheme: the token alone), the file's first line. */
export interface BearerTokenAuthConfig {
  header: string;
  scheme: string;
  filename: string;
}

export interface BasicAuthClientConfig {
  client_auth: { username: string; password: string };
}

export interface K8sLeaderElectorConfig {
  auth_type: 'serviceAccount';
  lease_name: string;
  lease_namespace: string;
}

export type ExtensionConfig =
  | HealthCheckConfig
  | PprofConfig
  | CgroupRuntimeConfig
  | OAuth2ClientConfig
  | BearerTokenAuthConfig
  | BasicAuthClientConfig
  | K8sLeaderElectorConfig;

// ------------------------------------------------------------------------------------------------ service

export interface PipelineConfig {
  receivers: ComponentId[];
  processors: ComponentId[];
  exporters: ComponentId[];
}

export interface PrometheusPullExporterConfig {
  host: string;
  port: number;
  without_scope_info: boolean;
  without_type_suffix: boolean;
  without_units: boolean;
}

export interface MetricReaderConfig {
  pull: { exporter: { prometheus: PrometheusPullExporterConfig } };
}

export interface TelemetryConfig {
  metrics: { level: 'none' | 'basic' | 'normal' | 'detailed'; readers: MetricReaderConfig[] };
  logs: { level: 'debug' | 'info' | 'warn' | 'error'; encoding: 'json' | 'console' };
}

export interface ServiceConfig {
  extensions: ComponentId[];
  /** Key: `<signal>[/<name>]`, e.g. `metrics/input`. */
  pipelines: Record<string, PipelineConfig>;
  telemetry: TelemetryConfig;
}

export interface CollectorConfig {
  extensions: Record<ComponentId, ExtensionConfig>;
  receivers: Record<ComponentId, ReceiverConfig>;
  processors: Record<ComponentId, ProcessorConfig>;
  exporters: Record<ComponentId, ExporterConfig>;
  connectors: Record<ComponentId, ConnectorConfig>;
  service: ServiceConfig;
}

// ------------------------------------------------------------------------------------ component handles

/** A component together with its id, as builders return it; the assembler files it into its section. */
export interface Component<K extends ComponentKind, C> {
  kind: K;
  id: ComponentId;
  config: C;
}

export type ReceiverComponent = Component<'receiver', ReceiverConfig>;
export type ProcessorComponent = Component<'processor', ProcessorConfig>;
export type ExporterComponent = Component<'exporter', ExporterConfig>;
export type ConnectorComponent = Component<'connector', ConnectorConfig>;
export type ExtensionComponent = Component<'extension', ExtensionConfig>;
