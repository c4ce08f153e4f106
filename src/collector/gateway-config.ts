/**
 * The metric gateway's collector configuration: three stages, as in Kyma.
 *
 *   metrics/input        otlp -> memory_limiter, mark input        -> forward/input | routing/input
 *   metrics/enrichment   OTLP data -> k8s metadata, service name, cluster name -> forward/enrichment
 *   metrics/<p>-output   forward/enrichment (+ routing/input) -> input filters, drop internal attributes,
 *                        user OTTL, temporality, batch -> the pipeline's exporter  (one per MetricPipeline)
 *
 * Enrichment runs once however many pipelines there are; each output pipeline then filters on its own.
 *
 * When some pipeline pulls metrics, the metric agent pushes them to the same OTLP receiver, already marked
 * with their input and enriched on the agent's node. The connection-based pod association of k8sattributes
 * would stamp the agent pod's own metadata on them, so `routing/input` sends agent data past the enrichment
 * straight to the output pipelines of the pipelines that pull metrics; only OTLP data is enriched here.
 * Without an agent the layout stays the plain forward chain.
 */
import { needsAgent } from '../contract/pull-inputs';
import { INTERNAL_ATTRIBUTES } from '../constants';
import type { GatewayPlan } from '../plan/types';
import { ConfigAssembler } from './config-assembler';
import { forwardConnector, k8sAttributes, memoryLimiter, otlpReceiver, routingConnector } from './components';
import { insertClusterAttributes, setServiceName } from './enrichment';
import { exporterQueueSize, otlpExporter } from './exporter';
import { AGENT_INPUTS, setKymaInputName } from './input-filters';
import { attribute, equalsAny } from './ottl-expr';
import { outputProcessors } from './output-processors';
import { baseExtensions, serviceTelemetry } from './telemetry';
import type { CollectorConfig, ConnectorComponent, ProcessorComponent } from './types';

export const GATEWAY_PIPELINES = {
  input: 'metrics/input',
  enrichment: 'metrics/enrichment',
  output: (pipelineName: string) => `metrics/${pipelineName}-output`,
} as const;

/**
 * `routing/input`: agent data (marked prometheus/istio/runtime) to the output pipelines of the pipelines that
 * pull metrics, everything else (OTLP) to the enrichment. The routing connector's default (resource) context
 * reads the marker as `attributes[...]`.
 */
function inputRouter(outputs: string[]): ConnectorComponent {
  return routingConnector('routing/input', {
    default_pipelines: [GATEWAY_PIPELINES.enrichment],
    error_mode: 'ignore',
    table: [{ statement: `route() where ${equalsAny(attribute(INTERNAL_ATTRIBUTES.inputName), AGENT_INPUTS)}`, pipelines: outputs }],
  });
}

export function buildGatewayConfig(plan: GatewayPlan): CollectorConfig {
  if (plan.pipelines.length === 0) throw new Error('internal: the gateway config needs at least one pipeline');
  const config = new ConfigAssembler();
  for (const extension of baseExtensions(plan.settings)) config.addExtension(extension);

  const queueSize = exporterQueueSize(plan.pipelines.length);
  const exporters = plan.pipelines.map((p) => otlpExporter(p, queueSize));
  // In pipeline order: ids such as `oauth2client/metricpipeline-<name>`, `bearertokenauth/metricpipeline-<name>`.
  for (const extension of exporters.flatMap((e) => e.extensions)) config.addExtension(extension);

  const agent = plan.agentInputs;
  const agentOutputs = plan.pipelines.filter((p) => needsAgent(p.pipeline)).map((p) => GATEWAY_PIPELINES.output(p.pipeline.name));
  const router = agent !== undefined ? inputRouter(agentOutputs) : undefined;
  const input = router ?? forwardConnector('forward/input');
  const enriched = forwardConnector('forward/enrichment');

  config.addPipeline(GATEWAY_PIPELINES.input, {
    receivers: [otlpReceiver(plan.settings.gateway.maxConnectionAge)],
    // With an agent, its markers are kept; any other marker becomes "otlp" (see setKymaInputName).
    processors: [memoryLimiter(), setKymaInputName('otlp', { keep: agent !== undefined ? AGENT_INPUTS : [] })],
    exporters: [input],
  });

  const enrichment: ProcessorComponent[] = [k8sAttributes({ podLabels: plan.settings.extractPodLabels }), setServiceName()];
  if (plan.settings.clusterName !== undefined) enrichment.push(insertClusterAttributes(plan.settings.clusterName));
  config.addPipeline(GATEWAY_PIPELINES.enrichment, { receivers: [input], processors: enrichment, exporters: [enriched] });

  plan.pipelines.forEach((p, i) => {
    const name = GATEWAY_PIPELINES.output(p.pipeline.name);
    config.addPipeline(name, {
      receivers: router !== undefined && agentOutputs.includes(name) ? [enriched, router] : [enriched],
      processors: outputProcessors(p.pipeline, agent !== undefined ? { agent } : {}),
      exporters: [exporters[i]!.exporter],
    });
  });

  return config.build(serviceTelemetry());
}
