/**
 * The processor chain of one MetricPipeline's output pipeline in the gateway: input filters (which need the
 * internal attributes), then the internal attributes are dropped so that user transforms and filters and the
 * backend never see them, then the user's OTTL, temporality, batching.
 */
import type { MetricPipeline } from '../api/model';
import { batch, cumulativeToDelta, filterProcessor, transformProcessor } from './components';
import { GATEWAY_INPUT_FILTERS } from './gateway-input-filters';
import type { InputFilterContext } from './input-filters';
import type { OttlStatementGroup, ProcessorComponent } from './types';

/**
 * Anchored, unlike Kyma's "kyma.*" (which also deletes e.g. "mykyma.x"): only our internal markers go.
 * Written as an OTTL string literal body, so the regex `^kyma\.` needs its backslash escaped.
 */
export const KYMA_ATTRIBUTES_PATTERN = '^kyma\\\\.';

export function dropKymaAttributes(): ProcessorComponent {
  return transformProcessor('transform/drop-kyma-attributes', [
    { statements: [`delete_matching_keys(resource.attributes, "${KYMA_ATTRIBUTES_PATTERN}")`] },
  ]);
}

/** `transform/metricpipeline-user-defined-<name>` from `spec.transform`; groups without statements are skipped. */
export function userTransform(pipeline: MetricPipeline): ProcessorComponent[] {
  const groups: OttlStatementGroup[] = pipeline.transform
    .filter((t) => t.statements.length > 0)
    .map((t) => (t.conditions.length > 0 ? { statements: t.statements, conditions: t.conditions } : { statements: t.statements }));
  if (groups.length === 0) return [];
  return [transformProcessor(`transform/metricpipeline-user-defined-${pipeline.name}`, groups)];
}

/**
 * `filter/metricpipeline-user-defined-<name>` from `spec.filter`. Kyma evaluates the conditions on data points
 * (it renders them into the datapoint context), so a data point is dropped when any condition of any entry is
 * true; a metric or resource left without data points goes with it. Entries without conditions add nothing.
 */
export function userFilter(pipeline: MetricPipeline): ProcessorComponent[] {
  const conditions = pipeline.filter.flatMap((f) => f.conditions);
  if (conditions.length === 0) return [];
  return [filterProcessor(`filter/metricpipeline-user-defined-${pipeline.name}`, { datapoint: conditions })];
}

export function outputProcessors(pipeline: MetricPipeline, context: InputFilterContext): ProcessorComponent[] {
  return [
    ...GATEWAY_INPUT_FILTERS.flatMap((build) => build(pipeline, context)),
    dropKymaAttributes(),
    ...userTransform(pipeline),
    ...userFilter(pipeline),
    ...(pipeline.output.temporality === 'delta' ? [cumulativeToDelta()] : []),
    batch(),
  ];
}
