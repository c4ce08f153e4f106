/**
 * `spec.input.runtime.additionalMetrics` may only name metrics the runtime receivers can emit (Kyma's
 * allow-list): the receivers reject an unknown metric key and the agent would not start, for every pipeline.
 * Checked whether or not the runtime input is enabled, as Kyma's webhook does, so a typo never waits for the
 * day the input is switched on.
 */
import type { MetricPipeline } from '../api/model';
import { RUNTIME_ADDITIONAL_METRICS } from '../api/runtime-metric-catalog';
import { error, type Finding } from '../core/finding';

/** Kyma's message, pointing at this project's list instead of kyma-project.io. */
export function invalidAdditionalMetricMessage(metric: string): string {
  return `Invalid runtime additional metric: ${metric}. For the list of valid runtime additional metrics, check the metricpipeline-fn README, section "Runtime additional metrics"`;
}

export function validateRuntimeMetrics(pipeline: MetricPipeline): Finding[] {
  const known = new Set(RUNTIME_ADDITIONAL_METRICS);
  return pipeline.input.runtime.additionalMetrics.flatMap((metric, i) =>
    known.has(metric)
      ? []
      : [error('RuntimeAdditionalMetricInvalid', invalidAdditionalMetricMessage(metric), pipeline.ref, `spec.input.runtime.additionalMetrics[${i}]`)],
  );
}
