/**
 * The one place for every name, port, label, image and version the function emits.
 * Users, the status job and dashboards depend on these names, so they follow Kyma's
 * (<= 1.62) metric gateway to keep MetricPipelines drop-in compatible.
 */

/** The upstream OpenTelemetry Collector distribution every emitted component must exist in. */
export const COLLECTOR = {
  distribution: 'otelcol-k8s',
  version: '0.159.0',
  image: 'otel/opentelemetry-collector-k8s:0.159.0',
} as const;

export const FUNCTION_NAME = 'metricpipeline-fn';
/** API group of the function's own typed functionConfig. */
export const FN_CONFIG_GROUP = 'fn.metricpipeline.dev';
export const FN_CONFIG_API_VERSION = `${FN_CONFIG_GROUP}/v1alpha1`;
export const FN_CONFIG_KIND = 'RenderMetricPipelines';

export const TELEMETRY_GROUP = 'telemetry.kyma-project.io';
export const METRIC_PIPELINE_KIND = 'MetricPipeline';
export const METRIC_PIPELINE_VERSIONS = ['v1beta1', 'v1alpha1'] as const;

export const DEFAULT_NAMESPACE = 'kyma-system';
/** Namespaces that pull inputs exclude unless the pipeline says otherwise (Kyma's webhook default). */
export const SYSTEM_NAMESPACES = ['kyma-system', 'kube-system', 'istio-system'] as const;
export const DEFAULT_MAX_PIPELINES = 5;
export const DEFAULT_GATEWAY_REPLICAS = 2;

export const GATEWAY = {
  name: 'telemetry-metric-gateway',
  otlpServiceName: 'telemetry-otlp-metrics',
  metricsServiceName: 'telemetry-metric-gateway-metrics',
  configMapKey: 'relay.conf',
  component: 'gateway',
} as const;

export const AGENT = {
  name: 'telemetry-metric-agent',
  metricsServiceName: 'telemetry-metric-agent-metrics',
  configMapKey: 'relay.conf',
  component: 'agent',
} as const;

export const STATUS_JOB = {
  name: 'telemetry-metric-status',
  component: 'status',
} as const;

export const PORTS = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  metrics: 8888,
  healthCheck: 13133,
  pprof: 1777,
  envoyTelemetry: 15090,
} as const;

export const PORT_NAMES = {
  otlpGrpc: 'grpc-collector',
  otlpHttp: 'http-collector',
  metrics: 'http-metrics',
} as const;

/** Downward-API variables every collector container gets. */
export const ENV = {
  podIp: 'MY_POD_IP',
  nodeName: 'MY_NODE_NAME',
} as const;

export const LABELS = {
  name: 'app.kubernetes.io/name',
  component: 'app.kubernetes.io/component',
  managedBy: 'app.kubernetes.io/managed-by',
  partOf: 'app.kubernetes.io/part-of',
  metricIngest: 'telemetry.kyma-project.io/metric-ingest',
  metricExport: 'telemetry.kyma-project.io/metric-export',
  metricScrape: 'telemetry.kyma-project.io/metric-scrape',
  selfMonitor: 'telemetry.kyma-project.io/self-monitor',
  metricsScraping: 'networking.kyma-project.io/metrics-scraping',
} as const;

export const LABEL_VALUES = {
  managedBy: FUNCTION_NAME,
  partOf: 'telemetry',
} as const;

export const ANNOTATIONS = {
  configChecksum: 'checksum/config',
  /** JSON map pipeline name -> {status, reason, message}: what the function did with each pipeline. */
  pipelineStatus: `${FN_CONFIG_GROUP}/pipelines`,
  /** Flux post-build substitution would mangle the collector's ${env:...} references. */
  fluxSubstitute: 'kustomize.toolkit.fluxcd.io/substitute',
} as const;

/** Where kpt writes generated objects, relative to the package root. */
export const GENERATED_DIR = 'generated';

/** Internal resource attributes; dropped before export so backends never see them. */
export const INTERNAL_ATTRIBUTES = {
  inputName: 'kyma.input.name',
  prefix: 'kyma.',
} as const;

export const GATEWAY_RESOURCES = {
  requests: { cpu: '25m', memory: '32Mi' },
  /** Memory limit = base + perPipeline x pipelines (Kyma <= 1.62). */
  memoryLimitBaseMi: 512,
  memoryLimitPerPipelineMi: 512,
} as const;

/** The exporters' shared sending-queue budget, divided among pipelines (Kyma). */
export const EXPORTER_QUEUE_BUDGET = 256;

/** Certificates expiring within this many days produce a warning. */
export const CERT_EXPIRY_WARNING_DAYS = 14;

/** Non-root user the collector containers run as. */
export const COLLECTOR_RUN_AS_USER = 10001;

// --- Manifest details ---


/** Kyma prefixes its NetworkPolicies so that cluster admins can tell them from their own. */
export const NETWORK_POLICY_PREFIX = 'kyma-project.io--';

export const GATEWAY_NETWORK_POLICIES = {
  main: `${NETWORK_POLICY_PREFIX}${GATEWAY.name}`,
  metrics: `${NETWORK_POLICY_PREFIX}${GATEWAY.name}-metrics`,
} as const;

export const LABEL_VALUE = {
  true: 'true',
  /** Value of LABELS.selfMonitor on the metrics Service. */
  selfMonitorEnabled: 'enabled',
  /** Value of LABELS.metricsScraping that lets a scraper pod reach the metrics port. */
  metricsScrapingAllowed: 'allowed',
} as const;

/** Annotations Prometheus-style scrapers (and Kyma's self-monitor) use to find the metrics port. */
export const PROMETHEUS_ANNOTATIONS = {
  scrape: 'prometheus.io/scrape',
  port: 'prometheus.io/port',
  scheme: 'prometheus.io/scheme',
} as const;

export const FLUX_SUBSTITUTE_DISABLED = 'disabled';

/** kpt reads these to decide where a generated object is written (krm-functions.md §1.2, §1.4). */
export const KPT_ANNOTATIONS = {
  path: 'internal.config.kubernetes.io/path',
  index: 'internal.config.kubernetes.io/index',
} as const;

export const TOPOLOGY_KEYS = {
  hostname: 'kubernetes.io/hostname',
  zone: 'topology.kubernetes.io/zone',
} as const;

/** The collector container and the config volume, as in Kyma's pod spec. */
export const COLLECTOR_CONTAINER = {
  name: 'collector',
  configVolume: 'config',
  configMountPath: '/conf',
  healthCheckPortName: 'health-check',
} as const;

/** Preferred (not required) anti-affinity: spreads replicas without making them unschedulable. */
export const ANTI_AFFINITY_WEIGHT = 100;

/** Disruption budget for multi-replica gateways: keep all but one replica during voluntary disruptions. */
export const PDB_MAX_UNAVAILABLE = 1;

/** Deployment rollout: surge one new pod before removing an old one, so ingestion capacity never drops. */
export const GATEWAY_ROLLING_UPDATE = { maxSurge: 1, maxUnavailable: 0 } as const;
