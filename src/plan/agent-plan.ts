/**
 * The metric agent's plan: which pipelines pull metrics and what the agent must collect for all of them.
 * The agent exports only to the gateway, so unlike the gateway plan it holds no endpoints or credentials.
 */
import type { Settings } from '../api/function-config';
import { RUNTIME_RESOURCES } from '../api/metricpipeline-codec';
import type { MetricPipeline, RuntimeResource } from '../api/model';
import { needsAgent } from '../contract/pull-inputs';
import type { AgentInputs, AgentPlan } from './types';

/** The union of what `pipelines` pull; undefined when none pulls anything (no agent). */
export function agentInputsOf(pipelines: readonly MetricPipeline[]): AgentInputs | undefined {
  const pulling = pipelines.filter(needsAgent);
  if (pulling.length === 0) return undefined;
  const istio = pulling.filter((p) => p.input.istio.enabled);
  const runtime = pulling.filter((p) => p.input.runtime.enabled);
  const inputs: AgentInputs = {
    prometheus: pulling.some((p) => p.input.prometheus.enabled),
    istio: istio.length > 0,
    envoy: istio.some((p) => p.input.istio.envoyMetrics),
  };
  if (runtime.length > 0) {
    const resources = Object.fromEntries(
      RUNTIME_RESOURCES.map((r) => [r, runtime.some((p) => p.input.runtime.resources[r])]),
    ) as Record<RuntimeResource, boolean>;
    const additionalMetrics = [...new Set(runtime.flatMap((p) => p.input.runtime.additionalMetrics))].sort();
    inputs.runtime = { resources, additionalMetrics };
  }
  return inputs;
}

/**
 * Undefined when no pipeline needs the agent: then no agent object is rendered at all. `pipelines` come in
 * name order (buildPlan sorts them once).
 */
export function buildAgentPlan(settings: Settings, pipelines: readonly MetricPipeline[]): AgentPlan | undefined {
  const inputs = agentInputsOf(pipelines);
  if (inputs === undefined) return undefined;
  return { settings, pipelines: pipelines.filter(needsAgent), inputs };
}
