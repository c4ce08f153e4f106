/**
 * The metric gateway's collector configuration: three stages joined by forward connectors, as in Kyma.
 *
 *   metrics/input        otlp -> memory_limiter, mark input        -> forward/input
 *   metrics/enrichment   forward/input -> k8s metadata, service name, cluster name -> forward/enrichment
 *   metrics/<p>-output   forward/enrichment -> input filters, drop internal attributes, user OTTL,
 *                        temporality, batch -> the pipeline's exporter        (one per MetricPipeline)
 *
 * Enrichment runs once however many pipelines there are; each output pipeline then filters on its own.
 */
import type { GatewayPlan } from '../plan/types';
import { ConfigAssembler } from './config-assembler';
import { forwardConnector, k8sAttributes, memoryLimiter, otlpReceiver } from './components';
import { insertClusterAttributes, setServiceName } from './enrichment';
import { exporterQueueSize, otlpExporter } from './exporter';
import { GATEWAY_INPUT_FILTERS, setKymaInputName } from './input-filters';
import { outputProcessors } from './output-processors';
import { baseExtensions, serviceTelemetry } from './telemetry';
import type { CollectorConfig, ProcessorComponent } from './types';

export const GATEWAY_PIPELINES = {
  input: 'metrics/input',
  enrichment: 'metrics/enrichment',
  output: (pipelineName: string) => `metrics/${pipelineName}-output`,
} as const;

export function buildGatewayConfig(plan: GatewayPlan): CollectorConfig {
  if (plan.pipelines.length === 0) throw new Error('internal: the gateway config needs at least one pipeline');
  const config = new ConfigAssembler();
  for (const extension of baseExtensions()) config.addExtension(extension);

  const queueSize = exporterQueueSize(plan.pipelines.length);
  const exporters = plan.pipelines.map((p) => otlpExporter(p, queueSize));
  const oauth2 = exporters.flatMap((e) => e.extensions).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const extension of oauth2) config.addExtension(extension);

  const input = forwardConnector('forward/input');
  const enriched = forwardConnector('forward/enrichment');

  config.addPipeline(GATEWAY_PIPELINES.input, {
    receivers: [otlpReceiver()],
    // The metric agent pushes to this receiver too, with its own input marker: only mark unmarked data.
    processors: [memoryLimiter(), setKymaInputName('otlp', { onlyWhereUnset: true })],
    exporters: [input],
  });

  const enrichment: ProcessorComponent[] = [k8sAttributes(), setServiceName()];
  if (plan.settings.clusterName !== undefined) enrichment.push(insertClusterAttributes(plan.settings.clusterName));
  config.addPipeline(GATEWAY_PIPELINES.enrichment, { receivers: [input], processors: enrichment, exporters: [enriched] });

  plan.pipelines.forEach((p, i) => {
    config.addPipeline(GATEWAY_PIPELINES.output(p.pipeline.name), {
      receivers: [enriched],
      processors: outputProcessors(p.pipeline, { inputFilters: GATEWAY_INPUT_FILTERS }),
      exporters: [exporters[i]!.exporter],
    });
  });

  return config.build(serviceTelemetry());
}
