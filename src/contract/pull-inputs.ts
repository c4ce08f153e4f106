/**
 * The pull inputs: the MetricPipeline inputs the metric agent collects. A pipeline with one of them enabled
 * needs the agent; the function renders the agent for it (src/plan, src/collector) and the status job
 * reports the agent's health and flow for it (src/status). Kyma's agent inputs, the same in v1alpha1 and
 * v1beta1: `spec.input.<name>.enabled`, default false.
 */

export const PULL_INPUTS = ['prometheus', 'istio', 'runtime'] as const;
export type PullInput = (typeof PULL_INPUTS)[number];

/** The part of a decoded pipeline's inputs that decides whether it pulls. */
export type PullInputSwitches = Readonly<Record<PullInput, { readonly enabled: boolean }>>;

/** For a decoded pipeline's inputs (the function's model). */
export function pullsMetrics(input: PullInputSwitches): boolean {
  return PULL_INPUTS.some((name) => input[name].enabled);
}

/** True when a decoded pipeline needs the metric agent (it pulls metrics rather than receiving them). */
export function needsAgent(pipeline: { readonly input: PullInputSwitches }): boolean {
  return pullsMetrics(pipeline.input);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * For a MetricPipeline `spec` as read from the cluster or a file, unvalidated: only an explicit
 * `enabled: true` counts, as the defaults are false.
 */
export function specPullsMetrics(spec: unknown): boolean {
  const input = isRecord(spec) ? spec['input'] : undefined;
  if (!isRecord(input)) return false;
  return PULL_INPUTS.some((name) => {
    const section = input[name];
    return isRecord(section) && section['enabled'] === true;
  });
}
