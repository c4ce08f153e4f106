/**
 * The metric agent's collector configuration. The agent runs on every node, pulls what the pipelines ask for
 * and pushes it to the gateway, which filters per pipeline and exports (Kyma <= 1.62's architecture):
 *
 *   metrics/input-runtime     kubeletstats, k8s_cluster -> clean up, mark "runtime"     -> routing/runtime-input
 *   metrics/input-prometheus  prometheus/app-pods, prometheus/app-services -> mark       -> forward/input
 *   metrics/input-istio       prometheus/istio -> mark "istio"                           -> forward/input
 *   metrics/enrichment        forward/input, routing/runtime-input (default) -> k8sattributes of this node's
 *                             pods, service name                                         -> forward/enrichment
 *   metrics/output            forward/enrichment, routing/runtime-input (node and workload metrics)
 *                             -> cluster name, batch                                     -> otlp_grpc/gateway
 *
 * The agent enriches its own data: only it knows the pods on its node, and at the gateway the connection
 * would point at the agent pod. Node and workload metrics describe no pod and skip the enrichment.
 * Everything pipeline-specific (inputs, namespaces, resources, diagnostic and Envoy metrics) is filtered in
 * the gateway; the agent collects the union once.
 */
import { AGENT, CLUSTER_DOMAIN, ENV, EXPORTER_QUEUE_BUDGET, GATEWAY, INTERNAL_ATTRIBUTES, PORTS } from '../constants';
import type { AgentPlan } from '../plan/types';
import { collectsKubeletStats, collectsVolumes, k8sClusterReceiver, kubeletStatsReceiver, leaderElector } from './agent/runtime-receivers';
import { appPodsReceiver, appServicesReceiver, istioReceiver } from './agent/prometheus-receivers';
import { dropNonPvcVolumeMetrics, dropServiceName, dropVirtualNetworkInterfaces, insertSkipEnrichment } from './agent/processors';
import { ConfigAssembler } from './config-assembler';
import { batch, forwardConnector, k8sAttributes, memoryLimiter, routingConnector } from './components';
import { insertClusterAttributes, setServiceName } from './enrichment';
import { setKymaInputName } from './input-filters';
import { attribute, ottlString } from './ottl-expr';
import { baseExtensions, serviceTelemetry } from './telemetry';
import type { CollectorConfig, ConnectorComponent, ExporterComponent, ProcessorComponent } from './types';

export const AGENT_PIPELINES = {
  runtime: 'metrics/input-runtime',
  prometheus: 'metrics/input-prometheus',
  istio: 'metrics/input-istio',
  enrichment: 'metrics/enrichment',
  output: 'metrics/output',
} as const;

/** The gateway's OTLP Service, by its in-cluster name: the agent never leaves the cluster. */
export function gatewayEndpoint(namespace: string): string {
  return `${GATEWAY.otlpServiceName}.${namespace}.svc.${CLUSTER_DOMAIN}:${PORTS.otlpGrpc}`;
}

/**
 * Plaintext inside the cluster (the gateway's receiver has no TLS). The whole queue budget: there is one
 * exporter, and a full queue means the gateway is down for every pipeline alike.
 */
export function gatewayExporter(namespace: string): ExporterComponent {
  return {
    kind: 'exporter',
    id: AGENT.exporterId,
    config: {
      endpoint: gatewayEndpoint(namespace),
      tls: { insecure: true },
      compression: 'gzip',
      sending_queue: { enabled: true, queue_size: EXPORTER_QUEUE_BUDGET },
      retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' },
    },
  };
}

/** Node and workload metrics straight to the output; the rest through the enrichment. */
function runtimeRouter(): ConnectorComponent {
  return routingConnector('routing/runtime-input', {
    default_pipelines: [AGENT_PIPELINES.enrichment],
    error_mode: 'ignore',
    table: [
      { statement: `route() where ${attribute(INTERNAL_ATTRIBUTES.skipEnrichment)} == ${ottlString('true')}`, pipelines: [AGENT_PIPELINES.output] },
    ],
  });
}

/** The agent marks every input itself; nothing it receives carries a marker yet. */
const mark = (input: 'prometheus' | 'istio' | 'runtime') => setKymaInputName(input, { keep: [] });

export function buildAgentConfig(plan: AgentPlan): CollectorConfig {
  const { settings, inputs } = plan;
  const intervals = settings.agent.collectionIntervals;
  const config = new ConfigAssembler();
  for (const extension of baseExtensions(settings)) config.addExtension(extension);
  // k8s_cluster refers to the elector by id; without the runtime input nothing does.
  if (inputs.runtime !== undefined) config.addExtension(leaderElector(settings.namespace));

  const toEnrichment = forwardConnector('forward/input');
  const enriched = forwardConnector('forward/enrichment');
  const runtime = inputs.runtime;
  const router = runtime !== undefined ? runtimeRouter() : undefined;
  const scraped = inputs.prometheus || inputs.istio;

  if (runtime !== undefined && router !== undefined) {
    const processors: ProcessorComponent[] = [memoryLimiter()];
    if (collectsVolumes(runtime)) processors.push(dropNonPvcVolumeMetrics());
    processors.push(dropVirtualNetworkInterfaces(), dropServiceName(), insertSkipEnrichment(), mark('runtime'));
    config.addPipeline(AGENT_PIPELINES.runtime, {
      receivers: [...(collectsKubeletStats(runtime) ? [kubeletStatsReceiver(runtime, intervals.runtime)] : []), k8sClusterReceiver(runtime, intervals.runtime)],
      processors,
      exporters: [router],
    });
  }
  if (inputs.prometheus) {
    config.addPipeline(AGENT_PIPELINES.prometheus, {
      receivers: [appPodsReceiver(intervals.prometheus), appServicesReceiver(intervals.prometheus, settings.istio)],
      processors: [memoryLimiter(), dropServiceName(), mark('prometheus')],
      exporters: [toEnrichment],
    });
  }
  if (inputs.istio) {
    config.addPipeline(AGENT_PIPELINES.istio, {
      receivers: [istioReceiver(intervals.istio, inputs.envoy)],
      processors: [memoryLimiter(), dropServiceName(), mark('istio')],
      exporters: [toEnrichment],
    });
  }

  config.addPipeline(AGENT_PIPELINES.enrichment, {
    receivers: [...(scraped ? [toEnrichment] : []), ...(router !== undefined ? [router] : [])],
    // Each agent watches only its own node's pods: those are the only ones its data can come from.
    processors: [k8sAttributes({ nodeFromEnvVar: ENV.nodeName, podLabels: settings.extractPodLabels }), setServiceName()],
    exporters: [enriched],
  });

  const output: ProcessorComponent[] = [];
  if (settings.clusterName !== undefined) output.push(insertClusterAttributes(settings.clusterName));
  output.push(batch());
  config.addPipeline(AGENT_PIPELINES.output, {
    receivers: [enriched, ...(router !== undefined ? [router] : [])],
    processors: output,
    exporters: [gatewayExporter(settings.namespace)],
  });

  return config.build(serviceTelemetry());
}
