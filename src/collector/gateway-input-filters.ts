/**
 * The input filters of every gateway output pipeline, in pipeline order: OTLP first (always present), then
 * the inputs the metric agent pulls, which only contribute filters when the agent is rendered.
 */
import { otlpInputFilters, type InputFilterBuilder } from './input-filters';
import { istioInputFilters, prometheusInputFilters, runtimeInputFilters } from './pull-input-filters';

export const GATEWAY_INPUT_FILTERS: readonly InputFilterBuilder[] = [
  otlpInputFilters,
  prometheusInputFilters,
  istioInputFilters,
  runtimeInputFilters,
];
