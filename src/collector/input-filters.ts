/**
 * Inputs and the per-pipeline filters that keep each MetricPipeline to the inputs and namespaces it asked
 * for. Data is marked with the internal resource attribute `kyma.input.name` where it enters; every
 * output pipeline receives all data and drops what is not its own, then removes the marker
 * (transform/drop-kyma-attributes) before export.
 */
import { INTERNAL_ATTRIBUTES } from '../constants';
import type { MetricPipeline, NamespaceSelector } from '../api/model';
import { filterProcessor, transformProcessor } from './components';
import { equalsAny, ottlString, resourceAttribute } from './ottl-expr';
import type { ProcessorComponent } from './types';

export type InputName = 'otlp' | 'prometheus' | 'istio' | 'runtime';

const INPUT_NAME = resourceAttribute(INTERNAL_ATTRIBUTES.inputName);
const NAMESPACE = resourceAttribute('k8s.namespace.name');

function isInput(input: InputName): string {
  return `${INPUT_NAME} == ${ottlString(input)}`;
}

export interface InputNameOptions {
  /**
   * Keep a marker set by an earlier collector. The gateway's OTLP receiver also receives what the metric
   * agent pushes, already marked prometheus/istio/runtime; overwriting that with "otlp" would apply the
   * OTLP input's settings to scraped data.
   */
  onlyWhereUnset: boolean;
}

/** `transform/set-kyma-input-name-<input>`: marks data entering through that input. */
export function setKymaInputName(input: InputName, options: InputNameOptions): ProcessorComponent {
  const statement = `set(${INPUT_NAME}, ${ottlString(input)})${options.onlyWhereUnset ? ` where ${INPUT_NAME} == nil` : ''}`;
  return transformProcessor(`transform/set-kyma-input-name-${input}`, [{ statements: [statement] }]);
}

/** `filter/drop-if-input-source-<input>`: for pipelines that did not enable the input. Shared by id. */
export function dropIfInputSource(input: InputName): ProcessorComponent {
  return filterProcessor(`filter/drop-if-input-source-${input}`, [{ conditions: [isInput(input)] }]);
}

/**
 * `filter/<pipeline>-filter-by-namespace-<input>-input`, or nothing when the selector is empty. Scoped to
 * the input so that one input's selector never drops another input's data. With `include`, data without a
 * namespace (e.g. node metrics) is kept, as in Kyma.
 */
export function namespaceFilter(
  pipelineName: string,
  input: InputName,
  selector: NamespaceSelector,
): ProcessorComponent | undefined {
  const conditions: string[] = [];
  if (selector.exclude !== undefined && selector.exclude.length > 0) {
    conditions.push(`${isInput(input)} and (${equalsAny(NAMESPACE, selector.exclude)})`);
  }
  if (selector.include !== undefined && selector.include.length > 0) {
    conditions.push(`${isInput(input)} and ${NAMESPACE} != nil and not(${equalsAny(NAMESPACE, selector.include)})`);
  }
  if (conditions.length === 0) return undefined;
  return filterProcessor(`filter/${pipelineName}-filter-by-namespace-${input}-input`, [{ conditions }]);
}

/** The processors one input contributes to one output pipeline, in pipeline order. */
export type InputFilterBuilder = (pipeline: MetricPipeline) => ProcessorComponent[];

export const otlpInputFilters: InputFilterBuilder = (pipeline) => {
  const otlp = pipeline.input.otlp;
  if (!otlp.enabled) return [dropIfInputSource('otlp')];
  const byNamespace = namespaceFilter(pipeline.name, 'otlp', otlp.namespaces);
  return byNamespace ? [byNamespace] : [];
};

/**
 * The input filters of a gateway output pipeline. Inputs the metric agent pulls (prometheus, istio,
 * runtime) add their builders here once the agent pushes to the gateway.
 */
export const GATEWAY_INPUT_FILTERS: readonly InputFilterBuilder[] = [otlpInputFilters];
