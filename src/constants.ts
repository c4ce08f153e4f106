/**
 * The one place for every name, port, label, image and version the function emits.
 * Users, the status job and dashboards depend on these names, so they follow Kyma's
 * (<= 1.62) metric gateway to keep MetricPipelines drop-in compatible.
 */

/**
 * The upstream OpenTelemetry Collector distribution every emitted component must exist in. 0.141.0 is the
 * release the tests' real collector is built at (test/peers/collector/manifest.yaml says why this one), so
 * what the tests validate is what runs.
 */
const COLLECTOR_VERSION = '0.141.0';
export const COLLECTOR = {
  distribution: 'otelcol-k8s',
  version: COLLECTOR_VERSION,
  image: `otel/opentelemetry-collector-k8s:${COLLECTOR_VERSION}`,
} as const;

export const FUNCTION_NAME = 'metricpipeline-fn';
/**
 * The function's published container image (Dockerfile at the repository root). The rendered status
 * CronJob runs it with `statusCommand`, because the image's ENTRYPOINT is the KRM function. The
 * registry path is a placeholder until the project publishes; users on a mirror or fork set
 * functionConfig `statusImage`. The tag follows package.json's version (test/container checks it).
 */
export const FUNCTION_IMAGE = {
  repository: 'ghcr.io/metricpipeline-fn/metricpipeline-fn',
  tag: '0.1.0',
  statusCommand: ['node', '/app/function/metricpipeline-status'],
} as const;
/** API group of the function's own typed functionConfig. */
export const FN_CONFIG_GROUP = 'fn.metricpipeline.dev';
export const FN_CONFIG_API_VERSION = `${FN_CONFIG_GROUP}/v1alpha1`;
export const FN_CONFIG_KIND = 'RenderMetricPipelines';

export const TELEMETRY_GROUP = 'telemetry.kyma-project.io';
/** Kyma's module resource; its metric settings are read like functionConfig keys (src/api/telemetry-resource.ts). */
export const TELEMETRY_RESOURCE = { group: 'operator.kyma-project.io', kind: 'Telemetry' } as const;
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

/**
 * The gateway's credential files (issue 20): PEMs, OAuth2 client id/secret and bearer tokens, from the merged
 * Secret or from Secrets of the gateway's namespace, in one projected volume, as `<kind>/<pipeline>/<file>`.
 */
export const CREDENTIALS_VOLUME = { name: 'credentials', mountPath: '/etc/metricpipeline' } as const;

/**
 * How often the exporters reload a client certificate and key from their files (configtls `reload_interval`;
 * checked lazily at the next TLS handshake). cert-manager renews at two thirds of a certificate's life, so
 * minutes would do; 30s keeps a renewal's delay short at the cost of one file read per 30s and exporter.
 */
export const TLS_RELOAD_INTERVAL = '30s';

/** The annotation reloaders watch (Stakater Reloader): roll the pods when a referenced Secret changes. */
export const RELOADER_ANNOTATION = { key: 'reloader.stakater.com/auto', value: 'true' } as const;

export const AGENT = {
  name: 'telemetry-metric-agent',
  metricsServiceName: 'telemetry-metric-agent-metrics',
  configMapKey: 'relay.conf',
  component: 'agent',
  /** The lease through which the agents elect the one that collects cluster metrics (k8s_cluster). */
  leaseName: 'telemetry-metric-agent-k8scluster',
  /**
   * The agent's one exporter, to the gateway. Deliberately not `metricpipeline-<name>`: it carries the data of
   * every agent pipeline, and the status job attributes such an exporter's problems to all of them.
   */
  exporterId: 'otlp/gateway',
} as const;

/**
 * The cluster's DNS domain, for the agent's in-cluster gateway address. Kubernetes' default; clusters with
 * another domain still resolve `<service>.<namespace>.svc` through the pods' DNS search path.
 */
export const CLUSTER_DOMAIN = 'cluster.local';

export const STATUS_JOB = {
  name: 'telemetry-metric-status',
  component: 'status',
  /** ConfigMap (same namespace) where a run leaves its scrape and the problems it saw for the next run. */
  stateConfigMap: 'telemetry-metric-status',
  /** Every minute: two consecutive runs confirm a problem within about two minutes. */
  defaultSchedule: '* * * * *',
  defaultWindowSeconds: 60,
  /** The job's own time budget; the Job's activeDeadlineSeconds adds room for pod start-up. */
  timeoutSeconds: 60,
  activeDeadlineSlackSeconds: 30,
  /** `nobody`, which the image's USER also is. */
  runAsUser: 65534,
} as const;

export const PORTS = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  metrics: 8888,
  healthCheck: 13133,
  pprof: 1777,
  envoyTelemetry: 15090,
  /** The kubelet's authenticated API, where kubelet_stats reads the node's stats. */
  kubelet: 10250,
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

/**
 * Prefixes of the environment variables that carry the pipelines' endpoints and credentials (src/plan/
 * env-vars.ts names them; a test checks every name against this list). An extra env var of the user's may
 * not start with one: it would shadow a credential.
 */
export const RESERVED_ENV_PREFIXES = ['OTLP_', 'BASIC_AUTH_', 'HEADER_METRICPIPELINE_', 'OAUTH2_'] as const;

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
  istioInject: 'sidecar.istio.io/inject',
} as const;

export const LABEL_VALUES = {
  managedBy: FUNCTION_NAME,
  partOf: 'telemetry',
} as const;

export const ANNOTATIONS = {
  configChecksum: 'checksum/config',
  /** What the function did with each pipeline, for the status job; format: src/contract/outcome-annotation.ts. */
  pipelineStatus: `${FN_CONFIG_GROUP}/pipelines`,
  /** Flux post-build substitution would mangle the collector's ${env:...} references. */
  fluxSubstitute: 'kustomize.toolkit.fluxcd.io/substitute',
} as const;

/** Where kpt writes generated objects, relative to the package root. */
export const GENERATED_DIR = 'generated';

/** Internal resource attributes; dropped before export so backends never see them. */
export const INTERNAL_ATTRIBUTES = {
  inputName: 'kyma.input.name',
  /** Set by the agent on node and workload metrics, which bypass its pod enrichment. */
  skipEnrichment: 'kyma.skip_enrichment',
  prefix: 'kyma.',
} as const;

/**
 * Requests = base + perPipeline x pipelines: what one replica of the real collector used at 10,000 data
 * points/s per pipeline, rounded up (BENCHMARKS.md, "Gateway sizing"), so that the scheduler reserves what a
 * loaded replica uses and the HPA's CPU utilization means load. Kyma's 32Mi was below what an idle gateway
 * uses, its 25m below one pipeline at 10k points/s. Memory limit = base + perPipeline x pipelines (Kyma <= 1.62).
 */
export const GATEWAY_RESOURCES = {
  cpuRequestBaseMilli: 25,
  cpuRequestPerPipelineMilli: 10,
  memoryRequestBaseMi: 112,
  memoryRequestPerPipelineMi: 8,
  memoryLimitBaseMi: 512,
  memoryLimitPerPipelineMi: 512,
} as const;

/**
 * The gateway's HorizontalPodAutoscaler (functionConfig gatewayAutoscaling). CPU: utilization of the request
 * above, so the default 80 % adds replicas as a replica nears 10,000 points/s per pipeline. Memory: a Go
 * collector's heap does not follow its load down, so a target near the request would only ever scale out;
 * the target is half the memory limit (as utilization of the request), which a replica reaches only when it
 * buffers, well before memory_limiter's soft limit (limit_percentage 75 - spike 15 = 60 % of the limit)
 * makes it refuse data.
 */
export const GATEWAY_AUTOSCALING = {
  defaultTargetCPUUtilizationPercentage: 80,
  memoryTargetFractionOfLimit: 0.5,
} as const;

/** Kyma's metric agent sizing: a small request, and room for scrape bursts and a full queue. */
export const AGENT_RESOURCES = {
  requests: { cpu: '15m', memory: '64Mi' },
  limits: { memory: '1200Mi' },
} as const;

/**
 * gRPC keepalive of the gateway's OTLP receiver. Agents and SDKs keep one connection to one replica for as
 * long as it lives, so after a scale-out the new replicas get no traffic; a maximum connection age makes
 * every client reconnect (through the Service, so possibly to another replica) after that long. The cost:
 * `cumulativetodelta` keeps its state per replica, so a series that moves drops one point (README). The
 * grace lets in-flight exports finish after the server's GOAWAY.
 */
export const GATEWAY_GRPC_KEEPALIVE = { defaultMaxConnectionAge: '5m', maxConnectionAgeGrace: '30s' } as const;

/** How often the agent scrapes and collects, unless functionConfig says otherwise (Kyma's default). */
export const DEFAULT_COLLECTION_INTERVAL = '30s';

/**
 * Per scrape target (Kyma): a target that exposes more samples or a larger body than this is not ingested
 * for that scrape (the collector logs a warning), so one misbehaving application cannot exhaust the agent.
 */
export const SCRAPE_LIMITS = { sampleLimit: 50000, bodySizeLimit: '20MB' } as const;

/**
 * Istio integration of the agent (functionConfig `istio`): the sidecar writes its workload certificates to
 * a shared volume, and the agent scrapes STRICT-mTLS workloads over https with them (Kyma ADR 026).
 */
export const ISTIO = {
  certVolume: 'istio-certs',
  certPath: '/etc/istio-output-certs',
  proxyContainer: 'istio-proxy',
  /** The sidecar's Prometheus port (15090) by name, as the injector declares it. */
  envoyPromPortName: 'http-envoy-prom',
  envoyMetricsPath: '/stats/prometheus',
  /** Pods with a sidecar carry this label with value `istio`. */
  tlsModeLabel: 'security.istio.io/tlsMode',
  annotations: {
    proxyConfig: 'proxy.istio.io/config',
    userVolumeMount: 'sidecar.istio.io/userVolumeMount',
    excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
    includeOutboundIpRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
    includeOutboundPorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
  },
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

export const AGENT_NETWORK_POLICIES = {
  main: `${NETWORK_POLICY_PREFIX}${AGENT.name}`,
  metrics: `${NETWORK_POLICY_PREFIX}${AGENT.name}-metrics`,
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

/** kpt reads these to decide where a generated object is written (see src/manifests/kpt-path.ts). */
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

/**
 * The gateway's default spread over nodes and zones, as the collector's Helm chart and the Operator
 * recommend: ScheduleAnyway, so a small cluster still runs every replica.
 */
export const GATEWAY_SPREAD = { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' } as const;

/** Disruption budget for multi-replica gateways: keep all but one replica during voluntary disruptions. */
export const PDB_MAX_UNAVAILABLE = 1;

/** Deployment rollout: surge one new pod before removing an old one, so ingestion capacity never drops. */
export const GATEWAY_ROLLING_UPDATE = { maxSurge: 1, maxUnavailable: 0 } as const;
