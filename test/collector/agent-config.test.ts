import { expect } from 'chai';
import { parse } from 'yaml';
import { buildAgentConfig } from '../../src/collector/agent-config';
import { TYPES } from '../../src/collector/distribution';
import { buildGatewayConfig } from '../../src/collector/gateway-config';
import { serializeCollectorConfig } from '../../src/collector/serialize';
import type {
  FilterConfig,
  K8sAttributesConfig,
  K8sClusterReceiverConfig,
  KubeletStatsReceiverConfig,
  OtlpGrpcExporterConfig,
  PrometheusReceiverConfig,
  RoutingConnectorConfig,
  TransformConfig,
} from '../../src/collector/types';
import { ENV } from '../../src/constants';
import { checkCollectorConfig } from '../support/collector-check';
import { expectGolden } from '../support/golden';
import { AGENT_SCENARIOS, agentPlanOf, pulling } from './agent-scenarios';
import { GRPC_OUTPUT, checkOptionsFor, gatewayPlanOf, metricPipeline } from './fixtures';

const AGENT_ENV = { secretKeys: [], downwardApiEnv: [ENV.podIp, ENV.nodeName] };

function agentOf(input: string, settings = {}) {
  return buildAgentConfig(agentPlanOf([pulling('p', input)], settings));
}

function scrapeJobs(receiver: unknown) {
  return (receiver as PrometheusReceiverConfig).config.scrape_configs;
}

describe('metric agent collector config', () => {
  describe('golden scenarios', () => {
    for (const scenario of AGENT_SCENARIOS) {
      describe(`${scenario.name}: ${scenario.description}`, () => {
        const pipelines = scenario.pipelines();
        const agentText = serializeCollectorConfig(buildAgentConfig(agentPlanOf(pipelines, scenario.settings)));
        const gatewayPlan = gatewayPlanOf(pipelines, scenario.settings);
        const gatewayText = serializeCollectorConfig(buildGatewayConfig(gatewayPlan));

        it('matches the golden files (agent and gateway)', () => {
          expectGolden(`collector/${scenario.name}.yaml`, agentText);
          expectGolden(`collector/${scenario.name}.gateway.yaml`, gatewayText);
        });

        it('passes the checks the real collector cannot make (agent: downward-API variables only, no Secret)', () => {
          expect(checkCollectorConfig(parse(agentText), AGENT_ENV)).to.deep.equal([]);
          expect(checkCollectorConfig(parse(gatewayText), checkOptionsFor(gatewayPlan))).to.deep.equal([]);
        });
      });
    }
  });

  describe('pipelines', () => {
    it('renders only the inputs some pipeline enables', () => {
      const prometheus = agentOf('prometheus: {enabled: true}');
      expect(Object.keys(prometheus.service.pipelines)).to.deep.equal(['metrics/input-prometheus', 'metrics/enrichment', 'metrics/output']);
      expect(Object.keys(prometheus.receivers)).to.deep.equal(['prometheus/app-pods', 'prometheus/app-services']);
      expect(prometheus.service.extensions).to.not.include('k8s_leader_elector');
      expect(Object.keys(prometheus.connectors)).to.deep.equal(['forward/input', 'forward/enrichment']);

      const runtime = agentOf('runtime: {enabled: true}');
      expect(Object.keys(runtime.service.pipelines)).to.deep.equal(['metrics/input-runtime', 'metrics/enrichment', 'metrics/output']);
      expect(Object.keys(runtime.receivers)).to.deep.equal(['kubeletstats', 'k8s_cluster']);
      expect(runtime.service.pipelines['metrics/enrichment']!.receivers).to.deep.equal(['routing/runtime-input']);
    });

    it('marks every input with its name, unconditionally', () => {
      const config = agentOf('prometheus: {enabled: true}\nistio: {enabled: true}\nruntime: {enabled: true}');
      for (const input of ['prometheus', 'istio', 'runtime']) {
        expect((config.processors[`transform/set-kyma-input-name-${input}`] as TransformConfig).metric_statements).to.deep.equal([
          { statements: [`set(resource.attributes["kyma.input.name"], "${input}")`] },
        ]);
        expect(config.service.pipelines[`metrics/input-${input}`]!.processors.at(-1)).to.equal(`transform/set-kyma-input-name-${input}`);
      }
    });

    it('sends node and workload metrics past the pod enrichment, everything else through it', () => {
      const config = agentOf('runtime: {enabled: true}');
      const skip = config.processors['transform/insert-skip-enrichment-attribute'] as TransformConfig;
      expect(skip.metric_statements[0]!.conditions).to.deep.equal(
        ['node', 'statefulset', 'daemonset', 'deployment', 'job'].map((r) => `IsMatch(metric.name, "^k8s[.]${r}[.]")`),
      );
      expect(config.connectors['routing/runtime-input']).to.deep.equal({
        default_pipelines: ['metrics/enrichment'],
        error_mode: 'ignore',
        table: [{ statement: 'route() where attributes["kyma.skip_enrichment"] == "true"', pipelines: ['metrics/output'] }],
      } satisfies RoutingConnectorConfig);
      expect(config.service.pipelines['metrics/output']!.receivers).to.deep.equal(['forward/enrichment', 'routing/runtime-input']);
    });

    it("enriches with the pods of the agent's own node only", () => {
      const k8s = agentOf('prometheus: {enabled: true}').processors['k8sattributes'] as K8sAttributesConfig;
      expect(k8s.filter).to.deep.equal({ node_from_env_var: 'MY_NODE_NAME' });
    });

    it('sets the cluster name on everything it exports, enriched or not', () => {
      const config = agentOf('runtime: {enabled: true}', { clusterName: 'eu "prod"' });
      expect(config.service.pipelines['metrics/output']!.processors).to.deep.equal(['transform/insert-cluster-attributes', 'batch']);
    });
  });

  describe('export', () => {
    it('pushes everything to the gateway Service in its namespace, plaintext, with one exporter for all pipelines', () => {
      const config = agentOf('prometheus: {enabled: true}', { namespace: 'observability' });
      expect(Object.keys(config.exporters)).to.deep.equal([`${TYPES.otlpGrpcExporter}/gateway`]);
      const exporter = config.exporters[`${TYPES.otlpGrpcExporter}/gateway`] as OtlpGrpcExporterConfig;
      expect(exporter.endpoint).to.equal('telemetry-otlp-metrics.observability.svc.cluster.local:4317');
      expect(exporter.tls).to.deep.equal({ insecure: true });
      expect(exporter.sending_queue).to.deep.equal({ enabled: true, queue_size: 256 });
    });
  });

  describe('prometheus input', () => {
    it('scrapes only this node, running non-init containers, with sample and body size limits and the prometheus interval', () => {
      const config = agentOf('prometheus: {enabled: true}', { agent: { collectionIntervals: { prometheus: '15s', istio: '30s', runtime: '1m' } } });
      const [pods] = scrapeJobs(config.receivers['prometheus/app-pods']);
      expect(pods!.kubernetes_sd_configs).to.deep.equal([{ role: 'pod', selectors: [{ role: 'pod', field: 'spec.nodeName=${env:MY_NODE_NAME}' }] }]);
      expect(pods!.scrape_interval).to.equal('15s');
      expect(pods!.sample_limit).to.equal(50000);
      expect(pods!.body_size_limit).to.equal('20MB');
      expect(pods!.relabel_configs.map((r) => r.source_labels?.[0] ?? r.regex)).to.include.members([
        '__meta_kubernetes_pod_node_name',
        '__meta_kubernetes_pod_annotation_prometheus_io_scrape',
        '__meta_kubernetes_pod_phase',
        '__meta_kubernetes_pod_container_init',
        '__meta_kubernetes_pod_annotation_prometheus_io_path',
        '__address__',
        '__meta_kubernetes_pod_annotation_prometheus_io_param_(.+)',
      ]);
    });

    it('escapes $ in relabel replacements, which the collector would otherwise expand', () => {
      const [services] = scrapeJobs(agentOf('prometheus: {enabled: true}').receivers['prometheus/app-services']);
      expect(services!.relabel_configs.filter((r) => r.replacement?.includes('$')).map((r) => r.replacement)).to.deep.equal(['__param_$$1', '$$1:$$2']);
    });

    it('without Istio support scrapes plain http only; with it adds the secure job using the shared sidecar certificates', () => {
      expect(scrapeJobs(agentOf('prometheus: {enabled: true}').receivers['prometheus/app-services']).map((j) => j.job_name)).to.deep.equal(['app-services']);
      const jobs = scrapeJobs(agentOf('prometheus: {enabled: true}', { istio: true }).receivers['prometheus/app-services']);
      expect(jobs.map((j) => j.job_name)).to.deep.equal(['app-services', 'app-services-secure']);
      const dropsScheme = (job: (typeof jobs)[number]) => job.relabel_configs.find((r) => r.source_labels?.[0] === '__scheme__' && r.action === 'drop')?.regex;
      expect(dropsScheme(jobs[0]!)).to.equal('(https)');
      expect(dropsScheme(jobs[1]!)).to.equal('(http)');
      expect(jobs[1]!.tls_config).to.deep.equal({
        ca_file: '/etc/istio-output-certs/root-cert.pem',
        cert_file: '/etc/istio-output-certs/cert-chain.pem',
        key_file: '/etc/istio-output-certs/key.pem',
        insecure_skip_verify: true,
      });
      // Pods with a sidecar are never scraped through their pod annotation: they only answer mTLS.
      const [pods] = scrapeJobs(agentOf('prometheus: {enabled: true}', { istio: true }).receivers['prometheus/app-pods']);
      expect(pods!.relabel_configs.find((r) => r.source_labels?.[0] === '__scheme__')).to.deep.equal({ source_labels: ['__scheme__'], regex: '(https)', action: 'drop' });
    });
  });

  describe('istio input', () => {
    it('scrapes the sidecars at /stats/prometheus via the http-envoy-prom port and keeps envoy_* only when a pipeline wants it', () => {
      const [plain] = scrapeJobs(agentOf('istio: {enabled: true}').receivers['prometheus/istio']);
      expect(plain!.metrics_path).to.equal('/stats/prometheus');
      expect(plain!.relabel_configs.map((r) => r.regex)).to.include.members(['istio-proxy', 'http-envoy-prom']);
      expect(plain!.metric_relabel_configs).to.deep.equal([{ source_labels: ['__name__'], regex: 'istio_.*', action: 'keep' }]);
      const plan = agentPlanOf([pulling('a', 'istio: {enabled: true}'), pulling('b', 'istio: {enabled: true, envoyMetrics: {enabled: true}}')]);
      const [both] = scrapeJobs(buildAgentConfig(plan).receivers['prometheus/istio']);
      expect(both!.metric_relabel_configs![0]!.regex).to.equal('envoy_.*|istio_.*');
    });
  });

  describe('runtime input', () => {
    it('collects only the kubelet groups some pipeline enables, and drops non-PVC volumes only when volumes are collected', () => {
      const plan = agentPlanOf([
        pulling('a', 'runtime:\n  enabled: true\n  resources: {node: {enabled: false}, volume: {enabled: false}}'),
        pulling('b', 'runtime:\n  enabled: true\n  resources: {container: {enabled: false}, node: {enabled: false}, volume: {enabled: false}}'),
      ]);
      const config = buildAgentConfig(plan);
      expect((config.receivers['kubeletstats'] as KubeletStatsReceiverConfig).metric_groups).to.deep.equal(['container', 'pod']);
      expect(config.processors).to.not.have.property('filter/drop-non-pvc-volumes-metrics');
      const withVolumes = agentOf('runtime: {enabled: true}');
      expect(withVolumes.service.pipelines['metrics/input-runtime']!.processors).to.include('filter/drop-non-pvc-volumes-metrics');
    });

    it('renders no kubeletstats receiver when only cluster-level resources are enabled (it would poll the kubelet for nothing)', () => {
      const config = agentOf('runtime:\n  enabled: true\n  resources: {pod: {enabled: false}, container: {enabled: false}, node: {enabled: false}, volume: {enabled: false}}');
      expect(config.receivers).to.not.have.property('kubeletstats');
      expect(config.service.pipelines['metrics/input-runtime']!.receivers).to.deep.equal(['k8s_cluster']);
    });

    it('collects a group needed only for an additional metric with its default metrics switched off', () => {
      const config = agentOf('runtime:\n  enabled: true\n  resources: {pod: {enabled: false}}\n  additionalMetrics: [k8s.pod.uptime]');
      const kubelet = config.receivers['kubeletstats'] as KubeletStatsReceiverConfig;
      expect(kubelet.metric_groups).to.include('pod');
      expect(kubelet.metrics['k8s.pod.cpu.usage']).to.deep.equal({ enabled: false });
      expect(kubelet.metrics['k8s.pod.uptime']).to.deep.equal({ enabled: true });
      expect((config.receivers['k8s_cluster'] as K8sClusterReceiverConfig).metrics['k8s.pod.phase']).to.deep.equal({ enabled: false });
    });

    it('switches k8s_cluster metrics off for resources no pipeline enables and on for requested additional metrics', () => {
      const config = agentOf('runtime:\n  enabled: true\n  resources: {deployment: {enabled: false}}\n  additionalMetrics: [k8s.hpa.current_replicas, k8s.node.condition]');
      const cluster = config.receivers['k8s_cluster'] as K8sClusterReceiverConfig;
      expect(cluster.metrics['k8s.deployment.available']).to.deep.equal({ enabled: false });
      expect(cluster.metrics['k8s.hpa.current_replicas']).to.deep.equal({ enabled: true });
      expect(cluster.metrics['k8s.hpa.desired_replicas']).to.deep.equal({ enabled: false });
      expect(cluster.metrics['k8s.node.condition']).to.deep.equal({ enabled: true });
      expect(cluster.metrics).to.not.have.property('k8s.job.active_pods');
      expect(cluster.k8s_leader_elector).to.equal('k8s_leader_elector');
      expect(cluster.collection_interval).to.equal('30s');
    });

    it('elects the k8s_cluster leader through a lease in its own namespace', () => {
      const config = agentOf('runtime: {enabled: true}', { namespace: 'observability' });
      expect(config.extensions['k8s_leader_elector']).to.deep.equal({
        auth_type: 'serviceAccount',
        lease_name: 'telemetry-metric-agent-k8scluster',
        lease_namespace: 'observability',
      });
      expect(config.service.extensions).to.deep.equal(['health_check', 'cgroupruntime', 'k8s_leader_elector']);
    });

    it('uses the runtime interval for both runtime receivers', () => {
      const config = agentOf('runtime: {enabled: true}', { agent: { collectionIntervals: { prometheus: '30s', istio: '30s', runtime: '2m' } } });
      expect((config.receivers['kubeletstats'] as KubeletStatsReceiverConfig).collection_interval).to.equal('2m');
      expect((config.receivers['k8s_cluster'] as K8sClusterReceiverConfig).collection_interval).to.equal('2m');
    });
  });
});

describe('gateway config with a metric agent', () => {
  const gatewayOf = (...pipelines: ReturnType<typeof pulling>[]) => buildGatewayConfig(gatewayPlanOf(pipelines));
  const filter = (config: ReturnType<typeof gatewayOf>, id: string) => {
    const { resource = [], metric = [], datapoint = [] } = (config.processors[id] as FilterConfig).metrics;
    return [...resource, ...metric, ...datapoint];
  };

  it('keeps the plain forward layout when no pipeline pulls metrics', () => {
    const config = gatewayOf(metricPipeline('a', GRPC_OUTPUT));
    expect(Object.keys(config.connectors)).to.deep.equal(['forward/input', 'forward/enrichment']);
  });

  it('routes agent data past the enrichment to the pipelines that pull metrics only; OTLP-only pipelines are untouched', () => {
    const config = gatewayOf(pulling('pull', 'runtime: {enabled: true}'), metricPipeline('push', GRPC_OUTPUT));
    expect(config.connectors['routing/input']).to.deep.equal({
      default_pipelines: ['metrics/enrichment'],
      error_mode: 'ignore',
      table: [
        {
          statement: 'route() where attributes["kyma.input.name"] == "prometheus" or attributes["kyma.input.name"] == "istio" or attributes["kyma.input.name"] == "runtime"',
          pipelines: ['metrics/pull-output'],
        },
      ],
    });
    expect(config.service.pipelines['metrics/enrichment']!.receivers).to.deep.equal(['routing/input']);
    expect(config.service.pipelines['metrics/pull-output']!.receivers).to.deep.equal(['forward/enrichment', 'routing/input']);
    expect(config.service.pipelines['metrics/push-output']).to.deep.equal({
      receivers: ['forward/enrichment'],
      processors: ['transform/drop-kyma-attributes', 'batch'],
      exporters: [`${TYPES.otlpGrpcExporter}/metricpipeline-push`],
    });
  });

  it('drops an input a pipeline did not enable, but only when the agent collects it for another pipeline', () => {
    const config = gatewayOf(pulling('a', 'prometheus: {enabled: true, namespaces: {}, diagnosticMetrics: {enabled: true}}'), pulling('b', 'runtime: {enabled: true, namespaces: {}}'));
    expect(config.service.pipelines['metrics/a-output']!.processors).to.deep.equal(['filter/drop-if-input-source-runtime', 'transform/drop-kyma-attributes', 'batch']);
    expect(config.service.pipelines['metrics/b-output']!.processors).to.deep.equal(['filter/drop-if-input-source-prometheus', 'transform/drop-kyma-attributes', 'batch']);
  });

  it('drops diagnostic metrics unless enabled, and Envoy metrics for pipelines that did not ask for them', () => {
    const config = gatewayOf(pulling('a', 'istio: {enabled: true, namespaces: {}}'), pulling('b', 'istio: {enabled: true, namespaces: {}, envoyMetrics: {enabled: true}, diagnosticMetrics: {enabled: true}}'));
    expect(config.service.pipelines['metrics/a-output']!.processors).to.deep.equal([
      'filter/drop-diagnostic-metrics-if-input-source-istio',
      'filter/drop-envoy-metrics-if-disabled',
      'transform/drop-kyma-attributes',
      'batch',
    ]);
    expect(config.service.pipelines['metrics/b-output']!.processors).to.deep.equal(['transform/drop-kyma-attributes', 'batch']);
    expect(filter(config, 'filter/drop-envoy-metrics-if-disabled')).to.deep.equal(['resource.attributes["kyma.input.name"] == "istio" and IsMatch(metric.name, "^envoy_.*")']);
    expect(filter(config, 'filter/drop-diagnostic-metrics-if-input-source-istio')).to.deep.equal([
      'resource.attributes["kyma.input.name"] == "istio" and (metric.name == "up" or metric.name == "scrape_duration_seconds" or metric.name == "scrape_samples_scraped" or metric.name == "scrape_samples_post_metric_relabeling" or metric.name == "scrape_series_added")',
    ]);
  });

  it("keeps each pipeline's runtime resources and additional metrics, though the agent collects the union", () => {
    const config = gatewayOf(
      pulling('a', 'runtime:\n  enabled: true\n  namespaces: {}\n  resources: {pod: {enabled: false}}\n  additionalMetrics: [k8s.pod.uptime]'),
      pulling('b', 'runtime:\n  enabled: true\n  namespaces: {}\n  additionalMetrics: [k8s.node.uptime, k8s.hpa.current_replicas]'),
    );
    expect(filter(config, 'filter/a-drop-runtime-metrics')).to.deep.equal([
      'resource.attributes["kyma.input.name"] == "runtime" and IsMatch(metric.name, "^k8s[.]pod[.].*") and not(metric.name == "k8s.pod.uptime")',
      'resource.attributes["kyma.input.name"] == "runtime" and (metric.name == "k8s.hpa.current_replicas" or metric.name == "k8s.node.uptime")',
    ]);
    // b keeps all pod defaults, but not a's additional pod metric.
    expect(filter(config, 'filter/b-drop-runtime-metrics')).to.deep.equal(['resource.attributes["kyma.input.name"] == "runtime" and (metric.name == "k8s.pod.uptime")']);
  });

  it('scopes namespace filters to their input and keeps data without a namespace on include', () => {
    const config = gatewayOf(pulling('a', 'prometheus: {enabled: true, namespaces: {include: [shop]}}'));
    expect(filter(config, 'filter/a-filter-by-namespace-prometheus-input')).to.deep.equal([
      'resource.attributes["kyma.input.name"] == "prometheus" and resource.attributes["k8s.namespace.name"] != nil and not(resource.attributes["k8s.namespace.name"] == "shop")',
    ]);
  });

  it('applies the webhook default: pull inputs without a selector exclude the system namespaces, OTLP keeps all', () => {
    const config = gatewayOf(pulling('a', 'runtime: {enabled: true}'));
    expect(filter(config, 'filter/a-filter-by-namespace-runtime-input')).to.deep.equal([
      'resource.attributes["kyma.input.name"] == "runtime" and (resource.attributes["k8s.namespace.name"] == "kyma-system" or resource.attributes["k8s.namespace.name"] == "kube-system" or resource.attributes["k8s.namespace.name"] == "istio-system")',
    ]);
    expect(config.processors).to.not.have.property('filter/a-filter-by-namespace-otlp-input');
  });
});

describe('routing connector builder', () => {
  it('escapes $ in statements like every other OTTL it writes', async () => {
    const { routingConnector } = await import('../../src/collector/components');
    const c = routingConnector('routing/x', { default_pipelines: ['metrics/a'], error_mode: 'ignore', table: [{ statement: 'route() where attributes["a"] == "$1"', pipelines: ['metrics/b'] }] });
    expect((c.config as RoutingConnectorConfig).table[0]!.statement).to.equal('route() where attributes["a"] == "$$1"');
  });
});
