/**
 * The gateway's per-pipeline filters for the inputs the metric agent pulls (prometheus, istio, runtime).
 * The agent collects the union of what all pipelines want and pushes it to the gateway once; every output
 * pipeline of a pipeline that pulls metrics receives all of it and keeps only its own share here: the inputs
 * it enabled, its namespaces, its runtime resources and additional metrics, and diagnostic and Envoy metrics
 * only when asked for. Filters that could never match (the agent does not collect what they drop) are left
 * out, so a pipeline's processors say what actually happens to its data.
 */
import { RUNTIME_RESOURCES } from '../api/metricpipeline-codec';
import type { MetricPipeline, RuntimeResource } from '../api/model';
import { needsAgent } from '../contract/pull-inputs';
import { RESOURCE_PATTERNS, resourceDefaults, resourceOf } from '../api/runtime-metric-catalog';
import type { AgentInputs } from '../plan/types';
import { filterProcessor } from './components';
import { dropIfInputSource, isInput, namespaceFilter, type InputFilterBuilder, type InputFilterContext, type InputName } from './input-filters';
import { equalsAny, ottlString } from './ottl-expr';
import type { ProcessorComponent } from './types';

/** What the prometheus receiver adds for every target (Kyma's "diagnostic metrics"). */
export const DIAGNOSTIC_METRICS = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
] as const;

const METRIC_NAME = 'metric.name';

/** The agent's data, when this pipeline receives it: the gateway routes it to pipelines that pull metrics. */
function agentData(pipeline: MetricPipeline, context: InputFilterContext): AgentInputs | undefined {
  return needsAgent(pipeline) ? context.agent : undefined;
}

function defined(processors: (ProcessorComponent | undefined)[]): ProcessorComponent[] {
  return processors.filter((p): p is ProcessorComponent => p !== undefined);
}

/** `filter/drop-diagnostic-metrics-if-input-source-<input>` (Kyma's id); shared by the pipelines that use it. */
export function dropDiagnosticMetrics(input: 'prometheus' | 'istio'): ProcessorComponent {
  return filterProcessor(`filter/drop-diagnostic-metrics-if-input-source-${input}`, {
    metric: [`${isInput(input)} and (${equalsAny(METRIC_NAME, DIAGNOSTIC_METRICS)})`],
  });
}

/** `filter/drop-envoy-metrics-if-disabled` (Kyma's id). */
export function dropEnvoyMetrics(): ProcessorComponent {
  return filterProcessor('filter/drop-envoy-metrics-if-disabled', {
    metric: [`${isInput('istio')} and IsMatch(${METRIC_NAME}, ${ottlString('^envoy_.*')})`],
  });
}

/** An input the pipeline did not enable, dropped only if the agent collects it at all. */
function disabledInput(input: InputName, collected: boolean): ProcessorComponent[] {
  return collected ? [dropIfInputSource(input)] : [];
}

export const prometheusInputFilters: InputFilterBuilder = (pipeline, context) => {
  const agent = agentData(pipeline, context);
  if (agent === undefined) return [];
  const input = pipeline.input.prometheus;
  if (!input.enabled) return disabledInput('prometheus', agent.prometheus);
  return defined([
    input.diagnosticMetrics ? undefined : dropDiagnosticMetrics('prometheus'),
    namespaceFilter(pipeline.name, 'prometheus', input.namespaces),
  ]);
};

export const istioInputFilters: InputFilterBuilder = (pipeline, context) => {
  const agent = agentData(pipeline, context);
  if (agent === undefined) return [];
  const input = pipeline.input.istio;
  if (!input.enabled) return disabledInput('istio', agent.istio);
  return defined([
    input.diagnosticMetrics ? undefined : dropDiagnosticMetrics('istio'),
    // The agent only keeps envoy_* when some pipeline wants them.
    !input.envoyMetrics && agent.envoy ? dropEnvoyMetrics() : undefined,
    namespaceFilter(pipeline.name, 'istio', input.namespaces),
  ]);
};

function metricNameIn(names: readonly string[]): string {
  return equalsAny(METRIC_NAME, names);
}

/**
 * One condition per resource the pipeline switched off (keeping the additional metrics it listed), and one
 * for the additional metrics other pipelines asked for that this pipeline neither listed nor gets through
 * an enabled resource (the receivers emit the union). Undefined when nothing needs dropping.
 */
export function runtimeSelection(pipeline: MetricPipeline, collected: NonNullable<AgentInputs['runtime']>): ProcessorComponent | undefined {
  const runtime = pipeline.input.runtime;
  const own = runtime.additionalMetrics;
  const arrives = (r: RuntimeResource) => collected.resources[r] || collected.additionalMetrics.some((m) => resourceOf(m) === r);
  const conditions: string[] = [];
  for (const resource of RUNTIME_RESOURCES) {
    if (runtime.resources[resource] || !arrives(resource)) continue;
    const keep = own.filter((m) => resourceOf(m) === resource);
    const keepClause = keep.length > 0 ? ` and not(${metricNameIn(keep)})` : '';
    conditions.push(`${isInput('runtime')} and IsMatch(${METRIC_NAME}, ${ottlString(RESOURCE_PATTERNS[resource])})${keepClause}`);
  }
  const delivered = new Set([...own, ...RUNTIME_RESOURCES.filter((r) => runtime.resources[r]).flatMap(resourceDefaults)]);
  const unwanted = collected.additionalMetrics.filter((m) => {
    const resource = resourceOf(m);
    // Metrics of a switched-off resource are dropped by that resource's condition already.
    return !delivered.has(m) && (resource === undefined || runtime.resources[resource]);
  });
  if (unwanted.length > 0) conditions.push(`${isInput('runtime')} and (${metricNameIn(unwanted)})`);
  if (conditions.length === 0) return undefined;
  return filterProcessor(`filter/${pipeline.name}-drop-runtime-metrics`, { metric: conditions });
}

export const runtimeInputFilters: InputFilterBuilder = (pipeline, context) => {
  const agent = agentData(pipeline, context);
  if (agent === undefined) return [];
  const input = pipeline.input.runtime;
  if (!input.enabled) return disabledInput('runtime', agent.runtime !== undefined);
  // Defined whenever some pipeline (this one) enables the input; the check only narrows the type.
  if (agent.runtime === undefined) return [];
  return defined([runtimeSelection(pipeline, agent.runtime), namespaceFilter(pipeline.name, 'runtime', input.namespaces)]);
};
